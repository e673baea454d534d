"""Telling common English words from uncommon ones, offline."""

from __future__ import annotations

import pytest

from index.text.english import is_common


@pytest.mark.parametrize("word", ["duties", "goodbye", "convinced", "people", "happy"])
def test_an_everyday_word_is_common(word: str) -> None:
    assert is_common(word)


@pytest.mark.parametrize("word", ["banquet", "lasagna", "quokka", "enraptured", "zq3x4", ""])
def test_a_rare_or_unknown_word_is_not_common(word: str) -> None:
    assert not is_common(word)


def test_a_word_is_common_when_its_stem_is() -> None:
    assert not is_common("favoring")
    assert is_common("favoring", "favor")
