"""Building a corpus's index data: its articles read, cleaned, split and analysed."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

from index.corpus.finding import ArticleFile, CorpusPaths
from index.corpus.reading import load_corpus
from index.store.cache import IndexData
from index.text.analyzer import Analyzer
from index.text.features import sentence_features

# The code and data that turn article files into stored sentences, terms and answer features.
# An index built by other versions of them is stale; their hash is part of the cache key, so
# changing a cleaning rule or a feature pattern cannot serve an index built the old way.
BUILD_SOURCES = (
    "corpus/finding.py",
    "corpus/reading.py",
    "corpus/cleaning.py",
    "corpus/markdown_text.py",
    "text/sentences.py",
    "text/analyzer.py",
    "text/features.py",
    "corpus/documents.py",
    "store/analysis.py",
    "data/stopwords.txt",
)


@cache
def build_fingerprint() -> str:
    """Return a short hash of BUILD_SOURCES as installed."""
    digest = hashlib.sha256()
    for name in BUILD_SOURCES:
        digest.update(resources.files("index").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def build_index(
    corpus: CorpusPaths,
    analyzer: Analyzer,
    index_settings: dict[str, Any],
    files: list[ArticleFile] | None = None,
) -> tuple[IndexData, list[str]]:
    """Read, clean, split and analyse a corpus's folders into index data and skip warnings.

    `files` is the folders' listing when the caller has one (they are not walked again).
    """
    loaded = load_corpus(corpus, files)
    terms = tuple(tuple(analyzer.terms(s.text)) for s in loaded.sentences)
    features = tuple(sentence_features(s.text) for s in loaded.sentences)
    data = IndexData(
        tuple(loaded.articles),
        tuple(loaded.sentences),
        terms,
        features,
        index_settings,
    )
    return data, loaded.warnings
