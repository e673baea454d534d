"""Conversation: a chat's last turns, whether a question follows on, what that adds to hits."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from index.answering.question_types import QuestionType
from index.models import Hit, Sentence

_FOLLOW_UP_OPENERS = re.compile(
    r"^\s*(?:and|but|also|so|then|what about|how about|what else|anything else|tell me more|"
    r"more|else|why is that|why so|really|which one|and then)\b",
    re.IGNORECASE,
)
_REFERRING_WORDS = re.compile(
    r"\b(?:he|she|it|they|him|her|them|his|its|their|that|this|those|these|there|then|"
    r"the same|the other)\b",
    re.IGNORECASE,
)
FOLLOW_UP_MAX_TERMS = 3


@dataclass(frozen=True)
class Turn:
    """One answered question: its terms and the sentence positions given as answers."""

    question: str
    terms: tuple[str, ...]
    answered: tuple[int, ...]
    question_type: QuestionType = QuestionType.OTHER
    names: frozenset[str] = frozenset()
    """The terms of the names the question held ("trump" in "And with Trump?")."""
    future: bool = False
    """Whether the question asked about what is yet to come ("When will they meet?")."""


class Conversation:
    """The last few turns of one chat or REPL session; a front end holds one per user."""

    def __init__(self, max_turns: int = 4) -> None:
        self._turns: deque[Turn] = deque(maxlen=max_turns)

    @property
    def turns(self) -> tuple[Turn, ...]:
        """Return the remembered turns, oldest first."""
        return tuple(self._turns)

    @property
    def last(self) -> Turn | None:
        """Return the latest turn, if any."""
        return self._turns[-1] if self._turns else None

    def remember(self, turn: Turn) -> None:
        """Add a turn, forgetting the oldest past the limit."""
        self._turns.append(turn)

    def reset(self) -> None:
        """Forget every turn."""
        self._turns.clear()


_PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:(?:how|what|why|when|where|who|which|whom)\s+)?(?:\w+\s+)?(?:he|she|they)\b",
    re.IGNORECASE,
)


def has_pronoun_subject(question: str) -> bool:
    """Tell whether a question's subject is a bare "he", "she" or "they"."""
    return bool(_PRONOUN_SUBJECT.match(question))


_PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers|they|them|their)\b", re.IGNORECASE)


def points_at_someone(question: str) -> bool:
    """Tell whether a question points back at someone with a pronoun ("his place", "did she")."""
    return bool(_PERSONAL_PRONOUN.search(question))


def is_follow_up(question: str, terms: list[str]) -> bool:
    """Tell whether a question leans on the one before ("And the meeting with Trump?").

    A question whose subject is a bare "he", "she" or "they" ("How does he think Kim could use
    it?") names its subject in an earlier turn, however many words it has.
    """
    if _FOLLOW_UP_OPENERS.match(question):
        return True
    if not terms:
        return True
    if has_pronoun_subject(question):
        return True
    return len(terms) <= FOLLOW_UP_MAX_TERMS and bool(_REFERRING_WORDS.search(question))


def wants_more(question: str) -> bool:
    """Tell whether a follow-up asks for something not yet said ("What else did he say?")."""
    return bool(re.search(r"\b(?:else|more|other|another|besides)\b", question, re.IGNORECASE))


_CONTRAST_OPENER = re.compile(r"^\W*(?:and|what about|how about)\b", re.IGNORECASE)


def opens_on_contrast(question: str) -> bool:
    """Tell whether a follow-up sets something beside the last question ("And the meeting
    with Trump?", "What about Moon?")."""
    return bool(_CONTRAST_OPENER.match(question))


_ANSWER_REFERENCE = re.compile(r"\b(?:it|that|this|those|these)\b\W*$", re.IGNORECASE)


def asks_about_answer(question: str) -> bool:
    """Tell whether a follow-up asks about what was just said ("Did experts buy it?",
    "What did Pompeo say about that?"): it ends on a word standing for the last answer, so
    what the article says next is a likely reply."""
    return bool(_ANSWER_REFERENCE.search(question))


_BACK_REFERENCE = re.compile(
    r"^\W*(?:[A-Z]\w+\s+with\s+(?:that|this|these|those)|(?:That|This|These|Those)\s+\w+"
    r"|(?:It|He|She|They|But|So|Still|Yet|Then)\b)"
)


def refers_back(sentence: str) -> bool:
    """Tell whether a sentence opens on what the one before said ("Armed with that
    information, Kim might...", "That agreement was..."), so it goes on from it."""
    return bool(_BACK_REFERENCE.match(sentence))


_CONTRAST_OPENING = re.compile(r"^\W*(?:But|Yet|Still|However)\b")


def sentence_opens_on_contrast(sentence: str) -> bool:
    """Tell whether a sentence opens by setting itself against the one before ("But no one
    would confirm..."): it goes on from it, but not to explain it."""
    return bool(_CONTRAST_OPENING.match(sentence))


_BARE_QUESTION = re.compile(r"^\W*(?:why|how|how so|when|where|who)\W*$", re.IGNORECASE)


def points_back(question: str) -> bool:
    """Tell whether a follow-up points back at what was just said: with a pronoun or a
    demonstrative ("Who used it before him?", "Why travel that way?") or as a bare question
    word ("Why?")."""
    return bool(_REFERRING_WORDS.search(question) or _BARE_QUESTION.match(question))


def with_continuations(
    hits: list[Hit], said: set[int], sentences: Sequence[Sentence], share: float
) -> tuple[list[Hit], set[int]]:
    """Add the sentence after each one already given, at `share` of the best score, so
    "what else?" can go on; return the hits and the positions added."""
    present = {hit.position for hit in hits}
    floor = hits[0].score if hits else 1.0
    extra = [
        Hit(position + 1, floor * share)
        for position in sorted(said)
        if position + 1 not in present
        and position + 1 < len(sentences)
        and sentences[position + 1].article_id == sentences[position].article_id
    ]
    return hits + extra, {hit.position for hit in extra}


def with_local(hits: list[Hit], local: set[int]) -> list[Hit]:
    """Add the sentences around the last answer that the search missed, at the lowest score
    found: "Why?" shares no word with the sentence that says why."""
    present = {hit.position for hit in hits}
    floor = min((hit.score for hit in hits), default=1.0)
    return hits + [Hit(position, floor) for position in sorted(local - present)]
