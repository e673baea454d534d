"""Query expansion: synonym groups, phrases standing for a group, how coverage counts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_corpus import write_files

from index import Engine
from index.answering.evidence import Evidence
from index.text.analyzer import Analyzer
from index.text.expansion import SynonymTable, expand_query

GROUPS = [
    ["accompany", "accompanied", "entourage", "travel with", "went with"],
    ["year", "annual", "12 months"],
]


@pytest.fixture
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture
def table(analyzer: Analyzer) -> SynonymTable:
    table = SynonymTable()
    table.add_groups(analyzer, GROUPS, weight=0.4, phrase_weight=1.0)
    return table


def weights(analyzer: Analyzer, table: SynonymTable, question: str) -> dict[str, float]:
    """Return the weighted query a question becomes with a table as it stands for it."""
    within = table.within(analyzer.plain_stems(question))
    return {q.term: q.weight for q in expand_query(analyzer.question_terms(question), within)}


def test_single_words_of_a_group_stand_for_each_other_at_the_group_weight(
    analyzer: Analyzer, table: SynonymTable
) -> None:
    assert table.related("accompani") == {"entourag": 0.4}


@pytest.mark.parametrize(
    "question",
    ["Who travelled with the mayor?", "Who traveled with the mayor?", "Who went with the mayor?"],
)
def test_a_phrase_in_the_question_stands_for_its_group_at_the_phrase_weight(
    analyzer: Analyzer, table: SynonymTable, question: str
) -> None:
    query = weights(analyzer, table, question)
    assert query["accompani"] == 1.0
    assert query["entourag"] == 1.0


@pytest.mark.parametrize(
    "question",
    ["Did the mayor travel to the city?", "Did the mayor travel by train with friends?"],
)
def test_a_phrase_word_alone_or_apart_stands_for_nothing(
    analyzer: Analyzer, table: SynonymTable, question: str
) -> None:
    assert "accompani" not in weights(analyzer, table, question)
    assert table.related("travel") == {}


def test_number_words_in_a_phrase_match_digits(analyzer: Analyzer, table: SynonymTable) -> None:
    for question in ("What happened over the last twelve months?", "In the past 12 months?"):
        assert weights(analyzer, table, question)["year"] == 1.0


def test_a_question_without_a_phrase_gets_the_table_itself(
    analyzer: Analyzer, table: SynonymTable
) -> None:
    assert table.within(analyzer.plain_stems("Who met the mayor?")) is table


def test_the_packaged_list_has_phrases_that_match(analyzer: Analyzer) -> None:
    table = SynonymTable.packaged(analyzer, 0.4, 1.0)
    within = table.within(analyzer.plain_stems("What did they talk about?"))
    assert within.related("talk")["discuss"] == 1.0
    fell_on = table.within(analyzer.plain_stems("What fell on the day of the concert?"))
    assert fell_on.related("fell")["coincid"] == 1.0
    cleared = table.within(analyzer.plain_stems("It cleared up the mystery."))
    assert cleared.related("clear")["explain"] == 1.0


def test_the_packaged_list_keeps_apart_words_whose_stems_collide(analyzer: Analyzer) -> None:
    # "according to analysts" stems to "accord", which must not mean a pact or a deal.
    table = SynonymTable.packaged(analyzer, 0.4, 1.0)
    (accord,) = analyzer.terms("according")
    assert "deal" not in table.related(accord)
    (staking,) = analyzer.terms("staking")
    assert "bet" in table.related(staking)
    (prefer,) = analyzer.terms("prefer")
    assert "advoc" in table.related(prefer)
    showed_up = table.within(analyzer.plain_stems("the day he showed up in Beijing"))
    assert showed_up.related("show")["arriv"] == 1.0


@pytest.mark.parametrize(
    ("question", "word", "related"),
    [
        ("on which day did he get to Beijing", "get", "arriv"),
        ("why are the negotiators getting together", "togeth", "meet"),
        ("what talks has it stayed away from", "stay", "refus"),
        ("had he left his country as leader before", "countri", "abroad"),
        ("why suspect another meeting is on the way", "way", "upcom"),
        ("whose english version does npr quote", "version", "translat"),
        ("which outlet broke the news of the visit", "news", "report"),
        ("what did america's top diplomat tell cnbc", "diplomat", "secretari"),
        ("what train rolled into the chinese capital", "capit", "beij"),
        ("which think tank expert said so", "tank", "center"),
        ("did beijing say anything before", "anyth", "mum"),
        ("did either publish a list of topics", "list", "agenda"),
    ],
)
def test_a_news_phrase_in_the_question_stands_for_its_group(
    analyzer: Analyzer, question: str, word: str, related: str
) -> None:
    table = SynonymTable.packaged(analyzer, 0.4, 1.0)
    assert table.within(analyzer.plain_stems(question)).related(word)[related] == 1.0


@pytest.mark.parametrize(
    ("word", "related"),
    [
        ("suspect", "specul"),
        ("duties", "tariff"),
        ("pledge", "commit"),
        ("bragged", "tout"),
        ("trip", "travel"),
        ("guessing", "specul"),
        ("linked", "separ"),
        ("info", "inform"),
        ("academic", "professor"),
        ("released", "announc"),
    ],
)
def test_a_news_word_stands_for_its_group(analyzer: Analyzer, word: str, related: str) -> None:
    table = SynonymTable.packaged(analyzer, 0.4, 1.0)
    (term,) = analyzer.terms(word)
    assert related in table.related(term)


@pytest.mark.parametrize(
    ("derived", "word"),
    [
        ("willingness", "open"),
        ("retaliatory", "retaliate"),
        ("alliance", "ally"),
    ],
)
def test_the_packaged_list_reaches_derived_words_the_stemmer_keeps_apart(
    analyzer: Analyzer, derived: str, word: str
) -> None:
    # Snowball stems "willingness" to "willing" but "willing" to "will", and "retaliatory"
    # to "retaliatori": a group must list such a form itself for a question's word to find it.
    table = SynonymTable.packaged(analyzer, 0.4, 1.0)
    (derived_term,) = analyzer.terms(derived)
    (word_term,) = analyzer.terms(word)
    assert word_term in table.related(derived_term)


# An invented article: the companions are "accompanied"; another sentence says "travelled".
TRIP = """\
Mayor Visits Twin City

