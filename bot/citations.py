"""What a citation says (publisher, title, date, place in the article, link) and its plain text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from index.models import Answer, Article

PartKind = Literal["publisher", "title", "date", "again", "place"]
SAME_ARTICLE = "same article"


class Part(NamedTuple):
    """One part of a citation as plain text, and which part it is, for a front end to mark up;
    the title carries the article's link when known."""

    kind: PartKind
    text: str
    link: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where a sentence, or a whole article, comes from.

    `paragraph` is None for an article as a whole (a list of sources); `sentence` counts
    within the paragraph, None when unknown. `again` is for an article already cited in the
    same reply: its title and date are not repeated.
    """

    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    paragraph: int | None = None
    sentence: int | None = None
    again: bool = False

    def parts(self) -> list[Part]:
        """Return the parts to show, in order: publisher, title and date (or "same article"),
        then the place in the article; what is unknown is left out."""
        parts = [Part("publisher", self.publisher)] if self.publisher else []
        if self.again:
            parts.append(Part("again", SAME_ARTICLE))
        else:
            parts.append(Part("title", self.title, self.url))
            if self.date:
                parts.append(Part("date", self.date))
        if self.paragraph is not None:
            parts.append(Part("place", place(self.paragraph, self.sentence)))
        return parts


def cite_article(article: Article) -> Citation:
    """Return the citation of an article as a whole."""
    return Citation(
        title=article.title, publisher=article.publisher, date=article.date, url=article.url
    )


def cite_answer(answer: Answer, again: bool = False) -> Citation:
    """Return the citation of an answer: its article and where in it the sentence stands.

    `again` is for an article already cited in the same reply.
    """
    article = answer.article
    return Citation(
        title=article.title,
        publisher=article.publisher,
        date=article.date,
        url=article.url,
        paragraph=answer.paragraph,
        sentence=answer.sentence_in_paragraph,
        again=again,
    )


def place(paragraph: int, sentence: int | None = None) -> str:
    """Return where in its article a sentence is: the paragraph, and the sentence within it."""
    if sentence is None:
        return f"paragraph {paragraph}"
    return f"paragraph {paragraph}, sentence {sentence}"


def quote(title: str) -> str:
    """Put a title (plain text or markup) between curly quotes."""
    return f"\u201c{title}\u201d"


def plain_part(part: Part) -> str:
    """Return a part as plain text: the title quoted (its link left out), the rest as it is."""
    return quote(part.text) if part.kind == "title" else part.text


def render_citation(citation: Citation, mark: Callable[[Part], str] = plain_part) -> str:
    """Return a citation on one line, its parts joined by commas; `mark` renders each part
    (plain text by default, a front end's markup otherwise)."""
    return ", ".join(mark(part) for part in citation.parts())
