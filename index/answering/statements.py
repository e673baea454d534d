"""Whether a sentence states something an answer can give: not a headline, fragment or echo."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import overload

from index.models import Article, Ranked, Sentence

MIN_WORDS = 4
_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """Return the lower-cased words of a text."""
    return _WORD.findall(text.lower())


def states_something(
    sentence: Sentence, titles: Mapping[str, str], asked: frozenset[str] = frozenset()
) -> bool:
    """Tell whether a sentence states a fact: it is not its article's title line, has at least
    MIN_WORDS words, and says something beyond the question's own words (`asked`)."""
    words = words_of(sentence.text)
    if len(words) < MIN_WORDS or " ".join(words) == titles.get(sentence.article_id):
        return False
    return not asked or not set(words) <= asked


def folded_titles(articles: Sequence[Article]) -> dict[str, str]:
    """Return each article's title as `states_something` compares it, by article id."""
    return {a.id: " ".join(words_of(a.title)) for a in articles}


def statements_first(
    ranked: Sequence[Ranked],
    sentences: Sequence[Sentence],
    titles: Mapping[str, str],
    asked: frozenset[str],
) -> Sequence[Ranked]:
    """Move headlines, fragments and echoes of the question after every sentence that states
    something, keeping each group's order."""
    return StatementOrder(ranked, sentences, titles, asked)


class StatementOrder(Sequence[Ranked]):
    """Ranked sentences with those that state something first, checked as they are read.

    An answer reads the first few: checking all the candidates would read each one's text,
    which in a big corpus means a read from disk apiece. The first n items are those of a
    full check once n stating sentences are found, or all are checked.
    """

    def __init__(
        self,
        ranked: Sequence[Ranked],
        sentences: Sequence[Sentence],
        titles: Mapping[str, str],
        asked: frozenset[str],
    ) -> None:
        self._unchecked = iter(ranked)
        self._length = len(ranked)
        self._sentences = sentences
        self._titles = titles
        self._asked = asked
        self._stating: list[Ranked] = []
        self._later: list[Ranked] = []

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | Sequence[Ranked]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"rank {index} is past the {self._length} candidates")
        while len(self._stating) <= index and self._check_next():
            pass
        if index < len(self._stating):
            return self._stating[index]
        return self._later[index - len(self._stating)]

    def _check_next(self) -> bool:
        """Sort the next unchecked candidate into its group; False when none is left."""
        item = next(self._unchecked, None)
        if item is None:
            return False
        sentence = self._sentences[item[1]]
        stating = states_something(sentence, self._titles, self._asked)
        (self._stating if stating else self._later).append(item)
        return True
