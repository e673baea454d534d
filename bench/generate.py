"""A deterministic synthetic news corpus: Zipfian words in news-like sentences, with questions."""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.text.analyzer import load_stopwords

logger = logging.getLogger(__name__)

_ONSETS = (
    "b",
    "br",
    "c",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "sh",
    "st",
    "t",
    "tr",
    "v",
    "w",
    "z",
)
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
_CODAS = ("", "", "n", "r", "s", "l", "m", "nd", "st", "rk", "t")
_VERBS = (
    "said",
    "announced",
    "rejected",
    "approved",
    "criticised",
    "signed",
    "visited",
    "proposed",
    "warned",
    "reported",
    "blocked",
    "confirmed",
    "denied",
    "launched",
    "investigated",
    "praised",
    "cancelled",
    "funded",
    "accused",
    "met",
)
_BASE_VERBS = (
    "say",
    "announce",
    "reject",
    "approve",
    "criticise",
    "sign",
    "visit",
    "propose",
    "warn",
    "report",
    "block",
    "confirm",
    "deny",
    "launch",
    "fund",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PUBLISHERS = ("Daily Ledger", "Morning Post", "Wire Service", "City Herald", "Evening Star")
_TEMPLATES = (
    "{P} {v} the {n} {n} in {L} on {d}, according to {O}.",
    "The {a} {n} of {O} {v} {k} {n} {n} last {d}.",
    '"The {n} {n} is {a} for {L}," {P} told reporters in {L}.',
    "{O} {v} a {a} {n} {n} worth {k} million dollars in {m} {y}.",
    "In {y}, {P} {v} {P} about the {n} {n} and the {a} {n} {n}.",
    "Officials in {L} {v} that {k} {n} had {v} the {n} near the {a} {n}.",
    "{P}, the {n} of {O}, {v} the {a} {n} during a {n} {n} in {L}.",
    "The {n} {n} {v} by {O} {v} {a} {n} across {L} and {L}.",
    "After the {n} in {m}, {P} {v} the {n} {n} of {O}.",
    "Critics {v} the {a} {n} {n}, saying it would {n} the {n} {n} of {L}.",
)
_QUESTIONS = (
    ("P", "Who {v} the {n} {n} in {L}?"),
    ("d", "When did {P} visit {L} about the {n} {n}?"),
    ("k", "How many {n} {n} did {O} report?"),
    ("L", "Where did {P} sign the {n} {n}?"),
    ("n", "What did {O} {b} in {y}?"),
    ("P", "Which {n} of {O} {v} the {a} {n}?"),
    ("n", "Why did {P} {b} the {a} {n} {n}?"),
)


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article, in the JSON Lines shape citeqa ingests."""

    title: str
    text: str
    url: str
    date: str
    publisher: str


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + (
        rng.choice(_CODAS)
    )


def _reserved() -> frozenset[str]:
    """Words the templates and stopword list use, which invented words must not collide with."""
    text = " ".join((*_TEMPLATES, *(q for _, q in _QUESTIONS), *_VERBS, *_BASE_VERBS))
    return load_stopwords() | frozenset(re.findall(r"[a-z]+", text.lower()))


def _vocabulary(rng: random.Random, size: int, syllables: tuple[int, int]) -> list[str]:
    reserved = _reserved()
    words: dict[str, None] = {}
    while len(words) < size:
        word = _word(rng, rng.randint(*syllables))
        if word not in reserved:
            words[word] = None
    return list(words)


class _Zipf:
    """Draws words of a list by the Zipf-Mandelbrot law (rank r weighs 1/(r + q)^s).

    q = 30 puts the commonest noun at ~0.6% of noun tokens, as "time" is in English text.
    """

    def __init__(
        self, words: list[str], rng: np.random.Generator, s: float = 1.1, q: float = 30.0
    ) -> None:
        weights = 1.0 / (np.arange(1, len(words) + 1) + q) ** s
        self._cumulative = np.cumsum(weights / weights.sum())
        self._words = words
        self._rng = rng
        self._buffer: list[int] = []

    def __call__(self) -> str:
        if not self._buffer:
            draws = self._rng.random(4096)
            self._buffer = np.searchsorted(self._cumulative, draws).tolist()
        return self._words[min(self._buffer.pop(), len(self._words) - 1)]


class CorpusGenerator:
    """Deterministic news-like articles for a seed: the same seed gives the same corpus."""

    def __init__(self, seed: int = 7, vocabulary_seed: int = 7) -> None:
        rng = random.Random(vocabulary_seed)
        nprng = np.random.default_rng(seed)
        nouns = _vocabulary(rng, 40_000, (1, 3))
        adjectives = _vocabulary(rng, 4_000, (2, 3))
        first = [w.capitalize() for w in _vocabulary(rng, 3_000, (1, 2))]
        last = [w.capitalize() for w in _vocabulary(rng, 8_000, (2, 3))]
        places = [w.capitalize() for w in _vocabulary(rng, 5_000, (2, 3))]
        orgs = [
            f"the {w.capitalize()} {rng.choice(('Ministry', 'Council', 'Group', 'Agency'))}"
            for w in _vocabulary(rng, 3_000, (2, 3))
        ]
        self._draw = {
            "n": _Zipf(nouns, nprng),
            "a": _Zipf(adjectives, nprng),
            "L": _Zipf(places, nprng),
            "O": _Zipf(orgs, nprng),
            "v": _Zipf(list(_VERBS), nprng, 1.0, 2.0),
        }
        self._first = _Zipf(first, nprng)
        self._last = _Zipf(last, nprng)
        self._rng = random.Random(seed)

    def _fill(self, key: str) -> str:
        if key == "P":
            return f"{self._first()} {self._last()}"
        if key == "d":
            return self._rng.choice(_WEEKDAYS)
        if key == "m":
            return self._rng.choice(_MONTHS)
        if key == "y":
            return str(self._rng.randint(1990, 2025))
        if key == "b":
            return self._rng.choice(_BASE_VERBS)
        if key == "k":
            return str(self._rng.randint(2, 999))
        return self._draw[key]()

    def _render(self, template: str) -> str:
        pieces = template.split("{")
        out = [pieces[0]]
        for piece in pieces[1:]:
            key, rest = piece.split("}", 1)
            out.append(self._fill(key) + rest)
        text = "".join(out)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        """Return one news-like sentence."""
        return self._render(self._rng.choice(_TEMPLATES))

    def articles(self, sentences: int) -> Iterator[SyntheticArticle]:
        """Yield articles until they hold about `sentences` sentences in all."""
        made = number = 0
        while made < sentences:
            count = min(self._rng.randint(8, 32), sentences - made)
            paragraphs: list[list[str]] = [[]]
            for _ in range(count):
                if paragraphs[-1] and self._rng.random() < 0.3:
                    paragraphs.append([])
                paragraphs[-1].append(self.sentence())
            title = f"{self._fill('P')} and the {self._fill('n')} of {self._fill('L')}"
            year = self._rng.randint(2015, 2025)
            yield SyntheticArticle(
                title=title,
                text="\n\n".join(" ".join(p) for p in paragraphs),
                url=f"https://news.example/{year}/{number:07d}",
                date=f"{year}-{self._rng.randint(1, 12):02d}-{self._rng.randint(1, 28):02d}",
                publisher=self._rng.choice(_PUBLISHERS),
            )
            made += count
            number += 1

    def question(self) -> str:
        """Return one natural question in the corpus's vocabulary."""
        _, template = self._rng.choice(_QUESTIONS)
        return self._render(template)


def write_corpus(path: Path, sentences: int, seed: int = 7) -> int:
    """Write a JSON Lines corpus of about `sentences` sentences; return the article count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for article in CorpusGenerator(seed).articles(sentences):
            out.write(json.dumps(article.__dict__, ensure_ascii=False) + "\n")
            count += 1
    return count


def make_questions(count: int, seed: int = 11) -> list[str]:
    """Return `count` deterministic natural questions over the generated vocabulary."""
    generator = CorpusGenerator(seed)
    return [generator.question() for _ in range(count)]