The mayor travelled to the twin city on Monday by night train.
The mayor was accompanied by her deputy, Tom Berg, and two aides.
The visit lasted three days and ended with a concert.
Officials stated that the trip cost the city very little.
"""


@pytest.fixture
def trip_engine(tmp_path: Path) -> Engine:
    corpus = write_files(tmp_path / "corpus", {"trip.txt": TRIP})
    return Engine.open(corpus, tmp_path / "cache")


def test_who_travelled_with_someone_is_answered_by_who_accompanied_them(
    trip_engine: Engine,
) -> None:
    reply = trip_engine.ask("Who travelled with the mayor?")
    assert reply.answers[0].text.startswith("The mayor was accompanied by her deputy")


class _Idf:
    """A search backend's idf, and nothing else: every known term weighs 1."""

    def __init__(self, terms: set[str]) -> None:
        self._terms = terms

    def idf(self, term: str) -> float:
        return 1.0 if term in self._terms else 0.0


def test_coverage_counts_a_synonym_as_the_word_and_literal_coverage_by_its_weight(
    analyzer: Analyzer, table: SynonymTable
) -> None:
    sentence, other = ["mayor", "accompani", "aid"], ["entourag"]
    evidence = Evidence([sentence, other], _Idf({*sentence, *other}), table)  # type: ignore[arg-type]
    core = {"mayor", "entourag"}  # "entourage" is not in the sentence; "accompanied" is
    assert evidence.coverage(0, core) == 1.0
    assert evidence.coverage(0, core, literal=True) == pytest.approx((1.0 + 0.4) / 2)


def test_one_word_of_a_sentence_accounts_for_one_word_of_the_question(
    analyzer: Analyzer,
) -> None:
    # "accompanied" paraphrases "entourage" or "companions", not both at once: a sentence that
    # says the word once covers half of a question that asks for both.
    table = SynonymTable()
    table.add_groups(analyzer, [["accompanied", "entourage", "companions"]], weight=0.4)
    sentence = ["mayor", "accompani"]
    known = _Idf({*sentence, "entourag", "companion"})
    evidence = Evidence([sentence], known, table)  # type: ignore[arg-type]
    assert evidence.coverage(0, {"entourag", "companion"}) == pytest.approx(0.5)
    assert evidence.coverage(0, {"mayor", "entourag", "companion"}) == pytest.approx(2 / 3)
    # A word the question says itself keeps it, though a rarer word could be paraphrased by it.
    assert evidence.coverage(0, {"accompani", "entourag"}) == pytest.approx(0.5)


def test_the_word_for_a_whole_phrase_covers_each_of_its_words(analyzer: Analyzer) -> None:
    # "accompanied" says "went along with" in one word: it covers "went" and "along" both,
    # while a plain synonym still covers only one question word.
    table = SynonymTable()
    table.add_groups(analyzer, [["accompanied", "went along with"]], weight=0.4, phrase_weight=1.0)
    within = table.within(analyzer.plain_stems("who went along with the mayor"))
    sentence = ["accompani", "mayor"]
    evidence = Evidence([sentence], _Idf({*sentence, "went", "along"}), table)  # type: ignore[arg-type]
    assert evidence.coverage(0, {"went", "along", "mayor"}, within) == pytest.approx(1.0)
