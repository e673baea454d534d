"""Articles from where they live: JSON Lines, saved HTML pages and URLs, saved into a corpus."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index.errors import CorpusError

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
TEXT_SUFFIXES = (".txt", ".md")
MAX_PAGE_BYTES = 8 * 1024 * 1024
USER_AGENT = "citeqa (+https://github.com/citeqa)"
ADDED_FOLDER = "added"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Document:
    """One article as extracted from its source, before cleaning and splitting."""

    title: str
    text: str
    url: str | None = None
    date: str | None = None
    publisher: str | None = None
    author: str | None = None
    source: str = ""

    def metadata(self) -> dict[str, str]:
        """Return the citation fields that are set: title, publisher, author, date, url."""
        fields = {
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "date": self.date,
            "url": self.url,
        }
        return {key: value for key, value in fields.items() if value}


@dataclass
class Collected:
    """The documents read from some sources, and one warning per source or line skipped."""

    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def read_jsonl(path: Path) -> Collected:
    """Read `{"title","text","url","date","publisher"}` objects, one a line; skip bad lines."""
    collected = Collected()
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                collected.warnings.append(f"skipped {path} line {number}: not JSON ({error})")
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or not text.strip():
                collected.warnings.append(f'skipped {path} line {number}: it has no "text"')
                continue
            collected.documents.append(
                Document(
                    title=_text(record.get("title")) or "",
                    text=text,
                    url=_text(record.get("url")),
                    date=_text(record.get("date")),
                    publisher=_text(record.get("publisher")),
                    author=_text(record.get("author")),
                    source=f"{path}:{number}",
                )
            )
    return collected


def extract_html(page: bytes | str, url: str | None = None, source: str = "") -> Document:
    """Extract an HTML page's main text and metadata with trafilatura; ValueError if none."""
    import trafilatura

    result = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_tables=False)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise ValueError("trafilatura found no article text in it")
    return Document(
        title=_text(getattr(result, "title", None)) or "",
        text=text,
        url=url or _text(getattr(result, "url", None)),
        date=_text(getattr(result, "date", None)),
        publisher=_text(getattr(result, "sitename", None)),
        author=_text(getattr(result, "author", None)),
        source=source or url or "",
    )


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


def read_document_file(path: Path) -> Collected:
    """Read the documents of one .jsonl or .html file (an HTML file holds one)."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        return read_jsonl(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            return Collected([extract_html(path.read_bytes(), source=str(path))])
        except (OSError, ValueError) as error:
            return Collected(warnings=[f"skipped {path}: {error}"])
    raise CorpusError(f"{path} is not a .jsonl or .html file")


def collect_documents(sources: Iterable[str], timeout: float = 20.0) -> Collected:
    """Read every source: URLs, .jsonl, .html, .txt/.md files, and folders of them."""
    collected = Collected()
    for source in sources:
        if is_url(source):
            try:
                collected.documents.append(extract_html(fetch_url(source, timeout), source))
            except ValueError as error:
                collected.warnings.append(f"skipped {source}: {error}")
            continue
        path = Path(source)
        if not path.exists():
            collected.warnings.append(f"skipped {source}: no such file or folder")
            continue
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for item in paths:
            suffix = item.suffix.lower()
            if suffix in TEXT_SUFFIXES:
                try:
                    collected.documents.append(_text_document(item))
                except (OSError, ValueError) as error:
                    collected.warnings.append(f"skipped {item}: {error}")
            elif suffix in JSONL_SUFFIXES + HTML_SUFFIXES:
                found = read_document_file(item)
                collected.documents.extend(found.documents)
                collected.warnings.extend(found.warnings)
            elif not path.is_dir():
                collected.warnings.append(
                    f"skipped {item}: use .txt, .md, .jsonl or .html files, or URLs"
                )
    return collected


def _text_document(path: Path) -> Document:
    from index.corpus import decode_article

    text, _ = decode_article(path.read_bytes())
    return Document(title="", text=text, source=str(path))


def slug(text: str, limit: int = 60) -> str:
    """Return a file-name-safe lower-case slug of a title."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", folded).strip("-")[:limit].strip("-") or "article"


def render_document(document: Document) -> str:
    """Return a document as a corpus article: YAML front matter, the title, then the text."""
    metadata = document.metadata()
    if not metadata:
        return document.text
    front = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{document_body(document)}\n"


def document_body(document: Document) -> str:
    """Return the article text as the corpus reads it: the title first (once), then the text."""
    text = document.text.strip()
    if not document.title or text.split("\n", 1)[0].strip() == document.title:
        return text
    return f"{document.title}\n\n{text}"


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
    """What adding documents to a corpus did: files written, duplicates skipped."""

    paths: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def save_documents(
    corpus: Path, documents: Sequence[Document], known_urls: set[str], known_keys: dict[str, str]
) -> Saved:
    """Write each document not yet in the corpus (same URL or same text) into `corpus/added/`.

    The known sets are updated, so a document given twice is written once.
    """
    from index.corpus import text_key

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
            saved.duplicates.append(f"{document.source}: it has no text left after cleaning")
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
