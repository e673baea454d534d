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
from typing import NamedTuple

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
# The titles web servers give the pages listing a folder's files (Python, Apache, nginx).
_LISTING_TITLE = re.compile(r"^\s*(directory listing for|index of)\b", re.IGNORECASE)


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


class Failure(NamedTuple):
    """A source, or a line of one, that gave no article, and why."""

    source: str
    reason: str


@dataclass
class Collected:
    """The documents read from some sources, and one failure per source or line that gave none."""

    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Return one line per failure, as the corpus reader warns: "skipped SOURCE: REASON"."""
        return [f"skipped {source}: {reason}" for source, reason in self.failures]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def read_jsonl(path: Path) -> Collected:
    """Read `{"title","text","url","date","publisher"}` objects, one a line; skip bad lines.

    A file that cannot be read, or holds no record at all, is one failure.
    """
    collected = Collected()
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    read = _record(line, f"{path}:{number}")
                    if isinstance(read, Document):
                        collected.documents.append(read)
                    else:
                        collected.failures.append(Failure(f"{path} line {number}", read))
    except OSError as error:
        collected.failures.append(Failure(str(path), error.strerror or str(error)))
    if not collected.documents and not collected.failures:
        collected.failures.append(
            Failure(str(path), 'it holds no records (one JSON object a line, with a "text")')
        )
    return collected


def _record(line: str, source: str) -> Document | str:
    """Return the document one JSON Lines line holds, or why it holds none."""
    try:
        record = json.loads(line)
    except ValueError as error:
        return f"not JSON ({error})"
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or not text.strip():
        return 'it has no "text"'
    return Document(
        title=_text(record.get("title")) or "",
        text=text,
        url=_text(record.get("url")),
        date=_text(record.get("date")),
        publisher=_text(record.get("publisher")),
        author=_text(record.get("author")),
        source=source,
    )


def extract_html(page: bytes | str, url: str | None = None, source: str = "") -> Document:
    """Extract an HTML page's main text and metadata with trafilatura; ValueError if none."""
    import trafilatura

    result = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_tables=False)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise ValueError("trafilatura found no article text in it")
    title = _text(getattr(result, "title", None)) or ""
    if _is_link_list(page, title, text):
        raise ValueError("it is a list of links (a web server's folder listing?), not an article")
    return Document(
        title=title,
        text=text,
        url=url or _text(getattr(result, "url", None)),
        date=_text(getattr(result, "date", None)),
        publisher=_text(getattr(result, "sitename", None)),
        author=_text(getattr(result, "author", None)),
        source=source or url or "",
    )


def _is_link_list(page: bytes | str, title: str, text: str) -> bool:
    """Tell whether a page is an index of links, such as a web server's folder listing: its
    title says so, or every line of its text but the title is the text of a link."""
    import lxml.html
    from lxml.etree import ParserError

    if _LISTING_TITLE.match(title):
        return True
    try:
        tree = lxml.html.fromstring(page.encode("utf-8") if isinstance(page, str) else page)
    except (ParserError, ValueError):
        return False
    links = {" ".join(link.text_content().split()) for link in tree.iter("a")}
    lines = [" ".join(line.split()).lstrip("-*\u2022 ") for line in text.splitlines()]
    lines = [line for line in lines if line and line != title]
    return bool(lines) and all(line in links for line in lines)


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
            return Collected(failures=[Failure(str(path), _reason(error))])
    raise CorpusError(f"{path} is not a .jsonl or .html file")


def _reason(error: Exception) -> str:
    """Return why reading failed, without the path an OSError repeats."""
    return getattr(error, "strerror", None) or str(error)


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
                    found.failures.append(Failure(str(item), _reason(error)))
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
