"""Retrieval: the default backend scores as rank-bm25 does, sums weighted terms, breaks ties."""

from __future__ import annotations

import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from index import BackendError, Engine
from index.search.backend import QueryTerm
from index.search.bm25_backend import RankBM25Backend

# Sentences as analysed terms; "summit" and "kim" are in most of them, "panda" in one.
DOCUMENTS = [
    ["kim", "summit", "trump", "singapor"],
    ["kim", "train", "beij"],
    ["summit", "vietnam", "hanoi", "kim", "kim"],
    ["panda", "zoo"],
    ["kim", "summit"],
    ["xi", "summit", "beij", "kim", "trade", "war", "tariff", "billion", "dollar"],
    ["moon", "jae", "jaein", "summit", "korea"],
]
ORACLES = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}
VOCABULARY = sorted({term for document in DOCUMENTS for term in document})


@pytest.mark.parametrize("variant", sorted(ORACLES))
@pytest.mark.parametrize("term", VOCABULARY)
def test_single_term_scores_equal_rank_bm25s(variant: str, term: str) -> None:
    """rank-bm25 is the oracle for every sentence that holds the term.

    (BM25+ and BM25L give sentences without the term a floor of delta times idf; the backend
    leaves them out, as BM25+ is defined.)
    """
    backend = RankBM25Backend(DOCUMENTS, variant, k1=1.2, b=0.75)
    oracle = ORACLES[variant](DOCUMENTS, k1=1.2, b=0.75).get_scores([term])
    expected = {
        position: pytest.approx(float(oracle[position]))
        for position, document in enumerate(DOCUMENTS)
        if term in document and oracle[position] > 0
    }
    hits = backend.search([QueryTerm(term, 1.0)], k=len(DOCUMENTS))
    assert {hit.position: hit.score for hit in hits} == expected


@pytest.mark.parametrize("variant", sorted(ORACLES))
@pytest.mark.parametrize(("k1", "b"), [(0.9, 0.4), (2.0, 1.0)])
def test_parameters_reach_rank_bm25(variant: str, k1: float, b: float) -> None:
    backend = RankBM25Backend(DOCUMENTS, variant, k1=k1, b=b)
    oracle = ORACLES[variant](DOCUMENTS, k1=k1, b=b).get_scores(["beij"])
    hits = backend.search([QueryTerm("beij", 1.0)], k=10)
    assert {hit.position: hit.score for hit in hits} == {
        1: pytest.approx(oracle[1]),
        5: pytest.approx(oracle[5]),
    }


@pytest.mark.parametrize("variant", sorted(ORACLES))
def test_idf_is_rank_bm25s_including_the_floor_for_common_words(variant: str) -> None:
    backend = RankBM25Backend(DOCUMENTS, variant)
    oracle = ORACLES[variant](DOCUMENTS)
    for term in VOCABULARY:
        assert backend.idf(term) == pytest.approx(oracle.idf[term])
    assert backend.idf("unknown") == 0.0
    assert backend.idf("kim") > 0, "a word in most sentences keeps a positive weight"


def test_weighted_terms_add_up_per_sentence() -> None:
    backend = RankBM25Backend(DOCUMENTS, "plus")
    one = {hit.position: hit.score for hit in backend.search([QueryTerm("beij", 1.0)], 10)}
    two = {hit.position: hit.score for hit in backend.search([QueryTerm("trade", 1.0)], 10)}
    query = [QueryTerm("beij", 0.5), QueryTerm("trade", 2.0)]
    both = {hit.position: hit.score for hit in backend.search(query, 10)}
    positions = set(one) | set(two)
    assert both == {
        p: pytest.approx(0.5 * one.get(p, 0.0) + 2.0 * two.get(p, 0.0)) for p in positions
    }


def test_results_are_best_first_and_cut_at_k() -> None:
    backend = RankBM25Backend(DOCUMENTS, "plus")
    hits = backend.search([QueryTerm("kim", 1.0), QueryTerm("summit", 1.0)], k=3)
    assert len(hits) == 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_ties_break_by_position() -> None:
    documents = [["b", "c"], ["a", "c"], ["d", "e"], ["a", "c"], ["a", "c"]]
    hits = RankBM25Backend(documents, "plus").search([QueryTerm("a", 1.0)], k=10)
    assert [hit.position for hit in hits] == [1, 3, 4]
    assert len({hit.score for hit in hits}) == 1


def test_unknown_terms_and_empty_queries_find_nothing() -> None:
    backend = RankBM25Backend(DOCUMENTS, "plus")
    assert backend.search([QueryTerm("nowhere", 1.0)], k=5) == []
    assert backend.search([], k=5) == []


@pytest.mark.parametrize("documents", [[], [[]], [[], []]])
def test_an_empty_index_finds_nothing(documents: list[list[str]]) -> None:
    backend = RankBM25Backend(documents, "plus")
    assert len(backend) == len(documents)
    assert backend.search([QueryTerm("kim", 1.0)], k=5) == []


def test_an_unknown_variant_says_which_there_are() -> None:
    with pytest.raises(BackendError, match="okapi"):
        RankBM25Backend(DOCUMENTS, "bm42")


def test_the_engine_searches_its_sentences_with_the_default_backend(engine: Engine) -> None:
    assert isinstance(engine.backend, RankBM25Backend)
    terms = engine.analyzer.question_terms("bamboo")
    hits = engine.backend.search([QueryTerm(t, 1.0) for t in terms], k=5)
    assert [engine.data.sentences[hit.position].text for hit in hits] == [
        "Keepers said the pandas eat 40 kilograms of bamboo a day."
    ]
