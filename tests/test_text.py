"""Text analysis: the terms a sentence and a question become, so that the right words meet."""

from __future__ import annotations

from importlib import resources

import pytest

from index.text.analyzer import (
    Analyzer,
    AnalyzerSettings,
    load_question_words,
    load_stopwords,
    normalise,
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """The default analyser, as the index uses it."""
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Kim\u2019s", ["kim"]),
        ("Kim's", ["kim"]),
        ("Kims\u2019", ["kim"]),
        ("\u201cfair\u201d", ["fair"]),
        ("U.S.", ["usa"]),
        ("US", ["usa"]),
        ("the U.S.A.", ["usa"]),
        ("1,000", ["1000"]),
        ("2,500,000", ["2500000"]),
        ("the and of", []),
    ],
)
def test_terms(analyzer: Analyzer, text: str, terms: list[str]) -> None:
    assert analyzer.terms(text) == terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kim\u2019s visit", "Kim's visit"),
        ("Kim\u2019s visit", "Kim visit"),
        ("the \u201cfair\u201d deal", 'the "fair" deal'),
        ("the U.S. position", "the US position"),
        ("1,000 soldiers", "1000 soldiers"),
        ("$60 billion", "60 billion dollars"),
        ("20%", "20 percent"),
        ("four days", "4 day"),
        ("the first summit", "the 1st summit"),
        ("talks", "talk"),
        ("running", "run"),
        ("denuclearization", "denuclearize"),
        ("fianc\u00e9e", "fiancee"),
        ("KIM JONG UN", "kim jong un"),
    ],
)
def test_forms_of_the_same_words_share_their_terms(
    analyzer: Analyzer, one: str, other: str
) -> None:
    assert set(analyzer.terms(one)) == set(analyzer.terms(other))


@pytest.mark.parametrize(
    ("hyphenated", "parts", "joined"),
    [
        ("four-day", "four day", "fourday"),
        ("working-level", "working level", "workinglevel"),
        ("Moon Jae-in", "Moon Jae in", "Moon Jaein"),
        ("slow-moving", "slow moving", "slowmoving"),
    ],
)
def test_hyphenated_words_match_their_parts_and_the_joined_word(
    analyzer: Analyzer, hyphenated: str, parts: str, joined: str
) -> None:
    terms = set(analyzer.terms(hyphenated))
    assert set(analyzer.terms(parts)) - {""} <= terms
    assert set(analyzer.terms(joined)) <= terms


def test_the_pronoun_us_is_not_the_country(analyzer: Analyzer) -> None:
    assert "usa" not in analyzer.terms("Tell us more")
    assert "usa" in analyzer.terms("Tell the US more")


def test_a_contraction_is_not_read_as_another_word(analyzer: Analyzer) -> None:
    assert "won" not in analyzer.terms("won't")
    assert "won" in analyzer.terms("won")


def test_stopwords_come_from_the_package_data() -> None:
    data = resources.files("index").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    listed = {line.strip() for line in data.splitlines() if line.strip()}
    listed = {word for word in listed if not word.startswith("#")}
    assert load_stopwords() == listed
    assert {"the", "and", "of"} <= load_stopwords()


def test_question_words_are_stopwords() -> None:
    # The question's type is read before its words are dropped; "whose" is no topic word.
    assert Analyzer().question_terms("Whose version of the speech did NPR quote?") == [
        "version",
        "speech",
        "npr",
        "quot",
    ]


def test_stopwords_can_be_kept() -> None:
    keep = Analyzer(AnalyzerSettings(drop_stopwords=False))
    assert "the" in keep.terms("the summit")
    assert "the" not in Analyzer().terms("the summit")


def test_stemming_can_be_switched_off() -> None:
    assert Analyzer(AnalyzerSettings(stem=False)).terms("talks") == ["talks"]


def test_question_words_drop_from_questions_only(analyzer: Analyzer) -> None:
    phrasing = [w for w in sorted(load_question_words()) if analyzer.terms(w)]
    assert phrasing, "the question-word list should hold words that are not stopwords"
    for word in phrasing:
        assert analyzer.question_terms(f"{word} Kim") == ["kim"]


def test_normalise_folds_quotes_dashes_acronyms_and_case() -> None:
    folded = normalise("Kim\u2019s \u201cfair\u201d deal \u2014 U.S.")
    assert " ".join(folded.split()) == 'kim\'s "fair" deal - usa'


def test_words_keep_their_spans_in_the_original_text(analyzer: Analyzer) -> None:
    text = "The US said Kim\u2019s four-day visit cost $60 billion."
    words = [(text[w.start : w.end], w.term) for w in analyzer.words(text)]
    assert words == [
        ("The", None),
        ("US", "usa"),
        ("said", "said"),
        ("Kim\u2019s", "kim"),
        ("four-day", "4"),
        ("visit", "visit"),
        ("cost", "cost"),
        ("$", "dollar"),
        ("60", "60"),
        ("billion", "billion"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Visit Pyeongchang\u00a0today",
        "\u201cWe\u2019ll go,\u201d Moon Jae-in said \u2013 on Monday, in the U.S. capital.",
    ],
)
def test_words_spans_cover_their_terms(analyzer: Analyzer, text: str) -> None:
    for word in analyzer.words(text):
        piece = text[word.start : word.end]
        assert piece.strip() == piece and piece
        if word.term is not None:
            assert word.term in analyzer.terms(piece)
