"""The records that travel between modules: articles, sentences, hits, answers and replies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class Article:
    """One article of the corpus, with what is known of where it comes from."""

    id: str
    title: str
    path: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its place in it.

    ``paragraph`` and ``sentence`` count from 1 within the article (``sentence`` runs
    through the whole article); ``start``/``end`` are character offsets into the article's
    cleaned text.
    """

    article_id: str
    paragraph: int
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    """A sentence position in the index and the score the search backend gave it."""

    position: int
    score: float


class Ranked(NamedTuple):
    """A sentence position as a ranking orders it: by score, best first, then by position."""

    score: float
    position: int


@dataclass(frozen=True)
class Answer:
    """One answering sentence, cited, with its neighbours as context.

    ``sentence`` counts through the whole article, ``sentence_in_paragraph`` from 1 within
    the paragraph (None when whoever built the answer did not know it). ``matched_spans``
    are the (start, end) character offsets in ``text`` of the words whose terms matched.
    """

    text: str
    score: float
    article: Article
    paragraph: int
    sentence: int
    before: str = ""
    after: str = ""
    matched_terms: tuple[str, ...] = ()
    sentence_in_paragraph: int | None = None
    matched_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Reply:
    """What the engine says to one question: answers best first, or an abstention.

    ``notice`` is a short message for the user when there is nothing to search for
    (an empty question, say); it is ``None`` for ordinary questions. ``searched`` is the
    question as searched when a misspelt word in it was corrected, else ``None``.
    """

    question: str
    abstained: bool
    answers: tuple[Answer, ...] = field(default_factory=tuple)
    notice: str | None = None
    searched: str | None = None


def same_paragraph(sentences: Sequence[Sentence], position: int, other: int) -> bool:
    """Tell whether another position is a sentence of the same article and paragraph."""
    return (
        0 <= other < len(sentences)
        and sentences[other].article_id == sentences[position].article_id
        and sentences[other].paragraph == sentences[position].paragraph
    )


def sentence_in_paragraph(sentences: Sequence[Sentence], position: int) -> int:
    """Return the number of the sentence at a position within its paragraph, from 1."""
    number = 1
    while same_paragraph(sentences, position, position - number):
        number += 1
    return number
