"""The large-corpus index: engine choice, in-place adds, and crashes mid-add leaving it usable."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import index.store.library
from index import Engine
from index.errors import BackendError
from index.search.backend import QueryTerm
from index.store.cache import library_folder
from index.store.updates import writing

ARTICLES = {
    "lighthouse.txt": "Lighthouse Keeper Retires\n\nThe lighthouse keeper on Gull Island "
    "retired on Friday after forty years. She climbed 112 steps every night to light the "
    "lamp.\n\nThe coast guard will automate the light next spring.\n",
    "bakery.txt": "Bakery Wins Bread Prize\n\nA small bakery in Elmwood won the national "
    "sourdough prize on Sunday. The baker starts work at three in the morning.\n",
}
NEW_ARTICLE = (
    "Ferry Service Returns\n\nThe island ferry returned to service on Tuesday after the "
    "harbour dredging finished. Tickets cost nine dollars.\n"
)


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", ARTICLES)


def hits(engine: Engine, term: str) -> list[int]:
    return [h.position for h in engine.backend.search([QueryTerm(term, 1.0)], 50)]


def test_tantivy_engine_answers_like_the_default(corpus: Path, tmp_path: Path) -> None:
    fast = Engine.open(corpus, tmp_path / "cache", "tantivy")
    default = Engine.open(corpus, tmp_path / "cache", "rank-bm25")
    assert fast.opened.backend == "tantivy"
    assert list(fast.data.sentences) == list(default.data.sentences)
    assert list(fast.data.terms) == list(default.data.terms)
    for question in ("Who retired from the lighthouse?", "Which bakery won a prize?"):
        mine, theirs = fast.ask(question), default.ask(question)
        assert [a.text for a in mine.answers] == [a.text for a in theirs.answers]
        assert [a.score for a in mine.answers] == pytest.approx(
            [a.score for a in theirs.answers], abs=1e-3
        )


def test_auto_picks_rank_bm25_for_a_small_corpus_even_after_tantivy_was_built(
    corpus: Path, tmp_path: Path
) -> None:
    assert Engine.open(corpus, tmp_path / "cache", "auto").opened.backend == "rank-bm25"
    Engine.open(corpus, tmp_path / "cache", "tantivy")
    assert Engine.open(corpus, tmp_path / "cache", "auto").opened.backend == "rank-bm25"


def test_unknown_engine_is_refused(corpus: Path) -> None:
    with pytest.raises(BackendError, match="choose one of auto, rank-bm25, tantivy"):
        Engine.open(corpus, None, "lucene")


def test_a_new_article_is_added_in_place(corpus: Path, tmp_path: Path) -> None:
    first = Engine.open(corpus, tmp_path / "cache", "tantivy")
    (corpus / "ferry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    second = Engine.open(corpus, tmp_path / "cache", "tantivy")
    assert second.opened.cache_folder == first.opened.cache_folder
    assert (second.opened.from_cache, second.opened.added) == (False, 1)
    assert len(second.data.sentences) == len(first.data.sentences) + 3
    assert second.ask("How much does a ferry ticket cost?").answers[0].article.id == "ferry"
    third = Engine.open(corpus, tmp_path / "cache", "tantivy")
    assert (third.opened.from_cache, third.opened.added) == (True, 0)


def test_a_changed_article_rebuilds(corpus: Path, tmp_path: Path) -> None:
    Engine.open(corpus, tmp_path / "cache", "tantivy")
    (corpus / "bakery.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    warnings: list[str] = []
    engine = Engine.open(corpus, tmp_path / "cache", "tantivy", warn=warnings.append)
    assert warnings == ["rebuilding the index: articles changed or were removed (bakery)"]
    assert hits(engine, "sourdough") == []


def test_a_duplicate_article_is_indexed_once(corpus: Path, tmp_path: Path) -> None:
    Engine.open(corpus, tmp_path / "cache", "tantivy")
    (corpus / "copy.txt").write_text(ARTICLES["bakery.txt"], encoding="utf-8")
    warnings: list[str] = []
    engine = Engine.open(corpus, tmp_path / "cache", "tantivy", warn=warnings.append)
    assert warnings == [f"skipped {corpus / 'copy.txt'}: same text as bakery"]
    assert len(hits(engine, "sourdough")) == 1


@pytest.mark.parametrize("failing", ["write_documents", "write_manifest"])
def test_a_crash_mid_add_leaves_the_old_index_usable(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = Engine.open(corpus, tmp_path / "cache", "tantivy")
    count = len(before.data.sentences)
    (corpus / "ferry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    real = index.store.library.write_documents

    def failing_terms(terms: Iterator[str]) -> Iterator[str]:
        yield next(terms)
        raise OSError("disk unplugged")

    def crash(*args: Any, **kwargs: Any) -> Any:
        if failing == "write_documents":  # dies with a document added, before the commit
            folder, first, terms = args[:3]
            return real(folder, first, failing_terms(iter(terms)), *args[3:], **kwargs)
        raise OSError("disk unplugged")  # tantivy has committed; the manifest is not written

    monkeypatch.setattr(index.store.library, failing, crash)
    with pytest.raises(OSError, match="disk unplugged"):
        Engine.open(corpus, tmp_path / "cache", "tantivy")
    monkeypatch.undo()

    folder = library_folder(tmp_path / "cache", corpus, before.settings.index_settings())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["sentences"] == count
    (corpus / "ferry.txt").rename(tmp_path / "ferry.txt")
    old = Engine.open(corpus, tmp_path / "cache", "tantivy")
    assert (old.opened.from_cache, len(old.data.sentences)) == (True, count)
    assert hits(old, "ferri") == []
    assert old.ask("Who retired from the lighthouse?").answers

    (tmp_path / "ferry.txt").rename(corpus / "ferry.txt")
    retried = Engine.open(corpus, tmp_path / "cache", "tantivy")
    assert len(retried.data.sentences) == count + 3
    assert len(hits(retried, "ferri")) == 2
    assert retried.ask("How much does a ferry ticket cost?").answers[0].article.id == "ferry"


def test_no_cache_dir_still_serves_tantivy(corpus: Path) -> None:
    engine = Engine.open(corpus, None, "tantivy")
    assert engine.ask("Who retired from the lighthouse?").answers


def test_an_update_waits_for_another_processs_update(corpus: Path, tmp_path: Path) -> None:
    first = Engine.open(corpus, tmp_path / "cache", "tantivy")
    folder = first.opened.cache_folder
    assert folder is not None
    (corpus / "ferry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    opened: list[Engine] = []
    thread = threading.Thread(
        target=lambda: opened.append(Engine.open(corpus, tmp_path / "cache", "tantivy"))
    )
    with writing(folder):
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive() and not opened
    thread.join()
    assert opened[0].opened.added == 1
