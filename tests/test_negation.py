"""Negation: which questions ask of what is not so, and which sentences word a negative."""

from __future__ import annotations

import pytest

from index.text.negation import asks_negated, says_no


@pytest.mark.parametrize(
    "question",
    [
        "What is not strictly contained in PSPACE?",
        "Which team didn't play?",
        "What cannot be solved in linear time?",
        "In which year did he never travel?",
        "What class is most commonly not ascribed to the problem?",
        "What will the United States not accept?",
    ],
)
def test_a_negated_wh_question_asks_of_what_is_not_so(question: str) -> None:
    assert asks_negated(question)


@pytest.mark.parametrize(
    "question",
    [
        # a reason answers "why not"
        "Why did Kim not fly?",
        "How come he didn't fly?",
        # both ways are asked
        "What decides whether or not a problem can be solved?",
        "What factors decide how powerful a machine may or may not be?",
        # the negation stands in a modifier or a clause under the question's own
        "What is an example of a problem not known to be in P?",
        "Which official said that Beijing has not mixed the two issues?",
        # not a wh-question
        "Did Kim not fly?",
        "What is contained in PSPACE?",
    ],
)
def test_other_questions_do_not(question: str) -> None:
    assert not asks_negated(question)


@pytest.mark.parametrize(
    "sentence",
    [
        "P is not known to equal NP.",
        "The city never recovered.",
        "Most cities lie on the coast, with the exception of Riverside.",
        "He was unable to attend.",
        "They won't accept less.",
    ],
)
def test_a_sentence_may_word_a_negative_many_ways(sentence: str) -> None:
    assert says_no(sentence)


def test_a_plain_statement_words_none() -> None:
    assert not says_no("L is strictly contained in PSPACE.")
