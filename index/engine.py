"""The engine the front ends share: open a corpus (built or cached) and answer questions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.answers import Answerer, AnswerSettings
from index.bm25_backend import RankBM25Backend
from index.conversation import Conversation
from index.corpus import find_article_files, fingerprint, load_corpus
from index.errors import IndexFormatError
from index.expansion import SynonymTable
from index.models import Article, Reply
from index.question_types import sentence_features
from index.store import IndexData, cache_key, load_index, save_index
from index.text import Analyzer, AnalyzerSettings

logger = logging.getLogger(__name__)

FEATURES_VERSION = 2


@dataclass(frozen=True)
class EngineSettings:
    """How the index is built and searched; `index_settings()` is what the cache key covers."""

    analyzer: AnalyzerSettings = field(default_factory=AnalyzerSettings)
    bm25_variant: str = "plus"
    k1: float = 1.2
    b: float = 0.75
    delta: float | None = None
    synonyms: bool = True
    answer: AnswerSettings = field(default_factory=AnswerSettings)

    def index_settings(self) -> dict[str, Any]:
        """Return the settings that change what is stored in the index."""
        return {"analyzer": self.analyzer.as_dict(), "features": FEATURES_VERSION}


@dataclass(frozen=True)
class OpenResult:
    """How an engine came to be: from the cache or built, and what was skipped."""

    from_cache: bool
    cache_folder: Path | None
    warnings: tuple[str, ...]


def build_index(
    corpus: Path, analyzer: Analyzer, settings: EngineSettings
) -> tuple[IndexData, list[str]]:
    """Read, clean, split and analyse a corpus folder into index data and skip warnings."""
    loaded = load_corpus(corpus)
    terms = tuple(tuple(analyzer.terms(s.text)) for s in loaded.sentences)
    features = tuple(sentence_features(s.text) for s in loaded.sentences)
    data = IndexData(
        tuple(loaded.articles),
        tuple(loaded.sentences),
        terms,
        features,
        settings.index_settings(),
    )
    return data, loaded.warnings


class Engine:
    """A built index with its analyser and search backend, answering questions."""

    def __init__(
        self,
        data: IndexData,
        settings: EngineSettings | None = None,
        opened: OpenResult | None = None,
    ) -> None:
        self.settings = settings or EngineSettings()
        self.data = data
        self.opened = opened or OpenResult(False, None, ())
        self.analyzer = Analyzer(self.settings.analyzer)
        backend = RankBM25Backend(
            data.terms,
            self.settings.bm25_variant,
            self.settings.k1,
            self.settings.b,
            self.settings.delta,
        )
        synonyms = None
        if self.settings.synonyms:
            synonyms = SynonymTable.packaged(self.analyzer, self.settings.answer.synonym_weight)
        self.answerer = Answerer(data, backend, self.analyzer, synonyms, self.settings.answer)

    @classmethod
    def open(
        cls,
        corpus: Path,
        cache_dir: Path | None = None,
        engine: str = "auto",
        settings: EngineSettings | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> Engine:
        """Load the index of `corpus` from `cache_dir`, building and saving it when needed.

        A stale or unreadable cache is rebuilt; `warn` (default: the log) hears one line
        about it and one per skipped article.
        """
        settings = settings or EngineSettings()
        warn = warn or logger.warning
        files = find_article_files(corpus)
        index_settings = settings.index_settings()
        folder = None
        if cache_dir is not None:
            folder = cache_dir / cache_key(fingerprint(files), index_settings)
            if folder.exists():
                try:
                    data = load_index(folder, index_settings)
                    return cls(data, settings, OpenResult(True, folder, ()))
                except IndexFormatError as error:
                    warn(f"rebuilding the index: {error}")
        analyzer = Analyzer(settings.analyzer)
        data, warnings = build_index(corpus, analyzer, settings)
        for warning in warnings:
            warn(warning)
        if folder is not None:
            try:
                save_index(data, folder)
            except OSError as error:
                warn(
                    f"could not save the index to {folder} ({error.strerror or error}); "
                    "answering from memory"
                )
        return cls(data, settings, OpenResult(False, folder, tuple(warnings)))

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the articles served, in id order."""
        return self.data.articles

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer one question; with a conversation, follow-ups use the turns before."""
        return self.answerer.ask(question, conversation, top)
