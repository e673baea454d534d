"""The tantivy backend against rank-bm25 as the oracle: same ranking, same scores, weights."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.errors import BackendError
from index.search.backend import QueryTerm
from index.search.bm25_backend import RankBM25Backend
from index.search.tantivy_backend import TantivyBackend, write_documents

WORDS = [f"w{i}" for i in range(120)]


def make_corpus(seed: int = 3, size: int = 400) -> list[list[str]]:
    """Sentences of 0-30 Zipf-ish terms (the first words common, the rest rare)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    return [rng.choices(WORDS, weights, k=rng.randint(0, 30)) for _ in range(size)]


def make_queries(seed: int = 5, count: int = 60) -> list[list[QueryTerm]]:
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        terms = [*rng.sample(WORDS, rng.randint(1, 5)), "unknown-term"]
        queries.append([QueryTerm(t, rng.choice((1.0, 1.0, 0.5, 0.4))) for t in terms])
    return queries


def build(tmp_path: Path, corpus: list[list[str]], **options: object) -> TantivyBackend:
    folder = tmp_path / "tantivy"
    write_documents(folder, 0, (" ".join(terms) for terms in corpus))
    return TantivyBackend(folder, len(corpus), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return make_corpus()


@pytest.fixture(scope="module")
def oracle(corpus: list[list[str]]) -> RankBM25Backend:
    return RankBM25Backend(corpus)


@pytest.mark.parametrize("with_terms", [True, False], ids=["rescored", "constant-clauses"])
def test_same_hits_and_scores_as_rank_bm25(
    tmp_path: Path, corpus: list[list[str]], oracle: RankBM25Backend, with_terms: bool
) -> None:
    tokens = sum(map(len, corpus)) if with_terms else None
    backend = build(tmp_path, corpus, terms=corpus, tokens=tokens)
    for query in make_queries():
        expected = oracle.search(query, 10)
        found = backend.search(query, 10)
        assert [h.position for h in found] == [h.position for h in expected]
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.score == pytest.approx(theirs.score, rel=1e-9 if with_terms else 1e-5)


def test_weights_scale_each_term(tmp_path: Path, corpus: list[list[str]]) -> None:
    backend = build(tmp_path, corpus, terms=corpus, tokens=sum(map(len, corpus)))
    plain = {h.position: h.score for h in backend.search([QueryTerm("w7", 1.0)], 500)}
    light = {h.position: h.score for h in backend.search([QueryTerm("w7", 0.4)], 500)}
    assert plain.keys() == light.keys()
    for position, score in plain.items():
        assert light[position] == pytest.approx(0.4 * score, rel=1e-5)


def test_repeated_terms_add_their_weights(tmp_path: Path, corpus: list[list[str]]) -> None:
    backend = build(tmp_path, corpus, terms=corpus, tokens=sum(map(len, corpus)))
    twice = backend.search([QueryTerm("w3", 0.5), QueryTerm("w3", 0.5)], 5)
    once = backend.search([QueryTerm("w3", 1.0)], 5)
    assert twice == once


def test_idf_is_rank_bm25s_and_zero_when_unknown(
    tmp_path: Path, corpus: list[list[str]], oracle: RankBM25Backend
) -> None:
    backend = build(tmp_path, corpus)
    for term in WORDS[:20]:
        assert backend.idf(term) == pytest.approx(oracle.idf(term), rel=1e-9)
    assert backend.idf("never-seen") == 0.0
    assert len(backend) == len(corpus)


def test_okapi_matches_when_no_idf_is_negative(tmp_path: Path) -> None:
    corpus = [[f"t{i}", f"t{i + 1}", "rare" if i == 3 else f"t{i}"] for i in range(40)]
    oracle = RankBM25Backend(corpus, "okapi")
    backend = build(tmp_path, corpus, variant="okapi")
    query = [QueryTerm("t4", 1.0), QueryTerm("rare", 0.5)]
    found, expected = backend.search(query, 5), oracle.search(query, 5)
    assert [h.position for h in found] == [h.position for h in expected]
    assert [h.score for h in found] == pytest.approx([h.score for h in expected], rel=1e-5)


def test_ties_break_by_position(tmp_path: Path) -> None:
    corpus = [["same", "words"]] * 5 + [["other"]]
    backend = build(tmp_path, corpus, terms=corpus, tokens=10)
    assert [h.position for h in backend.search([QueryTerm("same", 1.0)], 3)] == [0, 1, 2]


def test_empty_query_and_k_zero_find_nothing(tmp_path: Path, corpus: list[list[str]]) -> None:
    backend = build(tmp_path, corpus)
    assert backend.search([], 5) == []
    assert backend.search([QueryTerm("w1", 1.0)], 0) == []
    assert backend.search([QueryTerm("nothing-like-it", 1.0)], 5) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [({"variant": "l"}, "'plus' or 'okapi'"), ({"k1": 1.5}, "k1=1.2 and b=0.75")],
)
def test_unsupported_settings_say_what_to_do(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(BackendError, match=message):
        build(tmp_path, [["a"]], **options)


def test_positions_past_the_size_are_not_served(tmp_path: Path) -> None:
    corpus = [["alpha"], ["beta"], ["alpha", "beta"]]
    folder = tmp_path / "tantivy"
    write_documents(folder, 0, (" ".join(t) for t in corpus))
    backend = TantivyBackend(folder, 2)
    assert [h.position for h in backend.search([QueryTerm("alpha", 1.0)], 5)] == [0]
