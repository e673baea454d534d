"""Corpus files to analysed articles (sentences, terms, features), on several processes."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from index.corpus.finding import ArticleFile
from index.corpus.reading import read_source
from index.models import Article, Sentence
from index.text.analyzer import Analyzer, AnalyzerSettings
from index.text.features import sentence_features

logger = logging.getLogger(__name__)

PARALLEL_MIN_BYTES = 2**20
_BATCH_BYTES = 2**20


class AnalysedArticle(NamedTuple):
    """One article ready to index: its sentences with their terms and answer features."""

    article: Article
    key: str
    sentences: tuple[Sentence, ...]
    terms: tuple[tuple[str, ...], ...]
    features: tuple[int, ...]


class SourceResult(NamedTuple):
    """What one corpus file gave: its analysed articles and the warnings about it."""

    articles: list[AnalysedArticle]
    warnings: list[str]


def analyse_file(item: ArticleFile, analyzer: Analyzer) -> SourceResult:
    """Read, clean, split and analyse the articles of one corpus file."""
    articles, warnings = read_source(item)
    analysed = [
        AnalysedArticle(
            article,
            key,
            tuple(sentences),
            tuple(tuple(analyzer.terms(s.text)) for s in sentences),
            tuple(sentence_features(s.text) for s in sentences),
        )
        for article, sentences, key in articles
    ]
    return SourceResult(analysed, warnings)


def first_of_each_text(
    analysed: Iterable[AnalysedArticle], keys: dict[str, str]
) -> tuple[list[AnalysedArticle], list[str]]:
    """Keep the first article of each text (`keys`: text key -> id, updated); warn of the rest."""
    kept: list[AnalysedArticle] = []
    warnings: list[str] = []
    for item in analysed:
        if item.key in keys:
            warnings.append(f"skipped {item.article.path}: same text as {keys[item.key]}")
            continue
        keys[item.key] = item.article.id
        kept.append(item)
    return kept, warnings


def _analyse_batch(batch: list[ArticleFile], settings: AnalyzerSettings) -> list[SourceResult]:
    analyzer = Analyzer(settings)
    return [analyse_file(item, analyzer) for item in batch]


def _batches(files: Sequence[ArticleFile]) -> Iterator[list[ArticleFile]]:
    batch: list[ArticleFile] = []
    size = 0
    for item in files:
        batch.append(item)
        size += item.size
        if size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def analyse_files(
    files: Sequence[ArticleFile],
    settings: AnalyzerSettings,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[SourceResult]:
    """Yield each file's analysed articles, in order; big inputs use `workers` processes.

    A big .jsonl file is analysed by one process; split it to use more. `progress` hears
    the bytes of input done.
    """
    total = sum(item.size for item in files)
    workers = workers or multiprocessing.cpu_count()
    if workers <= 1 or total < PARALLEL_MIN_BYTES or len(files) < 2:
        analyzer = Analyzer(settings)
        for item in files:
            yield analyse_file(item, analyzer)
            if progress is not None:
                progress(item.size)
        return
    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        batches = list(_batches(files))
        futures = [pool.submit(_analyse_batch, batch, settings) for batch in batches]
        for batch, future in zip(batches, futures, strict=True):
            yield from future.result()
            if progress is not None:
                progress(sum(item.size for item in batch))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
