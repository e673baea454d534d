"""The index cache: loaded when fresh, rebuilt when the corpus or settings change or it breaks."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from index import AnswerSettings, Engine, EngineSettings, IndexFormatError
from index import engine as engine_module
from index.store import building
from index.store.cache import ARTICLES, MANIFEST, SENTENCES, load_index, save_index
from index.text.analyzer import AnalyzerSettings

QUESTION = "How much bamboo do the pandas eat?"


def open_engine(
    corpus: Path | list[Path], cache: Path, settings: EngineSettings | None = None
) -> tuple[Engine, list[str]]:
    """Open an engine, collecting what it warns about."""
    heard: list[str] = []
    engine = Engine.open(corpus, cache, settings=settings, warn=heard.append)
    return engine, heard


def index_folders(cache: Path) -> list[Path]:
    """Return the complete index folders in a cache (those with a manifest)."""
    return sorted(path.parent for path in cache.glob("*/" + MANIFEST))


def test_the_second_open_loads_from_the_cache(corpus_dir: Path, cache_dir: Path) -> None:
    first, heard_first = open_engine(corpus_dir, cache_dir)
    second, heard_second = open_engine(corpus_dir, cache_dir)
    assert (first.opened.from_cache, second.opened.from_cache) == (False, True)
    assert first.opened.cache_folder == second.opened.cache_folder
    assert second.data == first.data
    assert second.ask(QUESTION) == first.ask(QUESTION)
    assert heard_first == heard_second == []


def test_without_a_cache_folder_nothing_is_saved(corpus_dir: Path) -> None:
    engine = Engine.open(corpus_dir)
    assert (engine.opened.from_cache, engine.opened.cache_folder) == (False, None)
    assert not engine.ask(QUESTION).abstained


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pandas.txt", "Zoo Welcomes Pandas\n\nThe pandas now eat 50 kilograms of bamboo.\n"),
        ("race.meta.yaml", "publisher: Solar Weekly\n"),
        ("new.txt", "Library Opens\n\nThe city library opened on Friday.\n"),
    ],
    ids=["edited-article", "edited-sidecar", "added-article"],
)
def test_a_changed_corpus_gets_a_new_index(
    corpus_dir: Path, cache_dir: Path, name: str, content: str
) -> None:
    before, _ = open_engine(corpus_dir, cache_dir)
    (corpus_dir / name).write_text(content, encoding="utf-8")
    after, _ = open_engine(corpus_dir, cache_dir)
    assert not after.opened.from_cache
    assert after.opened.cache_folder != before.opened.cache_folder
    assert after.data != before.data


@pytest.mark.parametrize("changed", ["first", "second"])
def test_a_change_in_either_of_two_folders_gets_a_new_index(
    corpus_dir: Path, cache_dir: Path, tmp_path: Path, changed: str
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "library.txt").write_text("Library Opens\n\nIt opened on Friday.\n")
    folders = [corpus_dir, library]
    before, _ = open_engine(folders, cache_dir)
    again, _ = open_engine(folders, cache_dir)
    assert again.opened.from_cache
    assert [a.id for a in before.articles] == ["council", "library", "pandas", "race"]
    folder = corpus_dir if changed == "first" else library
    (folder / "new.txt").write_text("Bakery Wins\n\nThe bakery won a prize.\n")
    after, _ = open_engine(folders, cache_dir)
    assert not after.opened.from_cache
    assert after.opened.cache_folder != before.opened.cache_folder
    assert "new" in [a.id for a in after.articles]
    alone, _ = open_engine(corpus_dir, cache_dir)
    assert "library" not in [a.id for a in alone.articles]


def test_a_removed_article_gets_a_new_index(corpus_dir: Path, cache_dir: Path) -> None:
    before, _ = open_engine(corpus_dir, cache_dir)
    (corpus_dir / "race.txt").unlink()
    after, _ = open_engine(corpus_dir, cache_dir)
    assert not after.opened.from_cache
    assert [a.id for a in after.articles] == ["council", "pandas"]
    assert after.opened.cache_folder != before.opened.cache_folder


@pytest.mark.parametrize(
    "analyzer",
    [
        AnalyzerSettings(stem=False),
        AnalyzerSettings(drop_stopwords=False),
        AnalyzerSettings(split_hyphens=False),
    ],
    ids=["stem", "stopwords", "hyphens"],
)
def test_a_changed_analyzer_setting_gets_a_new_index(
    corpus_dir: Path, cache_dir: Path, analyzer: AnalyzerSettings
) -> None:
    default, _ = open_engine(corpus_dir, cache_dir)
    other, _ = open_engine(corpus_dir, cache_dir, settings=EngineSettings(analyzer=analyzer))
    assert not other.opened.from_cache
    assert other.opened.cache_folder != default.opened.cache_folder
    again, _ = open_engine(corpus_dir, cache_dir, settings=EngineSettings(analyzer=analyzer))
    assert again.opened.from_cache
    assert again.opened.cache_folder == other.opened.cache_folder


def test_an_index_built_by_other_cleaning_or_feature_code_is_not_reused(
    corpus_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, _ = open_engine(corpus_dir, cache_dir)
    assert before.settings.index_settings()["build"] == engine_module.build_fingerprint()
    # As if a feature pattern or a cleaning rule had changed since the index was built.
    monkeypatch.setattr(engine_module, "build_fingerprint", lambda: "other-code")
    after, _ = open_engine(corpus_dir, cache_dir)
    assert not after.opened.from_cache
    assert after.opened.cache_folder != before.opened.cache_folder


def test_the_build_fingerprint_covers_every_build_source() -> None:
    files = resources.files("index")
    assert all(files.joinpath(name).is_file() for name in building.BUILD_SOURCES)
    assert len(building.build_fingerprint()) == 16


@pytest.mark.parametrize(
    "settings",
    [
        EngineSettings(k1=0.9, b=0.4),
        EngineSettings(bm25_variant="okapi"),
        EngineSettings(answer=replace(AnswerSettings(), type_bonus=0.0)),
    ],
    ids=["bm25-parameters", "bm25-variant", "answer-settings"],
)
def test_search_settings_reuse_the_index(
    corpus_dir: Path, cache_dir: Path, settings: EngineSettings
) -> None:
    default, _ = open_engine(corpus_dir, cache_dir)
    other, _ = open_engine(corpus_dir, cache_dir, settings=settings)
    assert other.opened.from_cache
    assert other.opened.cache_folder == default.opened.cache_folder


@pytest.mark.parametrize("name", [MANIFEST, ARTICLES, SENTENCES])
@pytest.mark.parametrize("damage", ["truncate", "empty", "delete", "garbage"])
def test_a_corrupt_cache_is_rebuilt_with_a_one_line_warning(
    corpus_dir: Path, cache_dir: Path, name: str, damage: str
) -> None:
    built, _ = open_engine(corpus_dir, cache_dir)
    assert built.opened.cache_folder is not None
    path = built.opened.cache_folder / name
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "delete":
        path.unlink()
    else:
        path.write_bytes(b"\x00\xff{not json")

    rebuilt, heard = open_engine(corpus_dir, cache_dir)
    assert not rebuilt.opened.from_cache
    assert len(heard) == 1
    assert "\n" not in heard[0]
    assert "rebuild" in heard[0]
    assert rebuilt.data == built.data
    assert rebuilt.ask(QUESTION) == built.ask(QUESTION)

    healed, heard_again = open_engine(corpus_dir, cache_dir)
    assert healed.opened.from_cache
    assert heard_again == []


def test_a_cache_from_other_settings_is_refused(corpus_dir: Path, cache_dir: Path) -> None:
    built, _ = open_engine(corpus_dir, cache_dir)
    assert built.opened.cache_folder is not None
    with pytest.raises(IndexFormatError, match="settings"):
        load_index(built.opened.cache_folder, {"analyzer": {"stem": False}})


def _index_entries(cache_dir: Path) -> list[str]:
    """Return what the cache folder holds besides the vector store, which is kept beside."""
    return [path.name for path in cache_dir.iterdir() if not path.name.startswith("vectors-")]


def test_a_failed_save_leaves_the_old_index_whole(corpus_dir: Path, cache_dir: Path) -> None:
    built, _ = open_engine(corpus_dir, cache_dir)
    folder = built.opened.cache_folder
    assert folder is not None
    # One term list short: writing the sentences fails half-way through.
    broken = replace(built.data, terms=built.data.terms[:-1])
    with pytest.raises(ValueError):
        save_index(broken, folder)
    assert load_index(folder, built.data.settings) == built.data
    assert index_folders(cache_dir) == [folder]
    assert _index_entries(cache_dir) == [folder.name]


def test_a_half_written_index_is_never_loaded(corpus_dir: Path, cache_dir: Path) -> None:
    built, _ = open_engine(corpus_dir, cache_dir)
    folder = built.opened.cache_folder
    assert folder is not None
    broken = replace(built.data, terms=built.data.terms[:-1])
    other = cache_dir / "fresh"
    with pytest.raises(ValueError):
        save_index(broken, other)
    assert not other.exists()
    assert _index_entries(cache_dir) == [folder.name]


def test_an_unwritable_cache_warns_and_answers_from_memory(
    corpus_dir: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    engine, heard = open_engine(corpus_dir, blocked / "cache")
    assert len(heard) == 2
    assert "could not save" in heard[0]
    assert "could not keep sentence vectors" in heard[1] and "in memory" in heard[1]
    assert not engine.ask(QUESTION).abstained
