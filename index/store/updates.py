"""Keeping a large-corpus index in step with its corpus: load it, add what is new, or rebuild."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index.corpus.finding import ArticleFile, CorpusPaths, describe_corpus, find_article_files
from index.errors import CorpusError, IndexFormatError
from index.store.analysis import AnalysedArticle, analyse_files
from index.store.cache import IndexData
from index.store.library import (
    Manifest,
    SourceState,
    append_articles,
    create_library,
    file_digest,
    load_library,
    read_manifest,
    source_state,
    write_manifest,
)
from index.text.analyzer import AnalyzerSettings

logger = logging.getLogger(__name__)

# Given a label and a total, returns what to call with each step done.
ProgressFactory = Callable[[str, int], Callable[[int], None]]


@dataclass(frozen=True)
class SourceChanges:
    """How the corpus folder differs from what an index holds."""

    unchanged: tuple[SourceState, ...]
    new: tuple[ArticleFile, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class LibraryState:
    """An opened large-corpus index, how it got there and what was skipped."""

    data: IndexData
    folder: Path
    manifest: Manifest
    from_cache: bool
    added: int
    warnings: tuple[str, ...]


def compare_sources(known: Sequence[SourceState], files: Sequence[ArticleFile]) -> SourceChanges:
    """Sort the corpus files into unchanged, new and changed; a file is re-read only if its
    size or mtime moved."""
    by_id = {state.id: state for state in known}
    unchanged: list[SourceState] = []
    new: list[ArticleFile] = []
    changed: list[str] = []
    for item in files:
        state = by_id.pop(item.id, None)
        if state is None:
            new.append(item)
        elif (state.size, state.mtime_ns) == (item.size, item.mtime_ns):
            unchanged.append(state)
        elif state.size == item.size and file_digest(item.path) == state.digest:
            unchanged.append(replace(state, mtime_ns=item.mtime_ns))
        else:
            changed.append(item.id)
    return SourceChanges(tuple(unchanged), tuple(new), tuple(changed), tuple(sorted(by_id)))


def _analysed(
    files: Sequence[ArticleFile],
    analyzer: AnalyzerSettings,
    warnings: list[str],
    progress: ProgressFactory | None,
) -> list[AnalysedArticle]:
    step = progress("reading articles", sum(f.size for f in files)) if progress else None
    analysed: list[AnalysedArticle] = []
    for result in analyse_files(files, analyzer, progress=step):
        analysed.extend(result.articles)
        warnings.extend(result.warnings)
    return analysed


def _indexing(progress: ProgressFactory | None, count: int) -> Callable[[int], None] | None:
    return progress("indexing sentences", count) if progress else None


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold the index's write lock, waiting while another process updates it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with folder.with_name(folder.name + ".lock").open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def open_library(
    corpus: CorpusPaths,
    folder: Path,
    analyzer: AnalyzerSettings,
    settings: dict[str, Any],
    warn: Callable[[str], None],
    progress: ProgressFactory | None = None,
) -> LibraryState:
    """Open the index of `corpus` in `folder`: add new files in place, rebuild if any changed."""
    files = find_article_files(corpus)
    try:
        manifest = read_manifest(folder, settings)
        changes = compare_sources(manifest.sources, files)
        if changes.unchanged == tuple(manifest.sources) and not changes.new:
            return _loaded(folder, manifest, True, 0, [], warn)
    except IndexFormatError:
        pass
    with writing(folder):
        return _update(corpus, files, folder, analyzer, settings, warn, progress)


def _update(
    corpus: CorpusPaths,
    files: list[ArticleFile],
    folder: Path,
    analyzer: AnalyzerSettings,
    settings: dict[str, Any],
    warn: Callable[[str], None],
    progress: ProgressFactory | None,
) -> LibraryState:
    """Bring the index up to date with the files; the caller holds the write lock."""
    warnings: list[str] = []
    manifest: Manifest | None = None
    if (folder / "manifest.json").exists():
        try:
            manifest = read_manifest(folder, settings)
        except IndexFormatError as error:
            warn(f"rebuilding the index: {error}")
    if manifest is not None:
        changes = compare_sources(manifest.sources, files)
        if changes.changed or changes.removed:
            named = ", ".join((changes.changed + changes.removed)[:3])
            warn(f"rebuilding the index: articles changed or were removed ({named})")
            manifest = None
    if manifest is None:
        analysed = _analysed(files, analyzer, warnings, progress)
        if not analysed:
            raise CorpusError(
                f"no readable article in {describe_corpus(corpus)}: " + "; ".join(warnings)
            )
        count = sum(len(a.sentences) for a in analysed)
        states = [source_state(item) for item in files]
        manifest, skipped = create_library(
            folder, settings, analysed, states, _indexing(progress, count)
        )
        warnings.extend(skipped)
        return _loaded(folder, manifest, False, manifest.articles, warnings, warn)
    added = 0
    if changes.new:
        analysed = _analysed(changes.new, analyzer, warnings, progress)
        count = sum(len(a.sentences) for a in analysed)
        before = manifest.articles
        states = [source_state(item) for item in changes.new]
        manifest = replace(manifest, sources=list(changes.unchanged))
        manifest, skipped = append_articles(
            folder, manifest, analysed, states, _indexing(progress, count)
        )
        warnings.extend(skipped)
        added = manifest.articles - before
    elif list(changes.unchanged) != manifest.sources:
        manifest = replace(manifest, sources=list(changes.unchanged))
        write_manifest(folder, manifest)
    return _loaded(folder, manifest, not changes.new, added, warnings, warn)


def _loaded(
    folder: Path,
    manifest: Manifest,
    from_cache: bool,
    added: int,
    warnings: list[str],
    warn: Callable[[str], None],
) -> LibraryState:
    for warning in warnings:
        warn(warning)
    data = load_library(folder, manifest)
    return LibraryState(data, folder, manifest, from_cache, added, tuple(warnings))
