"""Spelling: a question word no sentence holds, corrected to one a sentence holds."""

# Spelling: a question word no sentence holds, corrected to a word one edit away that the
# index does hold ("Bejing" is "Beijing", "Pompao" is "Pompeo").

from __future__ import annotations

import re
from collections.abc import Callable

from index.text.english import zipf

MIN_LETTERS = 5
"""Shorter words have too many neighbours one edit away to guess from ("Kim", "him")."""
REAL_WORD_ZIPF = 3.0
"""A word used once in a million words of English or more is taken as meant ("reacting",
"Vietnamese"), even if the articles do not use it; misspellings are rarer ("recieve" 2.75)."""
MAX_TRIES = 8
"""Words tried per question at most: each costs a few hundred lookups, and a long question of
unknown words (pasted text, another language) is no misspelling."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(rf"\b[A-Za-z]{{{MIN_LETTERS},30}}\b")


def one_edit_away(word: str) -> set[str]:
    """Return the strings one deletion, swap of neighbours, replacement or insertion of a
    letter away from a lower-case word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {head + tail[1:] for head, tail in splits if tail}
    swaps = {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    replaces = {head + letter + tail[1:] for head, tail in splits if tail for letter in _LETTERS}
    inserts = {head + letter + tail for head, tail in splits for letter in _LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}


def respell(
    question: str,
    term_of: Callable[[str], str | None],
    idf: Callable[[str], float],
    known: Callable[[str], bool],
) -> str:
    """Return the question with each misspelt word replaced by the likeliest correction.

    A word is corrected when it has at least MIN_LETTERS letters, its term is not `known`
    (no sentence holds it, nor a synonym of it), it is rarer in English than REAL_WORD_ZIPF,
    and a string one edit away is more common in English and has a term some sentence holds
    (`idf` above 0). Of several, the one held by most sentences (the lowest idf) wins, then
    the first in alphabetical order. `term_of` gives a lower-case word's index term, None
    for a stopword. At most MAX_TRIES words are tried.
    """
    tries = 0

    def correct(match: re.Match[str]) -> str:
        nonlocal tries
        word = match.group()
        lowered = word.lower()
        term = term_of(lowered)
        if term is None or known(term) or tries >= MAX_TRIES:
            return word
        tries += 1
        frequency = zipf(lowered, full=True)
        if frequency >= REAL_WORD_ZIPF:
            return word
        best: tuple[float, str] | None = None
        for candidate in one_edit_away(lowered):
            candidate_term = term_of(candidate)
            weight = idf(candidate_term) if candidate_term else 0.0
            if (
                weight > 0
                and (best is None or (weight, candidate) < best)
                and zipf(candidate, full=True) > frequency
            ):
                best = (weight, candidate)
        if best is None:
            return word
        fixed = best[1]
        if word.isupper():
            return fixed.upper()
        return fixed.capitalize() if word[0].isupper() else fixed

    return _WORD.sub(correct, question)
