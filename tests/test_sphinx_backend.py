"""The sphinxql backend on one searchd node: URLs, tokens, loading, and rank-bm25 as the oracle."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pymysql
import pytest
import sphinx_cluster
from servers import server_missing
from sphinx_cluster import Node, SearchdMissing, find_searchd, free_ports

from index import BackendError
from index.models import Sentence
from index.search.backend import QueryTerm
from index.search.bm25_backend import RankBM25Backend
from index.search.sphinx_backend import SphinxBackend
from index.search.sphinx_config import (
    Endpoint,
    SphinxTarget,
    parse_sphinx_url,
    shard_config,
    sphinx_token,
)

# Words Sphinx must keep whole: accents, underscores, digits, an over-long word, and words
# its query syntax might read as operators.
VOCABULARY = [
    *(f"w{i}" for i in range(24)),
    "café",
    "über_alles",
    "x" * 50,
    "1st",
    "2019",
    "paragraph",
    "near",
    "maybe",
    "sentenc",
    "zone",
]


def _corpus(seed: int, size: int = 40) -> list[tuple[str, ...]]:
    """Sentences of 1 to 12 distinct words (so every term frequency is 1), and one empty."""
    chooser = random.Random(seed)
    sentences = [tuple(chooser.sample(VOCABULARY, chooser.randint(1, 12))) for _ in range(size)]
    return [*sentences, ()]


def _sentences(terms: list[tuple[str, ...]]) -> list[Sentence]:
    return [
        Sentence("tiny", 1, number, 0, 0, " ".join(tokens))
        for number, tokens in enumerate(terms, 1)
    ]


def _node(folder: Path) -> Node:
    try:
        searchd = find_searchd()
    except SearchdMissing as error:
        server_missing(str(error))
    sphinxql, api = free_ports(2)
    config = shard_config(folder, f"127.0.0.1:{sphinxql}", f"127.0.0.1:{api}")
    return Node(searchd, folder, config, sphinxql)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    """One searchd with the real-time index, for this module; stopped after."""
    running = _node(tmp_path_factory.mktemp("sphinx-node"))
    running.start()
    yield running
    running.stop()


@pytest.fixture
def own_node(tmp_path: Path) -> Iterator[Node]:
    """A searchd for one test that loads a corpus of its own."""
    running = _node(tmp_path / "sphinx-node")
    running.start()
    yield running
    running.stop()


def _url(node: Node) -> str:
    return f"mysql://{node.address}/citeqa"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("mysql://127.0.0.1:9306", SphinxTarget(Endpoint("127.0.0.1", 9306), "citeqa")),
        ("mysql://search", SphinxTarget(Endpoint("search", 9306), "citeqa")),
        ("mysql://search:9400/news_2024", SphinxTarget(Endpoint("search", 9400), "news_2024")),
        (
            "mysql://head:9306/citeqa?shards=a:9306,b:9306|b2:9307",
            SphinxTarget(
                Endpoint("head", 9306),
                "citeqa",
                ((Endpoint("a", 9306),), (Endpoint("b", 9306), Endpoint("b2", 9307))),
            ),
        ),
    ],
)
def test_urls_name_the_head_the_index_and_the_shards(url: str, target: SphinxTarget) -> None:
    assert parse_sphinx_url(url) == target


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:9306", "should look like mysql://"),
        ("mysql://:9306", "should look like mysql://"),
        ("mysql://host:port", "port .* is not a number"),
        ("mysql://host/no-dashes", "not a Sphinx index name"),
        ("mysql://host?shards=a", "'a' .* is not HOST:PORT"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, says: str) -> None:
    with pytest.raises(BackendError, match=says):
        parse_sphinx_url(url)


@pytest.mark.parametrize("term", ["kim", "2019", "1st", "w0", "a" * 40])
def test_plain_terms_are_their_own_tokens(term: str) -> None:
    assert sphinx_token(term) == term


@pytest.mark.parametrize("term", ["café", "über_alles", "a" * 41, "北京", "_x", "x-y"])
def test_other_terms_get_a_stand_in_sphinx_keeps_whole(term: str) -> None:
    token = sphinx_token(term)
    assert token.startswith("_") and len(token) == 17
    assert token[1:].isalnum() and token == token.lower()
    assert token != sphinx_token(term + "s")


def test_an_unknown_bm25_variant_is_refused_before_connecting() -> None:
    with pytest.raises(BackendError, match="'plus' or 'okapi', not 'l'"):
        SphinxBackend("mysql://127.0.0.1:1/citeqa", [], [], variant="l")


@pytest.mark.parametrize("variant", ["plus", "okapi"])
def test_scores_equal_rank_bm25(variant: str, own_node: Node) -> None:
    terms = _corpus(seed=7)
    reference = RankBM25Backend(terms, variant)
    backend = SphinxBackend(_url(own_node), terms, _sentences(terms), variant=variant)
    chooser = random.Random(11)
    for _ in range(30):
        words = chooser.sample(VOCABULARY, chooser.randint(1, 5))
        query = [QueryTerm(word, chooser.choice([1.0, 0.5, 0.4])) for word in words]
        assert backend.search(query, 10) == reference.search(query, 10), query
    for word in VOCABULARY:
        assert backend.idf(word) == reference.idf(word)
    assert backend.idf("absent") == 0.0


def test_searchd_alone_ranks_as_rank_bm25_when_terms_occur_once(node: Node) -> None:
    """Sphinx's own ranking expression, without re-scoring, is BM25+ with length norms."""
    terms = _corpus(seed=3)
    reference = RankBM25Backend(terms)
    backend = SphinxBackend(_url(node), terms, _sentences(terms), rescore=False)
    chooser = random.Random(5)
    for _ in range(30):
        words = chooser.sample(VOCABULARY, chooser.randint(1, 5))
        query = [QueryTerm(word, chooser.choice([1.0, 0.4])) for word in words]
        expected = {hit.position: hit.score for hit in reference.search(query, len(terms))}
        got = {hit.position: hit.score for hit in backend.search(query, len(terms))}
        assert got == pytest.approx(expected, rel=1e-4), query


