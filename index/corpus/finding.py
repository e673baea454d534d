"""Finding a corpus's article files, and the fingerprint of their contents."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from index.errors import CorpusError

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
DOCUMENT_SUFFIXES = (".jsonl", ".html", ".htm")
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
# A corpus: one folder (or article file), or several served together.
CorpusPaths: TypeAlias = Path | Sequence[Path]


@dataclass(frozen=True)
class ArticleFile:
    """An article file found in the corpus folder, with its id and content fingerprint."""

    id: str
    path: Path
    size: int
    mtime_ns: int


def seeds_folder() -> Path:
    """Return the seed articles citeqa ships: the installed package's copy, else the checkout's."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "seeds"  # where a wheel puts them (pyproject.toml maps seeds/ there)
    return installed if installed.is_dir() else package.parent / "seeds"


def corpus_paths(corpus: CorpusPaths) -> tuple[Path, ...]:
    """Return a corpus given as one path or several as a tuple of paths."""
    return (corpus,) if isinstance(corpus, Path) else tuple(corpus)


def describe_corpus(corpus: CorpusPaths) -> str:
    """Return a corpus's paths for messages: "A", or "A and B"."""
    return " and ".join(str(path) for path in corpus_paths(corpus))


def find_article_files(corpus: CorpusPaths) -> list[ArticleFile]:
    """List the article files of a corpus, sorted by id; raise CorpusError if there is none.

    Of several folders, each must exist and one may be empty; a file whose id an earlier
    folder already has is left out, with a warning in the log.
    """
    folders = corpus_paths(corpus)
    found: list[ArticleFile] = []
    for folder in folders:
        earlier = {item.id: item.path for item in found}
        for item in _listing(folder):
            if item.id in earlier:
                logger.warning("left out %s: %s has the same id", item.path, earlier[item.id])
                continue
            found.append(item)
    if not found:
        several = len(folders) > 1
        where = (
            f"folders {describe_corpus(folders)} have" if several else f"folder {folders[0]} has"
        )
        raise CorpusError(
            f"corpus {where} no .txt, .md, .jsonl or .html articles: "
            "add some (citeqa add) or pass --corpus DIR"
        )
    return sorted(found, key=lambda item: item.id)


def _listing(folder: Path) -> list[ArticleFile]:
    """List one folder's article files (or the one article file it is)."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist: pass --corpus DIR")
    if folder.is_file() and folder.name.endswith(ARTICLE_SUFFIXES):
        stat = folder.stat()
        return [ArticleFile(folder.stem, folder, stat.st_size, stat.st_mtime_ns)]
    if not folder.is_dir():
        raise CorpusError(
            f"corpus {folder} is not a folder or a .txt/.md/.jsonl/.html file: pass --corpus DIR"
        )
    return list(_walk(folder))


def _walk(folder: Path) -> Iterator[ArticleFile]:
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(ARTICLE_SUFFIXES):
                continue
            if name.endswith(SIDECAR_SUFFIXES):
                continue
            path = Path(root, name)
            relative = path.relative_to(folder).with_suffix("").as_posix()
            try:
                stat = path.stat()
            except OSError:
                # A dangling link or a file gone since the listing: reading it fails later,
                # once, with a warning naming it.
                yield ArticleFile(relative, path, -1, 0)
                continue
            yield ArticleFile(relative, path, stat.st_size, stat.st_mtime_ns)


def fingerprint(files: list[ArticleFile]) -> str:
    """Return a digest of the articles' contents and sidecars, for cache keys."""
    digest = hashlib.sha256()
    for item in files:
        digest.update(item.id.encode() + b"\0")
        for path in (item.path, *sidecar_files(item.path)):
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
            digest.update(b"\0")
    return digest.hexdigest()


def sidecar_files(path: Path) -> list[Path]:
    stem = path.with_suffix("")
    return [p for p in (Path(f"{stem}{s}") for s in SIDECAR_SUFFIXES) if p.is_file()]
