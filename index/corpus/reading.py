"""Reading article files: decoded, described, cleaned and split, skipping what cannot be."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from index.corpus.cleaning import CleanedArticle, Line, clean_article
from index.corpus.documents import Failure, document_body, read_document_file
from index.corpus.finding import (
    DOCUMENT_SUFFIXES,
    ArticleFile,
    CorpusPaths,
    describe_corpus,
    find_article_files,
    sidecar_files,
)
from index.corpus.markdown_text import markdown_to_text
from index.errors import CorpusError
from index.models import Article, Sentence
from index.text.sentences import split_sentences

MAX_ARTICLE_BYTES = 8 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.DOTALL)
_METADATA_KEYS = ("title", "publisher", "author", "date", "url")


@dataclass
class Corpus:
    """The articles and sentences read from a folder, and a warning for each file skipped."""

    articles: list[Article] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode_article(data: bytes) -> tuple[str, str]:
    """Decode an article's bytes, UTF-8 else Windows-1252/Latin-1; return (text, encoding).

    Raise ValueError for a binary file.
    """
    if b"\0" in data[:8192]:
        raise ValueError("it looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def read_metadata(text: str, path: Path) -> tuple[dict[str, str], str]:
    """Split a front-matter block off the text and merge it with a sidecar file's fields."""
    metadata: dict[str, str] = {}
    for sidecar in sidecar_files(path):
        metadata.update(_metadata_fields(yaml.safe_load(sidecar.read_text(encoding="utf-8"))))
    match = _FRONT_MATTER.match(text)
    if match:
        metadata.update(_metadata_fields(yaml.safe_load(match.group("body"))))
        blank = re.sub(r"[^\n]", " ", match.group(0))
        text = blank + text[match.end() :]
    return metadata, text


def _metadata_fields(data: object) -> dict[str, str]:
    if not isinstance(data, dict):
        return {}
    return {
        key: str(value).strip()
        for key, value in data.items()
        if key in _METADATA_KEYS and value is not None and str(value).strip()
    }


def describe_article(
    item: ArticleFile, cleaned: CleanedArticle, metadata: dict[str, str]
) -> Article:
    """Build an Article from metadata first, then what the text says, else leave fields empty."""
    first_line = cleaned.lines[0].text if cleaned.lines else item.id
    return Article(
        id=item.id,
        title=metadata.get("title") or first_line,
        path=str(item.path),
        publisher=metadata.get("publisher") or cleaned.publisher,
        author=metadata.get("author") or cleaned.author,
        date=metadata.get("date") or cleaned.year,
        url=metadata.get("url"),
    )


def load_article(item: ArticleFile) -> tuple[Article, list[Sentence]]:
    """Read, clean and split one article; raise ValueError/OSError saying why it cannot be."""
    article, sentences, _ = read_article(item)
    return article, sentences


def read_article(item: ArticleFile) -> tuple[Article, list[Sentence], str]:
    """Read, clean and split one article; also return the encoding it was decoded from."""
    article, cleaned, encoding = clean_file(item)
    return article, split_sentences(item.id, cleaned.lines), encoding


def clean_file(item: ArticleFile) -> tuple[Article, CleanedArticle, str]:
    """Read and clean one .txt/.md article; raise ValueError/OSError saying why it cannot be.

    A .md article is read as the text its Markdown shows, so sentence offsets are into that.
    """
    if item.size > MAX_ARTICLE_BYTES:
        raise ValueError(
            f"it is {item.size / 1e6:.0f} MB, over the {MAX_ARTICLE_BYTES // 2**20} MiB limit "
            "for one article: split it into articles"
        )
    text, encoding = decode_article(item.path.read_bytes())
    metadata, text = read_metadata(text, item.path)
    if item.path.suffix == ".md":
        text = markdown_to_text(text)
    cleaned = clean_article(text)
    if not cleaned.lines:
        raise ValueError("it has no text left after cleaning")
    return describe_article(item, cleaned, metadata), cleaned, encoding


def article_key(lines: Sequence[Line]) -> str:
    """Return the duplicate key of an article: a digest of its cleaned text, spaces folded."""
    text = " ".join(" ".join(line.text.split()) for line in lines)
    return hashlib.sha256(text.encode()).hexdigest()


def text_key(text: str, suffix: str = ".md") -> str | None:
    """Return the duplicate key the corpus would give an article file's text (None if empty).

    `suffix` is the file's: `citeqa add` saves articles as .md, whose Markdown is rendered.
    """
    match = _FRONT_MATTER.match(text)
    if match:
        text = re.sub(r"[^\n]", " ", match.group(0)) + text[match.end() :]
    if suffix == ".md":
        text = markdown_to_text(text)
    cleaned = clean_article(text)
    return article_key(cleaned.lines) if cleaned.lines else None


def clean_source(item: ArticleFile) -> tuple[list[tuple[Article, CleanedArticle]], list[str]]:
    """Read and clean the articles of one corpus file (a .jsonl file holds many)."""
    if not item.path.name.endswith(DOCUMENT_SUFFIXES):
        try:
            article, cleaned, encoding = clean_file(item)
        except (OSError, ValueError, yaml.YAMLError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            return [], [f"skipped {item.path}: {reason}"]
        warnings = []
        if encoding not in ("utf-8-sig", "utf-8"):
            warnings.append(f"read {item.path} as {encoding}: it is not valid UTF-8")
        return [(article, cleaned)], warnings
    try:
        collected = read_document_file(item.path)
    except (OSError, ValueError) as error:
        return [], [f"skipped {item.path}: {getattr(error, 'strerror', None) or error}"]
    articles = []
    many = len(collected.documents) > 1 or item.path.suffix == ".jsonl"
    for number, document in enumerate(collected.documents, start=1):
        cleaned = clean_article(document_body(document))
        if not cleaned.lines:
            collected.failures.append(Failure(document.source, "no text left after cleaning"))
            continue
        article = describe_article(item, cleaned, document.metadata())
        if many:
            article = replace(article, id=f"{item.id}/{number}")
        articles.append((article, cleaned))
    return articles, collected.warnings


def read_source(
    item: ArticleFile,
) -> tuple[list[tuple[Article, list[Sentence], str]], list[str]]:
    """Read the articles of one corpus file: each with its sentences and duplicate key."""
    cleaned, warnings = clean_source(item)
    articles = [
        (article, split_sentences(article.id, lines.lines), article_key(lines.lines))
        for article, lines in cleaned
    ]
    return articles, warnings


def source_keys(files: Sequence[ArticleFile]) -> dict[str, str]:
    """Return the duplicate key of every readable article in the files -> its id."""
    keys: dict[str, str] = {}
    for item in files:
        for article, cleaned in clean_source(item)[0]:
            keys.setdefault(article_key(cleaned.lines), article.id)
    return keys


def load_corpus(folder: CorpusPaths, files: list[ArticleFile] | None = None) -> Corpus:
    """Read every article of a corpus; a file that cannot be read is skipped with a warning."""
    files = find_article_files(folder) if files is None else files
    corpus = Corpus()
    seen: dict[str, str] = {}
    for item in files:
        articles, warnings = read_source(item)
        corpus.warnings.extend(warnings)
        for article, sentences, key in articles:
            if key in seen:
                corpus.warnings.append(f"skipped {article.path}: same text as {seen[key]}")
                continue
            seen[key] = article.id
            corpus.articles.append(article)
            corpus.sentences.extend(sentences)
    if not corpus.articles:
        raise CorpusError(
            f"no readable article in {describe_corpus(folder)}: " + "; ".join(corpus.warnings)
        )
    return corpus
