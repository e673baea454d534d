"""Bringing articles in: from files, folders and URLs, saved into a corpus once each."""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.corpus.documents import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    Collected,
    Document,
    Failure,
    extract_html,
    failure_reason,
    read_document_file,
    render_document,
)
from index.corpus.reading import decode_article, text_key

TEXT_SUFFIXES = (".txt", ".md")
MAX_PAGE_BYTES = 8 * 1024 * 1024
USER_AGENT = "citeqa (+https://github.com/citeqa)"
ADDED_FOLDER = "added"
_SLUG = re.compile(r"[^a-z0-9]+")


def fetch_url(url: str, timeout: float = 20.0) -> bytes:
    """Download a page (at most MAX_PAGE_BYTES); raise ValueError saying why it failed."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            page: bytes = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ValueError(f"the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise ValueError(f"it could not be fetched ({reason})") from error
    if len(page) > MAX_PAGE_BYTES:
        raise ValueError(f"the page is over {MAX_PAGE_BYTES // 2**20} MiB")
    return page


def is_url(source: str) -> bool:
    """Tell whether a source names an http(s) URL rather than a path."""
    return source.startswith(("http://", "https://"))


def collect_documents(sources: Iterable[str], timeout: float = 20.0) -> Collected:
    """Read every source: URLs, .jsonl, .html, .txt/.md files, and folders of them.

    Each source, or line of a .jsonl file, that gives no document is a failure saying why.
    """
    collected = Collected()
    for source in sources:
        if is_url(source):
            try:
                collected.documents.append(extract_html(fetch_url(source, timeout), source))
            except ValueError as error:
                collected.failures.append(Failure(source, str(error)))
            continue
        path = Path(source)
        if not path.exists():
            collected.failures.append(Failure(source, "no such file or folder"))
            continue
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        found = Collected()
        for item in paths:
            suffix = item.suffix.lower()
            if suffix in TEXT_SUFFIXES:
                try:
                    found.documents.append(_text_document(item))
                except (OSError, ValueError) as error:
                    found.failures.append(Failure(str(item), failure_reason(error)))
            elif suffix in JSONL_SUFFIXES + HTML_SUFFIXES:
                read = read_document_file(item)
                found.documents.extend(read.documents)
                found.failures.extend(read.failures)
            elif not path.is_dir():
                found.failures.append(
                    Failure(str(item), "use .txt, .md, .jsonl or .html files, or URLs")
                )
        if path.is_dir() and not found.documents and not found.failures:
            found.failures.append(Failure(source, "the folder has no .txt, .md, .jsonl or .html"))
        collected.documents.extend(found.documents)
        collected.failures.extend(found.failures)
    return collected


def _text_document(path: Path) -> Document:
    text, _ = decode_article(path.read_bytes())
    return Document(title="", text=text, source=str(path))


def slug(text: str, limit: int = 60) -> str:
    """Return a file-name-safe lower-case slug of a title."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", folded).strip("-")[:limit].strip("-") or "article"


def save_document(corpus: Path, document: Document, taken: set[str]) -> Path:
    """Write a document into `corpus/added/` under a name no other article has; return it."""
    folder = corpus / ADDED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    title = document.title or Path(document.source).stem
    base = "-".join(p for p in ((document.date or "")[:10], slug(title)) if p)
    name = base
    number = 1
    while name in taken or (folder / f"{name}.md").exists():
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    path = folder / f"{name}.md"
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(render_document(document), encoding="utf-8")
    staging.replace(path)
    return path


def normalise_url(url: str) -> str:
    """Return a URL as a duplicate key: no fragment, no trailing slash, lower-case host."""
    url = url.split("#", 1)[0].rstrip("/")
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}" + (f"/{path}" if path else "")


@dataclass
class Saved:
    """What adding documents to a corpus did: files written, duplicates skipped, failures."""

    paths: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def save_documents(
    corpus: Path, documents: Sequence[Document], known_urls: set[str], known_keys: dict[str, str]
) -> Saved:
    """Write each document not yet in the corpus (same URL or same text) into `corpus/added/`.

    The known sets are updated, so a document given twice is written once.
    """
    saved = Saved()
    taken: set[str] = set()
    for document in documents:
        url = normalise_url(document.url) if document.url else None
        if url is not None and url in known_urls:
            saved.duplicates.append(f"{document.source or url}: its URL is already in the corpus")
            continue
        text = render_document(document)
        key = text_key(text)
        if key is None:
            saved.failures.append(Failure(document.source, "it has no text left after cleaning"))
            continue
        if key in known_keys:
            saved.duplicates.append(f"{document.source}: same text as {known_keys[key]}")
            continue
        path = save_document(corpus, document, taken)
        known_keys[key] = str(path)
        if url is not None:
            known_urls.add(url)
        saved.paths.append(path)
    return saved
