"""A question typed in lower case is read with the capitals its articles write."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from index import Engine
from index.text.analyzer import Analyzer
from index.text.casing import ArticleCasing, typed_in_lower_case

SENTENCES = [
    "Kim met Trump in Singapore.",
    "In Singapore, Trump spoke first.",
    "Trump said the talks went well, and Kim agreed.",
    "The US and China spoke on Monday.",
    "Officials in the US were told by Kim's aides.",
    "The Times reported the talks were over.",
    "Over time, the times of the talks changed.",
    "Later the times were set again.",
    "Both sides said the US would wait.",
    "Talks with the US resume in May.",
    "He told us the trip was over.",
]
ANALYZER = Analyzer()


def texts_holding(term: str, count: int) -> Sequence[str]:
    return [text for text in SENTENCES if term in ANALYZER.terms(text)][:count]


def recase(question: str) -> str:
    return ArticleCasing(ANALYZER.terms, texts_holding).restore(question)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("when did kim meet trump", "when did Kim meet Trump"),
        ("When did kim meet trump?", "When did Kim meet Trump?"),
        ("what did kim's aides say", "what did Kim's aides say"),
        ("what did the us say", "what did the US say"),
        ("what did the u.s. say", "what did the U.S. say"),
    ],
)
def test_a_word_the_articles_write_with_a_capital_gets_it_back(typed: str, read: str) -> None:
    assert recase(typed) == read


def test_a_latin_abbreviation_is_no_acronym() -> None:
    assert recase("what did kim say, e.g. about trade") == "what did Kim say, e.g. about trade"


def test_a_word_the_articles_write_both_ways_is_left_as_typed() -> None:
    assert recase("what did the times report") == "what did the times report"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("did kim meet vladimir", "did Kim meet Vladimir"),
        ("did kim fly to moscow", "did Kim fly to Moscow"),
        ("did kim see the world", "did Kim see the world"),
        ("did kim eat quokkas", "did Kim eat quokkas"),
        ("did kim meet putin", "did Kim meet putin"),
    ],
)
def test_a_word_the_articles_never_hold_takes_the_capital_english_always_gives_it(
    typed: str, read: str
) -> None:
    # English writes "world" both ways; "quokkas" and "putin" it was never seen to write.
    assert recase(typed) == read


def test_a_lower_case_name_the_articles_never_hold_marks_a_question_about_something_else(
    seeds_engine: Engine,
) -> None:
    assert seeds_engine.ask("Did Vladimir Putin invite Kim?").abstained
    assert seeds_engine.ask("did vladimir putin invite kim").abstained


def test_a_question_written_with_capitals_is_read_as_written() -> None:
    assert not typed_in_lower_case("Did kim meet Trump?")
    assert recase("Did kim meet Trump?") == "Did kim meet Trump?"


def test_a_question_of_no_letters_is_not_lower_case() -> None:
    assert not typed_in_lower_case("2018?")


def test_us_typed_in_lower_case_is_the_country_the_seeds_speak_of(seeds_engine: Engine) -> None:
    typed = "what is the us afraid china might do with the north korea situation?"
    capitals = "What is the US afraid China might do with the North Korea situation?"
    lower, written = seeds_engine.ask(typed), seeds_engine.ask(capitals)
    assert lower.answers and written.answers
    assert lower.answers[0].text == written.answers[0].text
    assert "leverage in its trade disputes" in lower.answers[0].text


def test_how_a_word_is_written_is_learnt_once() -> None:
    reads: list[str] = []

    def counted(term: str, count: int) -> Sequence[str]:
        reads.append(term)
        return texts_holding(term, count)

    casing = ArticleCasing(ANALYZER.terms, counted)
    assert casing.restore("when did kim meet trump") == "when did Kim meet Trump"
    first = len(reads)
    assert casing.restore("did trump meet kim") == "did Trump meet Kim"
    assert len(reads) == first