def test_loading_twice_adds_nothing_and_another_corpus_is_refused(own_node: Node) -> None:
    terms = _corpus(seed=1)
    SphinxBackend(_url(own_node), terms, _sentences(terms))
    SphinxBackend(_url(own_node), terms, _sentences(terms))
    with pymysql.connect(host="127.0.0.1", port=own_node.port) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT COUNT(*) FROM citeqa")
        assert cursor.fetchall() == ((len(terms),),)
    other = _corpus(seed=2)
    with pytest.raises(
        BackendError, match=r"another corpus: empty it \(TRUNCATE RTINDEX citeqa\)"
    ):
        SphinxBackend(_url(own_node), other, _sentences(other))


def test_a_grown_corpus_replaces_the_older_version_it_holds(own_node: Node) -> None:
    old, new = _corpus(seed=1), _corpus(seed=4, size=10)
    older = [Sentence("a", 1, n, 0, 0, " ".join(t)) for n, t in enumerate(old, 1)]
    added = [Sentence("b", 1, n, 0, 0, " ".join(t)) for n, t in enumerate(new, 1)]
    half = len(old) // 2
    terms, sentences = [*old[:half], *new, *old[half:]], [*older[:half], *added, *older[half:]]
    stale = SphinxBackend(_url(own_node), old, older)
    grown = SphinxBackend(_url(own_node), terms, sentences)
    with pymysql.connect(host="127.0.0.1", port=own_node.port) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT COUNT(*) FROM citeqa")
        assert cursor.fetchall() == ((len(terms),),)
    reference = RankBM25Backend(terms)
    query = [QueryTerm("w1", 1.0), QueryTerm("café", 0.5)]
    assert grown.search(query, 10) == reference.search(query, 10)
    assert stale.search(query, 10) == []
    with pytest.raises(BackendError, match="another corpus"):
        SphinxBackend(_url(own_node), old, older)


def test_no_searchd_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sphinx_cluster.shutil, "which", lambda name: None)
    monkeypatch.setattr(sphinx_cluster.os, "access", lambda path, mode: False)
    with pytest.raises(SearchdMissing, match=r"apt-get install -y sphinxsearch"):
        find_searchd()
