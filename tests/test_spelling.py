"""Correcting a misspelt question word to one the index holds."""

from __future__ import annotations

import gc

import pytest

from index.text.analyzer import Analyzer
from index.text.spelling import MAX_TRIES, one_edit_away, respell

# A toy index: the terms it holds and in how many sentences (fewer sentences, higher idf).
HELD = {"beijing": 1.0, "bamboo": 2.0, "bambi": 3.0, "fight": 1.5, "qwxyy": 1.0, "reaching": 1.0}


def term_of(word: str) -> str | None:
    return None if word in {"the", "which"} else word


def idf(term: str) -> float:
    return HELD.get(term, 0.0)


def known(term: str) -> bool:
    return term in HELD


def fix(question: str) -> str:
    return respell(question, term_of, idf, known)


def test_one_edit_away_deletes_swaps_replaces_and_inserts() -> None:
    edits = one_edit_away("kim")
    assert {"im", "ikm", "kin", "kiim", "akim"} <= edits
    assert "kim" not in edits
    # Each string once: inserting "a" before or after the "a" of "abcde" is one string.
    assert len(one_edit_away("abcde")) == 5 + 4 + 5 * 25 + (6 * 26 - 5)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When did Kim go to Bejing?", "When did Kim go to Beijing?"),
        ("when did kim go to bejing?", "when did kim go to beijing?"),
        ("BEJING", "BEIJING"),
        # Two held words one edit away: the one more sentences hold wins.
        ("Do pandas eat bambo?", "Do pandas eat bamboo?"),
    ],
)
def test_a_misspelt_word_becomes_the_held_word_one_edit_away(question: str, expected: str) -> None:
    assert fix(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Did Beijing agree?",  # held already
        "Was it Bejng?",  # two edits away
        "Who is Kimm?",  # too short to guess
        "Was there a light?",  # an English word, one edit from "fight"
        "Was it qwxyz?",  # "qwxyy" is held, but is no commoner a word in English
        "How is China reacting?",  # a real word ("reaching" is held), kept as meant
        "Do quokkas like plums?",  # nothing held one edit away
        "Is Béjing near?",  # letters beyond a-z are left alone
    ],
)
def test_other_words_are_left_as_they_are(question: str) -> None:
    assert fix(question) == question


def test_only_the_first_few_unknown_words_are_tried() -> None:
    question = " ".join(["zzzzz"] * MAX_TRIES + ["bejing"])
    assert fix(question) == question
    assert fix("zzzzz " * (MAX_TRIES - 1) + "bejing").endswith("beijing")


def test_trying_corrections_leaves_nothing_behind_for_the_garbage_collector() -> None:
    # A cache of the hundreds of strings tried per word would make every full collection
    # walk them all; a long-running bot would slow down the more it was asked.
    analyzer = Analyzer()
    words = [f"zq{letters}x" for letters in ("abcde", "fghij", "klmno", "pqrst", "uvwxy")]
    respell(" ".join(words), analyzer.word_term, idf, known)
    gc.collect()
    before = len(gc.get_objects())
    for word in words * 4:
        respell(word.replace("x", "y"), analyzer.word_term, idf, known)
    gc.collect()
    assert len(gc.get_objects()) - before < 50
