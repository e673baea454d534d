"""The engine the front ends share: open a corpus (built or cached) and answer questions."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.answering.answers import Answerer
from index.answering.baseline import BaselineAnswerer
from index.answering.conversation import Conversation
from index.answering.settings import AnswerSettings
from index.corpus.finding import ArticleFile, CorpusPaths, find_article_files, fingerprint
from index.corpus.reading import source_keys
from index.errors import BackendError, IndexFormatError
from index.models import Article, Reply
from index.search.backend import SearchBackend
from index.search.bm25_backend import RankBM25Backend
from index.search.naive import NaiveBackend
from index.semantic import HybridRanker, HybridSettings, SentenceVectors
from index.semantic.opening import open_vectors
from index.store.building import build_fingerprint, build_index
from index.store.cache import (
    IndexData,
    cache_key,
    corpus_location,
    library_folder,
    load_index,
    save_index,
)
from index.text.analyzer import Analyzer, AnalyzerSettings
from index.text.expansion import SynonymTable

logger = logging.getLogger(__name__)


if TYPE_CHECKING:
    from index.store.updates import ProgressFactory


# Every engine a front end may name; naive is the plain BM25 baseline (index.search.naive).
ENGINES = ("auto", "rank-bm25", "tantivy", "sphinxql", "naive")
# auto serves corpora over ~50,000 sentences (about 150 bytes each) with tantivy.
AUTO_TANTIVY_BYTES = 50_000 * 150


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
    ranker: str = "hybrid"
    hybrid: HybridSettings = field(default_factory=HybridSettings)

    def index_settings(self) -> dict[str, Any]:
        """Return the settings that change what is stored in the index."""
        return {"analyzer": self.analyzer.as_dict(), "build": build_fingerprint()}


@dataclass(frozen=True)
class OpenResult:
    """How an engine came to be: from the cache or built, and what was skipped."""

    from_cache: bool
    cache_folder: Path | None
    warnings: tuple[str, ...]
    backend: str = "rank-bm25"
    added: int = 0
    ranker: str = "lexical"
    model: str | None = None


class Engine:
    """A built index with its analyser and search backend, answering questions."""

    def __init__(
        self,
        data: IndexData,
        settings: EngineSettings | None = None,
        opened: OpenResult | None = None,
        backend: SearchBackend | None = None,
        vectors: SentenceVectors | None = None,
    ) -> None:
        self.settings = settings or EngineSettings()
        self.data = data
        self.opened = opened or OpenResult(False, None, ())
        self.analyzer = Analyzer(self.settings.analyzer)
        if backend is None:
            backend = RankBM25Backend(
                data.terms,
                self.settings.bm25_variant,
                self.settings.k1,
                self.settings.b,
                self.settings.delta,
            )
        self.backend = backend
        self.opened = replace(self.opened, backend=backend.name)
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self._keys: dict[str, str] | None = None
        self.vectors = vectors
        self.answerer: Answerer | BaselineAnswerer
        if isinstance(backend, NaiveBackend):
            self.answerer = BaselineAnswerer(data, backend)
            return
        synonyms = None
        if self.settings.synonyms:
            answer = self.settings.answer
            synonyms = SynonymTable.packaged(
                self.analyzer, answer.synonym_weight, answer.phrase_weight
            )
        ranker = None
        if vectors is not None:
            ranker = HybridRanker(vectors, self.settings.hybrid)
            self.opened = replace(self.opened, ranker="hybrid", model=vectors.encoder.identity)
        self.answerer = Answerer(
            data, backend, self.analyzer, synonyms, self.settings.answer, ranker
        )

    @classmethod
    def open(
        cls,
        corpus: CorpusPaths,
        cache_dir: Path | None = None,
        engine: str = "auto",
        settings: EngineSettings | None = None,
        warn: Callable[[str], None] | None = None,
        progress: ProgressFactory | None = None,
        sphinx_url: str | None = None,
    ) -> Engine:
        """Load the index of `corpus` from `cache_dir`, building and saving it when needed.

        `corpus` is a folder (or article file), or several folders served as one corpus.

        `engine` is rank-bm25, tantivy, or auto (tantivy for corpora over ~50,000 sentences);
        naive is the plain BM25 baseline over the same sentences, with no ranker or checks.
        A stale or unreadable cache is rebuilt; `warn` (default: the log) hears one line about
        it and one per skipped article; `progress` makes progress bars for long builds.
        sphinxql searches the Sphinx/Manticore index at `sphinx_url` (README.md, "Past one
        machine"), loading the corpus into it if it lacks it.
        """
        settings = settings or EngineSettings()
        warn = warn or logger.warning
        if engine not in ENGINES:
            raise BackendError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
        files = find_article_files(corpus)
        if engine == "tantivy" or (engine == "auto" and _wants_tantivy(files)):
            return cls._open_library(corpus, cache_dir, settings, warn, progress)
        index_settings = settings.index_settings()
        folder = None
        if cache_dir is not None:
            # The folders are part of the key: the index stores the articles' paths.
            corpus_key = fingerprint(files) + str(corpus_location(corpus))
            folder = cache_dir / cache_key(corpus_key, index_settings)
            if folder.exists():
                try:
                    data = load_index(folder, index_settings)
                    backend = _backend(data, settings, sphinx_url, engine)
                    vectors = _vectors(data, settings, engine, cache_dir, warn, progress)
                    opened = OpenResult(True, folder, ())
                    return cls(data, settings, opened, backend, vectors)
                except IndexFormatError as error:
                    warn(f"rebuilding the index: {error}")
        analyzer = Analyzer(settings.analyzer)
        data, warnings = build_index(corpus, analyzer, settings.index_settings(), files)
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
        backend = _backend(data, settings, sphinx_url, engine)
        vectors = _vectors(data, settings, engine, cache_dir, warn, progress)
        opened = OpenResult(False, folder, tuple(warnings))
        return cls(data, settings, opened, backend, vectors)

    @classmethod
    def _open_library(
        cls,
        corpus: CorpusPaths,
        cache_dir: Path | None,
        settings: EngineSettings,
        warn: Callable[[str], None],
        progress: ProgressFactory | None,
    ) -> Engine:
        keep: tempfile.TemporaryDirectory[str] | None = None
        if cache_dir is None:
            keep = tempfile.TemporaryDirectory(prefix="citeqa-")
            cache_dir = Path(keep.name)
        index_settings = settings.index_settings()
        # tantivy is imported only when a corpus is served with it (it costs start-up time).
        from index.store.library import open_backend
        from index.store.updates import open_library

        folder = library_folder(cache_dir, corpus, index_settings)
        state = open_library(corpus, folder, settings.analyzer, index_settings, warn, progress)
        backend = open_backend(
            folder,
            state.manifest,
            variant=settings.bm25_variant,
            k1=settings.k1,
            b=settings.b,
            delta=settings.delta,
            terms=state.data.terms,
        )
        opened = OpenResult(state.from_cache, folder, state.warnings, backend.name, state.added)
        vectors = open_vectors(state.data.sentences, settings.ranker, cache_dir, warn, progress)
        engine = cls(state.data, settings, opened, backend, vectors)
        engine._temporary = keep
        engine._keys = dict(state.manifest.keys)
        return engine

    def article_keys(self, corpus: CorpusPaths) -> dict[str, str]:
        """Return the duplicate key (see `corpus.article_key`) of each article served -> its id.

        A tantivy index keeps them; otherwise the corpus files are read again.
        """
        if self._keys is None:
            self._keys = source_keys(find_article_files(corpus))
        return self._keys

    def embed_vectors(self, progress: ProgressFactory | None = None) -> int:
        """Embed every sentence the vector store lacks; return how many were embedded."""
        if self.vectors is None:
            return 0
        step = progress("embedding sentences", len(self.data.sentences)) if progress else None
        return self.vectors.embed_all(step)

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the articles served, in id order."""
        return self.data.articles

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer one question; with a conversation, follow-ups use the turns before."""
        return self.answerer.ask(question, conversation, top)


def _wants_tantivy(files: list[ArticleFile]) -> bool:
    """Tell whether auto should serve a corpus with tantivy: by its size alone, so one
    `--engine tantivy` run does not change what auto serves afterwards."""
    return sum(item.size for item in files) > AUTO_TANTIVY_BYTES


def _vectors(
    data: IndexData,
    settings: EngineSettings,
    engine: str,
    cache_dir: Path | None,
    warn: Callable[[str], None],
    progress: ProgressFactory | None,
) -> SentenceVectors | None:
    """Return the sentence vectors of the hybrid ranker, which the naive baseline goes without."""
    if engine == "naive":
        return None
    return open_vectors(data.sentences, settings.ranker, cache_dir, warn, progress)


def _backend(
    data: IndexData, settings: EngineSettings, url: str | None, engine: str
) -> SearchBackend | None:
    """Return the naive or sphinxql backend when one is chosen (None: the default backend)."""
    if engine == "naive":
        return NaiveBackend([sentence.text for sentence in data.sentences])
    if engine != "sphinxql":
        return None
    if not url:
        raise BackendError(
            "the sphinxql engine needs --sphinx-url mysql://HOST:PORT/INDEX (or CITEQA_SPHINX_URL)"
        )
    from index.search.sphinx_backend import SphinxBackend

    return SphinxBackend(
        url,
        data.terms,
        data.sentences,
        settings.bm25_variant,
        settings.k1,
        settings.b,
        settings.delta,
    )
