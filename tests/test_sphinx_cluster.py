"""The sphinxql backend on a two-shard cluster: seeds metrics, a shard lost and back, workers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
import pytest
from click.testing import CliRunner, Result
from servers import server_missing
from sphinx_cluster import SearchdMissing, SphinxCluster, running_cluster

from bot.cli import cli
from index import BackendError, Engine
from index.evaluation.metrics import Summary, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.search.backend import QueryTerm
from index.search.sphinx_backend import SphinxBackend

TESTS = Path(__file__).parent
SEEDS = TESTS.parent / "seeds"
QUESTION_SETS = ("seeds-dev.yaml", "seeds-dev2.yaml", "seeds-heldout.yaml", "seeds-typos.yaml")
METRICS = (
    "hit1",
    "hit3",
    "hit5",
    "mrr",
    "abstain_precision",
    "abstain_recall",
    "follow_up_accuracy",
)
TOLERANCE = 0.02
DAM = {"title": "Dam Opens", "text": "The river dam opened on Monday. It holds 40 billion litres."}
CHOIR = {"title": "Choir Tours", "text": "The school choir left for a tour of six cities."}


def _start(folder: Path, copies: int = 1) -> Iterator[SphinxCluster]:
    try:
        with running_cluster(folder, copies=copies) as cluster:
            yield cluster
    except SearchdMissing as error:
        server_missing(str(error))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxCluster]:
    """Two shards and a head on loopback for this module's read-only tests; stopped after."""
    yield from _start(tmp_path_factory.mktemp("sphinx"))


@pytest.fixture
def own_cluster(tmp_path: Path) -> Iterator[SphinxCluster]:
    """A cluster for one test that stops or restarts nodes."""
    yield from _start(tmp_path / "sphinx")


@pytest.fixture
def mirrored_cluster(tmp_path: Path) -> Iterator[SphinxCluster]:
    """Two shards of two mirrors each, and the head; for one test."""
    yield from _start(tmp_path / "sphinx", copies=2)


@pytest.fixture(scope="module")
def reference() -> Engine:
    """The embedded default engine over the seeds."""
    return Engine.open(SEEDS, None, "rank-bm25")


def _sphinx_engine(reference: Engine, url: str) -> Engine:
    """An engine over the reference's index and sentence vectors, searching the cluster."""
    data = reference.data
    backend = SphinxBackend(url, data.terms, data.sentences)
    return Engine(data, reference.settings, backend=backend, vectors=reference.vectors)


@pytest.fixture(scope="module")
def sphinx_engine(reference: Engine, cluster: SphinxCluster) -> Engine:
    """An engine answering through the cluster's distributed index (loading it first)."""
    return _sphinx_engine(reference, cluster.url)


def _summary(engine: Engine, cases: list[Case]) -> Summary:
    return summarise(run_cases(cases, lambda question, chat: engine.ask(question, chat)))


def _questions() -> list[str]:
    return [
        turn.question
        for name in QUESTION_SETS
        for case in load_question_set(TESTS / "questions" / name)
        for turn in case.turns
    ]


@pytest.mark.parametrize("name", QUESTION_SETS)
def test_seeds_metrics_match_the_embedded_engine(
    name: str, reference: Engine, sphinx_engine: Engine
) -> None:
    cases = load_question_set(TESTS / "questions" / name)
    expected, got = _summary(reference, cases), _summary(sphinx_engine, cases)
    for metric in METRICS:
        assert getattr(got, metric) == pytest.approx(getattr(expected, metric), abs=TOLERANCE)


def test_rankings_and_scores_match_the_reference(reference: Engine, sphinx_engine: Engine) -> None:
    assert sphinx_engine.backend.name == "sphinxql"
    for question in _questions():
        terms = dict.fromkeys(reference.analyzer.question_terms(question))
        query = [QueryTerm(term, 1.0) for term in terms] + [QueryTerm("kim", 0.4)]
        expected = reference.backend.search(query, 10)
        got = sphinx_engine.backend.search(query, 10)
        assert [hit.position for hit in got] == [hit.position for hit in expected], question
        assert [hit.score for hit in got] == pytest.approx([hit.score for hit in expected])


def test_a_second_worker_finds_the_corpus_loaded(
    reference: Engine,
    sphinx_engine: Engine,
    cluster: SphinxCluster,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="index.search.sphinx_backend")
    worker = _sphinx_engine(reference, cluster.search_url)
    assert not [r for r in caplog.records if "loading" in r.getMessage()]
    question = "Who did Kim Jong Un meet in Beijing?"
    assert worker.ask(question) == reference.ask(question)


