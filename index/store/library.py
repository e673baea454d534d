"""The large-corpus index folder: column store + tantivy, updated in place as articles arrive."""

# A folder holds `manifest.json` (the only file a reader trusts), `articles.jsonl`, the column
# files and `tantivy/`. An update appends past the lengths the manifest records, commits
# tantivy, then replaces the manifest: a crash at any point leaves the old index usable, and
# the next update cuts off what the crashed one left.

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.corpus.finding import ArticleFile
from index.errors import IndexFormatError
from index.models import Article, Sentence
from index.search.tantivy_backend import TantivyBackend, write_documents
from index.store.analysis import AnalysedArticle, first_of_each_text
from index.store.cache import IndexData
from index.store.columns import COLUMN_FILES, ColumnRows, append_rows, open_columns
from index.store.folders import staged_folder

logger = logging.getLogger(__name__)

LIBRARY_FORMAT = 1
MANIFEST = "manifest.json"
ARTICLES = "articles.jsonl"
SEARCH = "tantivy"


@dataclass(frozen=True)
class SourceState:
    """A corpus file as the index last saw it: id, size, mtime and content digest."""

    id: str
    size: int
    mtime_ns: int
    digest: str


@dataclass
class Manifest:
    """What a library folder holds; written last, so it never names half-written data."""

    settings: dict[str, Any]
    sentences: int = 0
    articles: int = 0
    lengths: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMN_FILES, 0))
    articles_bytes: int = 0
    sources: list[SourceState] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    tokens: int = 0


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes (with its sidecars, as the corpus fingerprint)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_state(item: ArticleFile) -> SourceState:
    """Describe a corpus file as the manifest records it."""
    return SourceState(item.id, item.size, item.mtime_ns, file_digest(item.path))


def read_manifest(folder: Path, settings: dict[str, Any]) -> Manifest:
    """Read a library's manifest; raise IndexFormatError if missing, corrupt or built otherwise."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != LIBRARY_FORMAT:
            raise IndexFormatError(f"index in {folder} has format {data.get('format')}")
        if data.get("settings") != settings:
            raise IndexFormatError(f"index in {folder} was built with other settings")
        return Manifest(
            settings=data["settings"],
            sentences=int(data["sentences"]),
            articles=int(data["articles"]),
            lengths={name: int(data["lengths"][name]) for name in COLUMN_FILES},
            articles_bytes=int(data["articles_bytes"]),
            sources=[SourceState(*row) for row in data["sources"]],
            keys=dict(data["keys"]),
            tokens=int(data["tokens"]),
        )
    except IndexFormatError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise IndexFormatError(f"index in {folder} cannot be read ({error})") from error


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically (write, fsync, rename)."""
    payload = asdict(manifest)
    payload["sources"] = [list(asdict(s).values()) for s in manifest.sources]
    text = json.dumps({"format": LIBRARY_FORMAT, **payload}, ensure_ascii=False)
    staging = folder / f".{MANIFEST}.tmp"
    with staging.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, folder / MANIFEST)


def _append_articles(folder: Path, manifest: Manifest, articles: Sequence[Article]) -> int:
    lines = "".join(json.dumps(asdict(a), ensure_ascii=False) + "\n" for a in articles)
    with (folder / ARTICLES).open("a+b") as handle:
        handle.truncate(manifest.articles_bytes)
        handle.seek(manifest.articles_bytes)
        handle.write(lines.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    return manifest.articles_bytes + len(lines.encode("utf-8"))


def append_articles(
    folder: Path,
    manifest: Manifest,
    analysed: Iterable[AnalysedArticle],
    sources: Sequence[SourceState],
    progress: Callable[[int], None] | None = None,
) -> tuple[Manifest, list[str]]:
    """Add articles (duplicates by text skipped) and their sources; return the new manifest.

    Nothing a reader sees changes until the manifest is replaced at the very end.
    """
    articles: list[Article] = []
    numbers: list[int] = []
    rows_sentences: list[Sentence] = []
    rows_terms: list[tuple[str, ...]] = []
    rows_features: list[int] = []
    keys = dict(manifest.keys)
    kept, warnings = first_of_each_text(analysed, keys)
    for item in kept:
        number = manifest.articles + len(articles)
        articles.append(item.article)
        numbers.extend([number] * len(item.sentences))
        rows_sentences.extend(item.sentences)
        rows_terms.extend(item.terms)
        rows_features.extend(item.features)
    rows = ColumnRows(numbers, rows_sentences, rows_terms, rows_features)
    lengths = append_rows(folder, manifest.lengths, rows)
    articles_bytes = _append_articles(folder, manifest, articles)
    write_documents(
        folder / SEARCH, manifest.sentences, (" ".join(t) for t in rows_terms), progress
    )
    updated = Manifest(
        settings=manifest.settings,
        sentences=manifest.sentences + len(rows_sentences),
        articles=manifest.articles + len(articles),
        lengths=lengths,
        articles_bytes=articles_bytes,
        sources=_merge_sources(manifest.sources, sources),
        keys=keys,
        tokens=manifest.tokens + sum(len(terms) for terms in rows_terms),
    )
    write_manifest(folder, updated)
    return updated, warnings


def _merge_sources(old: Sequence[SourceState], new: Sequence[SourceState]) -> list[SourceState]:
    merged = {s.id: s for s in old}
    merged.update((s.id, s) for s in new)
    return sorted(merged.values(), key=lambda s: s.id)


def create_library(
    folder: Path,
    settings: dict[str, Any],
    analysed: Iterable[AnalysedArticle],
    sources: Sequence[SourceState],
    progress: Callable[[int], None] | None = None,
) -> tuple[Manifest, list[str]]:
    """Build a library in a staging folder and move it into place only when complete."""
    with staged_folder(folder) as staging:
        manifest, warnings = append_articles(
            staging, Manifest(settings), analysed, sources, progress
        )
    return manifest, warnings


def load_library(folder: Path, manifest: Manifest) -> IndexData:
    """Open a library's articles and lazily-read sentences, terms and features."""
    try:
        with (folder / ARTICLES).open("rb") as handle:
            blob = handle.read(manifest.articles_bytes)
        articles = tuple(Article(**json.loads(line)) for line in blob.splitlines())
    except (OSError, ValueError, TypeError) as error:
        raise IndexFormatError(f"index in {folder} cannot be read ({error})") from error
    if len(articles) != manifest.articles:
        raise IndexFormatError(f"index in {folder} is incomplete: rebuild it")
    ids = [a.id for a in articles]
    sentences, terms, features = open_columns(folder, manifest.lengths, manifest.sentences, ids)
    return IndexData(articles, sentences, terms, features, manifest.settings)


def open_backend(folder: Path, manifest: Manifest, **options: Any) -> TantivyBackend:
    """Open the library's tantivy index as a search backend over its committed sentences."""
    return TantivyBackend(folder / SEARCH, manifest.sentences, tokens=manifest.tokens, **options)
