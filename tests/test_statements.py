"""Statements first: headlines, fragments and echoes go after the sentences that state a fact,
and the order is worked out only as far as it is read."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from index.answering.statements import statements_first
from index.models import Ranked, Sentence

TITLES = {"a": "kim visits beijing"}
STATING = "Kim arrived in Beijing by train on Monday."
FRAGMENT = "Photo: AP"
HEADLINE = "Kim visits Beijing"


class CountingSentences(Sequence[Sentence]):
    """Sentences that count how many times one is read."""

    def __init__(self, texts: list[str]) -> None:
        self.sentences = [Sentence("a", 1, n, 0, len(t), t) for n, t in enumerate(texts)]
        self.reads = 0

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        self.reads += 1
        return self.sentences[index]


def eager(ranked: list[Ranked], texts: list[str]) -> list[Ranked]:
    stating = [item for item in ranked if texts[item.position] == STATING]
    return stating + [item for item in ranked if texts[item.position] != STATING]


kinds = st.lists(st.sampled_from([STATING, FRAGMENT, HEADLINE]), max_size=30)


@given(kinds, st.lists(st.integers(min_value=-40, max_value=40), max_size=20))
def test_read_by_index_in_any_order_it_is_the_full_ordering(
    texts: list[str], reads: list[int]
) -> None:
    ranked = [Ranked(float(len(texts) - n), n) for n in range(len(texts))]
    order = statements_first(ranked, CountingSentences(texts), TITLES, frozenset())
    expected = eager(ranked, texts)
    for index in reads:
        if -len(expected) <= index < len(expected):
            assert order[index] == expected[index]
    assert list(order) == expected
    assert order[2:7] == expected[2:7]
    assert len(order) == len(expected)


def test_the_best_statement_is_found_without_reading_the_rest() -> None:
    texts = [HEADLINE, FRAGMENT, STATING] + [STATING] * 47
    sentences = CountingSentences(texts)
    ranked = [Ranked(1.0, n) for n in range(len(texts))]
    order = statements_first(ranked, sentences, TITLES, frozenset())
    assert order[0] == Ranked(1.0, 2)
    assert sentences.reads == 3


def test_an_echo_of_the_question_goes_after_what_states_something() -> None:
    echo = "Kim visited Beijing on Monday"
    texts = [echo, STATING]
    asked = frozenset({"kim", "visited", "beijing", "on", "monday", "when", "did"})
    ranked = [Ranked(2.0, 0), Ranked(1.0, 1)]
    order = statements_first(ranked, CountingSentences(texts), TITLES, asked)
    assert list(order) == [Ranked(1.0, 1), Ranked(2.0, 0)]
