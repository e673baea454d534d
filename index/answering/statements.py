"""Whether a sentence states something an answer can give: not a headline, fragment or echo."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

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
    ranked: list[Ranked],
    sentences: Sequence[Sentence],
    titles: Mapping[str, str],
    asked: frozenset[str],
) -> list[Ranked]:
    """Move headlines, fragments and echoes of the question after every sentence that states
    something, keeping each group's order."""
    stating = [item for item in ranked if states_something(sentences[item[1]], titles, asked)]
    if len(stating) == len(ranked):
        return ranked
    kept = {position for _, position in stating}
    return stating + [item for item in ranked if item[1] not in kept]
