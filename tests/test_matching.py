"""The words an answer matched, as character spans the library hands to every front end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index import Engine
from index.text.analyzer import Analyzer
from index.text.matching import matched_spans


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """The default analyser, as the index uses it."""
    return Analyzer()


def words_at(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(
    ("text", "terms", "words"),
    [
        ("The red pandas arrived from Nepal.", ("panda", "nepal"), ["pandas", "Nepal"]),
        ("Pandas <3 & bamboo", ("panda",), ["Pandas"]),
        ("Kim\u2019s trip to the \u201cfair\u201d", ("kim", "fair"), ["Kim\u2019s", "fair"]),
        ("A red-haired keeper", ("hair",), ["red-haired"]),
        ("Nothing here matches.", ("panda",), []),
        ("Pandas everywhere", (), []),
    ],
)
def test_the_spans_are_the_words_whose_terms_matched(
    analyzer: Analyzer, text: str, terms: tuple[str, ...], words: list[str]
) -> None:
    assert words_at(text, matched_spans(analyzer, text, terms)) == words


@given(st.text(max_size=200), st.lists(st.sampled_from(["panda", "kim", "a", "1"]), max_size=3))
def test_spans_are_ordered_apart_and_inside_the_text(text: str, terms: list[str]) -> None:
    spans = matched_spans(Analyzer(), text, terms)
    ends = [0, *(end for _, end in spans)]
    assert all(ends[i] <= start < end <= len(text) for i, (start, end) in enumerate(spans))


def test_the_engine_gives_each_answer_the_spans_of_its_matched_words(engine: Engine) -> None:
    reply = engine.ask("How much bamboo do the pandas eat?")
    assert not reply.abstained
    best = reply.answers[0]
    assert words_at(best.text, best.matched_spans) == ["pandas", "eat", "bamboo"]
    for answer in reply.answers:
        assert answer.matched_spans == matched_spans(
            engine.analyzer, answer.text, answer.matched_terms
        )
