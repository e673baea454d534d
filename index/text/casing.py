"""Case: a question typed all in lower case gets back the capitals its articles write."""

# People type "when did kim meet trump" as often as "When did Kim meet Trump?"; answering
# reads capitals as names (a name no article holds is a question about something else; a
# follow-up of names asks the same of someone new) and "US" as the country, not "us". A word
# the articles write with a capital wherever it stands mid-sentence is given its capital back;
# one they never hold, the capital English text gives it, if it always does ("vladimir").

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from cachetools import LRUCache

from index.text.sentences import capitalised_in_english

SAMPLE = 8
"""Sentences read per word: enough to see how the articles write it, few enough to be cheap."""
MIN_SEEN = 2
"""Mid-sentence uses needed before the articles' way of writing a word is taken."""
CAPITAL_SHARE = 0.8
"""Share of those uses written with a capital for the word to take one: "kim" does in the
seeds; "times" would only where "the Times" outnumbers "at times" (0.95 measured the same,
0.5 lost two lower-cased SQuAD questions)."""

# A word, its possessive apart: "kim's" is "kim" and "'s".
_WORD = re.compile(r"(?<![\w.'\u2019-])([a-z](?:[a-z-]*[a-z])?)(['\u2019]s)?\b")
# Letters with dots ("u.s.", "u.n."), but not "e.g." or "i.e.".
_DOTTED = re.compile(r"\b(?!e\.g\.|i\.e\.)(?:[a-z]\.){2,}")
_SENTENCE_START = re.compile(r"^\W*")
_KEPT = 4096
"""Words whose way of writing is kept; the least recently asked are learnt again."""


def typed_in_lower_case(question: str) -> bool:
    """Tell whether a question has letters and no capital past its first character (a phone
    capitalises the first for the writer)."""
    return any(ch.isalpha() for ch in question) and not any(ch.isupper() for ch in question[1:])


class ArticleCasing:
    """How the articles write words mid-sentence, learnt per word when first asked and kept.

    `terms_of` gives a text's index terms; `texts_holding(term, n)` up to n sentences that
    hold a term. The articles must not change while it is used.
    """

    def __init__(
        self,
        terms_of: Callable[[str], Sequence[str]],
        texts_holding: Callable[[str, int], Sequence[str]],
    ) -> None:
        self._terms_of = terms_of
        self._texts_holding = texts_holding
        self._written: LRUCache[str, str] = LRUCache(_KEPT)

    def restore(self, question: str) -> str:
        """Return a question typed in lower case with each word written as the articles write
        it (`written`), and dotted letters ("u.s.") as an acronym; any other question is
        returned as it is."""
        if not typed_in_lower_case(question):
            return question
        question = _DOTTED.sub(lambda match: match.group().upper(), question)
        return _WORD.sub(lambda match: self.written(match[1]) + (match[2] or ""), question)

    def written(self, word: str) -> str:
        """Return a lower-case word as the articles write it mid-sentence, when at least
        MIN_SEEN uses and a CAPITAL_SHARE of them agree; else the word as it is."""
        found = self._written.get(word)
        if found is None:
            found = self._written[word] = self._learn(word)
        return found

    def _learn(self, word: str) -> str:
        # The capitalised word's term may differ from the upper-case one's ("Us", "US").
        forms = (word.capitalize(), word.upper())
        terms = {term for form in forms for term in self._terms_of(form)[:1]}
        uses = Counter[str]()
        for term in sorted(terms):
            for text in self._texts_holding(term, SAMPLE):
                uses.update(_mid_sentence_forms(word, text))
        seen = sum(uses.values())
        if seen == 0 and capitalised_in_english(word):
            # The articles never write it mid-sentence: "vladimir" is a name all the same.
            return word.capitalize()
        capitals = {form: count for form, count in uses.items() if form != word}
        if seen < MIN_SEEN or sum(capitals.values()) < CAPITAL_SHARE * seen:
            return word
        return max(capitals, key=lambda form: (capitals[form], form))


def _mid_sentence_forms(word: str, text: str) -> list[str]:
    """Return how a sentence writes a word wherever it does not open the sentence."""
    opening = _SENTENCE_START.match(text)
    start = opening.end() if opening else 0
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    return [found.group() for found in pattern.finditer(text) if found.start() > start]
