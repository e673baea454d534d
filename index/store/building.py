"""Building a corpus's index data: its articles read, cleaned, split and analysed."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

from index.corpus.finding import ArticleFile, CorpusPaths, describe_corpus, find_article_files
from index.errors import CorpusError
from index.store.analysis import AnalysedArticle, analyse_files, first_of_each_text
from index.store.cache import IndexData
from index.text.analyzer import Analyzer

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
    Analysis stays in this process: the engine may be serving a bot's threads.
    """
    files = find_article_files(corpus) if files is None else files
    kept: list[AnalysedArticle] = []
    warnings: list[str] = []
    keys: dict[str, str] = {}
    for result in analyse_files(files, analyzer.settings, workers=1):
        warnings.extend(result.warnings)
        first, skipped = first_of_each_text(result.articles, keys)
        kept.extend(first)
        warnings.extend(skipped)
    if not kept:
        raise CorpusError(
            f"no readable article in {describe_corpus(corpus)}: " + "; ".join(warnings)
        )
    data = IndexData(
        tuple(item.article for item in kept),
        tuple(sentence for item in kept for sentence in item.sentences),
        tuple(terms for item in kept for terms in item.terms),
        tuple(features for item in kept for features in item.features),
        index_settings,
    )
    return data, warnings
