"""Articles in other formats, JSON Lines and HTML pages, read as documents before cleaning."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from index.errors import CorpusError

HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
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


def read_document_file(path: Path) -> Collected:
    """Read the documents of one .jsonl or .html file (an HTML file holds one)."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        return read_jsonl(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            return Collected([extract_html(path.read_bytes(), source=str(path))])
        except (OSError, ValueError) as error:
            return Collected(failures=[Failure(str(path), failure_reason(error))])
    raise CorpusError(f"{path} is not a .jsonl or .html file")


def failure_reason(error: Exception) -> str:
    """Return why reading failed, without the path an OSError repeats."""
    return getattr(error, "strerror", None) or str(error)


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