def test_a_stopped_shard_leaves_answers_from_the_other_then_rejoins(
    reference: Engine, own_cluster: SphinxCluster, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="index.search.sphinx_backend")
    engine = _sphinx_engine(reference, own_cluster.url)
    questions = _questions()
    half = len(questions) // 2
    for question in questions[:half]:
        assert engine.ask(question) == reference.ask(question)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]

    own_cluster.shards[1].stop()
    replies = [engine.ask(question) for question in questions[half:]]
    assert any(not reply.abstained for reply in replies)
    query = [QueryTerm("kim", 1.0)]
    positions = {hit.position for hit in engine.backend.search(query, 100)}
    assert positions and all(position % 2 == 0 for position in positions)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "results may be incomplete" in warnings[0]
    assert "agent 127.0.0.1:" in warnings[0]

    own_cluster.shards[1].start()
    assert engine.backend.search(query, 100) == reference.backend.search(query, 100)
    for question in questions[half:]:
        assert engine.ask(question) == reference.ask(question)
    assert "sphinxql: every shard of 'citeqa' answers again" in caplog.messages


def test_a_lost_head_is_a_backend_error_saying_what_to_start(
    reference: Engine, own_cluster: SphinxCluster
) -> None:
    engine = _sphinx_engine(reference, own_cluster.url)
    own_cluster.head.stop()
    with pytest.raises(BackendError, match=r"not answering .*start searchd there"):
        engine.ask("Who did Kim meet?")
    own_cluster.head.start()
    assert engine.ask("Who did Kim meet?") == reference.ask("Who did Kim meet?")


def test_a_mirror_takes_over_a_stopped_copy(
    reference: Engine, mirrored_cluster: SphinxCluster, caplog: pytest.LogCaptureFixture
) -> None:
    engine = _sphinx_engine(reference, mirrored_cluster.url)
    for copies in mirrored_cluster.mirrors:
        copies[0].stop()
    # Until searchd's HA statistics mark the stopped copies dead (under a second here), it
    # may still pick one: those answers are partial, with a warning, but never an error.
    query = [QueryTerm("kim", 1.0)]
    expected = reference.backend.search(query, 100)
    deadline = time.monotonic() + 10
    complete = 0
    while complete < 10:
        assert time.monotonic() < deadline, "no mirror took over in 10 s"
        complete = complete + 1 if engine.backend.search(query, 100) == expected else 0
        time.sleep(0.05)
    caplog.clear()
    for question in _questions():
        assert engine.ask(question) == reference.ask(question)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_engine_open_serves_sphinxql_from_the_url(
    reference: Engine, cluster: SphinxCluster, tmp_path: Path
) -> None:
    engine = Engine.open(SEEDS, tmp_path, "sphinxql", sphinx_url=cluster.url)
    assert engine.backend.name == "sphinxql"
    question = "Where did Kim go on his first trip abroad as leader?"
    assert engine.ask(question) == reference.ask(question)


def test_sphinxql_without_a_url_says_how_to_give_one(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="needs --sphinx-url mysql://HOST:PORT/INDEX"):
        Engine.open(SEEDS, tmp_path, "sphinxql")


def _add(cluster: SphinxCluster, cache: Path, corpus: Path, feed: Path) -> Result:
    """Run `citeqa add --engine sphinxql` with the cluster's URL in this process."""
    arguments = ["--cache-dir", str(cache), "add", "--corpus", str(corpus), "--engine", "sphinxql"]
    return CliRunner().invoke(cli, [*arguments, "--sphinx-url", cluster.url, str(feed)])


def test_citeqa_add_loads_the_new_articles_into_the_cluster(
    own_cluster: SphinxCluster, tmp_path: Path
) -> None:
    corpus, feed = tmp_path / "corpus", tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(DAM) + "\n", encoding="utf-8")
    added = _add(own_cluster, tmp_path / "cache", corpus, feed)
    assert added.exit_code == 0, added.output
    assert added.output == (
        "added 1 article(s), 0 skipped, 0 failed; 1 articles, 3 sentences (sphinxql)\n"
    )
    # A worker searching through the head alone finds the sentences the command loaded.
    url = own_cluster.search_url
    worker = Engine.open(corpus, tmp_path / "cache", "sphinxql", sphinx_url=url)
    (best, *_) = worker.ask("How much water does the dam hold?").answers
    assert best.text == "It holds 40 billion litres."


def test_a_second_citeqa_add_loads_the_grown_corpus(
    own_cluster: SphinxCluster, tmp_path: Path
) -> None:
    corpus, feed = tmp_path / "corpus", tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(DAM) + "\n", encoding="utf-8")
    assert _add(own_cluster, tmp_path / "cache", corpus, feed).exit_code == 0
    feed.write_text(json.dumps(CHOIR) + "\n", encoding="utf-8")
    again = _add(own_cluster, tmp_path / "cache", corpus, feed)
    assert again.exit_code == 0, again.output
    assert again.output == (
        "added 1 article(s), 0 skipped, 0 failed; 2 articles, 5 sentences (sphinxql)\n"
    )
    # The cluster holds the grown corpus alone, and a worker answers from it.
    with pymysql.connect(host="127.0.0.1", port=own_cluster.head.port) as connection:
        cursor = connection.cursor()
        cursor.execute(f"SELECT COUNT(*) FROM {own_cluster.index}")
        assert cursor.fetchall() == ((5,),)
    url = own_cluster.search_url
    worker = Engine.open(corpus, tmp_path / "cache", "sphinxql", sphinx_url=url)
    (best, *_) = worker.ask("Where did the school choir go?").answers
    assert best.text == "The school choir left for a tour of six cities."
