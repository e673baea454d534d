"""The naive baseline: BM25Okapi over `\\w+` words of the sentences all engines read."""

from __future__ import annotations

from pathlib import Path

import pytest
from rank_bm25 import BM25Okapi
from tiny_corpus import BAMBOO

from bot.config import Settings
from index import ENGINES, Engine, EngineSettings
from index.answering.baseline import BaselineAnswerer
from index.search.backend import QueryTerm
from index.search.naive import NaiveBackend, naive_query, naive_words

TEXTS = [
    "Kim met Trump in Singapore.",
    "Kim's train reached Beijing; Kim stayed two days.",
    "Pandas eat bamboo, 40 kilograms a day.",
    "The summit in Hanoi ended early.",
    "",
]
LEXICAL = EngineSettings(ranker="lexical")


def test_words_are_lower_cased_w_runs_with_nothing_dropped_or_stemmed() -> None:
    assert naive_words("Kim's 2 summits, in HANOI!") == ["kim", "s", "2", "summits", "in", "hanoi"]


def test_a_repeated_word_counts_as_often_as_it_is_asked() -> None:
    assert naive_query("Kim and Kim") == [QueryTerm("kim", 2.0), QueryTerm("and", 1.0)]


@pytest.mark.parametrize(
    "question", ["Where did Kim meet Trump?", "kim kim beijing", "pandas bamboo day", "zebra"]
)
def test_scores_are_rank_bm25_okapis_with_its_defaults(question: str) -> None:
    backend = NaiveBackend(TEXTS)
    oracle = BM25Okapi([naive_words(text) for text in TEXTS]).get_scores(naive_words(question))
    expected = sorted(
        ((float(score), position) for position, score in enumerate(oracle) if score > 0),
        key=lambda item: (-item[0], item[1]),
    )
    hits = backend.search(naive_query(question), len(TEXTS))
    assert [hit.position for hit in hits] == [position for _, position in expected]
    assert [hit.score for hit in hits] == pytest.approx([score for score, _ in expected])


def test_the_baseline_is_one_of_the_engines() -> None:
    assert "naive" in ENGINES


def test_the_baseline_reads_the_sentences_every_engine_reads(corpus_dir: Path) -> None:
    naive = Engine.open(corpus_dir, None, "naive")
    lexical = Engine.open(corpus_dir, None, "rank-bm25", LEXICAL)
    assert naive.data.sentences == lexical.data.sentences
    assert naive.articles == lexical.articles
    assert (naive.backend.name, naive.opened.backend) == ("naive", "naive")
    assert isinstance(naive.answerer, BaselineAnswerer)
    assert naive.vectors is None


def test_the_baseline_shares_the_cached_index(corpus_dir: Path, cache_dir: Path) -> None:
    built = Engine.open(corpus_dir, cache_dir, "rank-bm25", LEXICAL)
    naive = Engine.open(corpus_dir, cache_dir, "naive")
    assert naive.opened.from_cache
    assert naive.opened.cache_folder == built.opened.cache_folder


def test_the_baseline_answers_what_the_engine_abstains_on(corpus_dir: Path) -> None:
    question = "What is the recipe for lasagna?"
    assert Engine.open(corpus_dir, None, "rank-bm25", LEXICAL).ask(question).abstained
    reply = Engine.open(corpus_dir, None, "naive").ask(question, top=2)
    assert not reply.abstained
    assert len(reply.answers) == 2


def test_the_baseline_ranks_by_bm25_alone_and_cites(corpus_dir: Path) -> None:
    reply = Engine.open(corpus_dir, None, "naive").ask("How much bamboo do the pandas eat?")
    scores = [answer.score for answer in reply.answers]
    assert reply.answers[0].text == BAMBOO
    assert scores == sorted(scores, reverse=True)
    assert reply.answers[0].matched_terms == ("the", "pandas", "eat", "bamboo")
    assert reply.answers[0].before and reply.answers[0].after


@pytest.mark.parametrize(("question", "notice"), [("zebra quokka", None), ("  ", "Please ask")])
def test_the_baseline_abstains_only_when_no_sentence_holds_a_word(
    corpus_dir: Path, question: str, notice: str | None
) -> None:
    reply = Engine.open(corpus_dir, None, "naive").ask(question)
    assert reply.abstained and not reply.answers
    assert (reply.notice or "")[: len(notice or "")] == (notice or "")


def test_settings_open_the_baseline_for_every_front_end(corpus_dir: Path, tmp_path: Path) -> None:
    settings = Settings(corpus=corpus_dir, cache_dir=tmp_path / "cache", engine="naive")
    engine = settings.open_engine()
    assert engine.backend.name == "naive"
    assert engine.ask("How much bamboo do the pandas eat?").answers[0].text == BAMBOO
