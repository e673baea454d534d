"""Corpus loading: metadata from front matter, sidecars or the text; bad files skipped, named."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_corpus import write_files

from index import CorpusError, Engine
from index.corpus.finding import find_article_files, seeds_folder
from index.corpus.reading import load_corpus
from index.models import Article

STORY = "Zoo Welcomes Two Giant Pandas\n\nThe city zoo welcomed two giant pandas on Tuesday.\n"


def articles_by_id(folder: Path) -> dict[str, Article]:
    """Load a folder and index its articles by id."""
    return {article.id: article for article in load_corpus(folder).articles}


def test_the_tiny_corpus_loads_with_its_metadata(corpus_dir: Path) -> None:
    articles = articles_by_id(corpus_dir)
    assert articles["pandas"] == Article(
        id="pandas",
        title="Zoo Welcomes Two Giant Pandas",
        path=str(corpus_dir / "pandas.txt"),
        publisher="Daily Planet",
        author="Maria Lopez",
        date="2021-05-04",
        url="https://example.org/pandas",
    )
    assert (articles["race"].publisher, articles["race"].date) == ("Solar News", "2020-09")
    assert (articles["council"].publisher, articles["council"].date) == ("Metro Herald", "2022")
    assert sorted(articles) == ["council", "pandas", "race"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.txt": STORY}, {"title": "Zoo Welcomes Two Giant Pandas", "publisher": None}),
        (
            {"a.txt": "---\ntitle: Pandas Arrive\nurl: https://example.org/p\n---\n" + STORY},
            {"title": "Pandas Arrive", "url": "https://example.org/p"},
        ),
        (
            {"a.txt": STORY, "a.meta.yaml": "author: Maria Lopez\ndate: 2021-05\n"},
            {"author": "Maria Lopez", "date": "2021-05"},
        ),
        (
            {"a.txt": STORY + "\nCopyright 2019 NPR. To see more, visit\n"},
            {"publisher": "NPR", "date": "2019"},
        ),
        (
            {
                "a.txt": STORY + "\nCopyright 2019 NPR. To see more, visit\n",
                "a.meta.yaml": "publisher: National Public Radio\ndate: 2019-01-10\n",
            },
            {"publisher": "National Public Radio", "date": "2019-01-10"},
        ),
        (
            {"a.txt": "menu search home login\n\nFiled under:\n\n" + STORY},
            {"title": "Zoo Welcomes Two Giant Pandas"},
        ),
        ({"a.md": STORY}, {"title": "Zoo Welcomes Two Giant Pandas"}),
    ],
    ids=[
        "title-is-first-line",
        "front-matter",
        "sidecar",
        "inferred-copyright",
        "sidecar-beats-inference",
        "title-after-residue",
        "markdown",
    ],
)
def test_article_metadata(tmp_path: Path, files: dict[str, str], expected: dict[str, str]) -> None:
    (article,) = load_corpus(write_files(tmp_path / "c", files)).articles
    for field, value in expected.items():
        assert getattr(article, field) == value, field


def test_front_matter_is_not_text(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "c", {"a.txt": "---\npublisher: Daily Planet\n---\n" + STORY})
    texts = [s.text for s in load_corpus(folder).sentences]
    assert texts == [
        "Zoo Welcomes Two Giant Pandas",
        "The city zoo welcomed two giant pandas on Tuesday.",
    ]


def test_articles_in_subfolders_get_path_ids_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "c",
        {"world/asia.txt": STORY, ".draft.txt": "Draft\n\nNot ready.\n", "notes.csv": "a,b\n"},
    )
    assert [item.id for item in find_article_files(folder)] == ["world/asia"]


def test_a_missing_folder_is_a_corpus_error_saying_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"does not exist.*--corpus") as error:
        load_corpus(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(error.value)


def test_an_empty_folder_is_a_corpus_error_saying_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write_files(tmp_path / "empty", {"notes.csv": "a,b\n"})
    with pytest.raises(CorpusError, match=r"no \.txt.*articles") as error:
        load_corpus(tmp_path / "empty")
    assert str(tmp_path / "empty") in str(error.value)


def test_several_folders_are_one_corpus_and_an_id_taken_earlier_is_left_out(
    tmp_path: Path, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    library = write_files(tmp_path / "library", {"added/asia.md": STORY, "pandas.txt": STORY})
    files = find_article_files([corpus_dir, library])
    assert [item.id for item in files] == ["added/asia", "council", "pandas", "race"]
    assert files[2].path == corpus_dir / "pandas.txt"
    assert f"left out {library / 'pandas.txt'}" in caplog.text
    assert [a.id for a in load_corpus([corpus_dir, library]).articles] == [
        "added/asia",
        "council",
        "pandas",
        "race",
    ]


def test_of_several_folders_one_may_be_empty_but_none_missing(
    tmp_path: Path, corpus_dir: Path
) -> None:
    (tmp_path / "empty").mkdir()
    assert len(find_article_files([corpus_dir, tmp_path / "empty"])) == 3
    with pytest.raises(CorpusError, match=r"does not exist") as error:
        find_article_files([corpus_dir, tmp_path / "nowhere"])
    assert str(tmp_path / "nowhere") in str(error.value)
    (tmp_path / "empty2").mkdir()
    with pytest.raises(CorpusError, match=r"corpus folders .* have no \.txt"):
        find_article_files([tmp_path / "empty", tmp_path / "empty2"])


def test_the_seeds_are_found_wherever_citeqa_runs(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert seeds_folder() == seeds_dir.resolve()
    assert len(find_article_files(seeds_folder())) == 2


def test_a_binary_article_is_skipped_with_a_warning_naming_it(corpus_dir: Path) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    corpus = load_corpus(corpus_dir)
    assert sorted(a.id for a in corpus.articles) == ["council", "pandas", "race"]
    (warning,) = [w for w in corpus.warnings if "broken.txt" in w]
    assert "binary" in warning
    assert "\n" not in warning


def test_a_skipped_article_is_told_to_the_warn_callback(corpus_dir: Path, cache_dir: Path) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    heard: list[str] = []
    engine = Engine.open(corpus_dir, cache_dir, warn=heard.append)
    assert any("broken.txt" in line for line in heard)
    assert len(engine.articles) == 3
    assert not engine.ask("How much bamboo do the pandas eat?").abstained


def test_an_article_with_nothing_left_after_cleaning_is_skipped(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "c", {"a.txt": STORY, "menu.txt": "clock menu more-arrow no yes mobile\n"}
    )
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["a"]
    assert any("menu.txt" in w for w in corpus.warnings)


def test_a_folder_of_only_unreadable_articles_is_a_corpus_error(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "c", {"a.txt": b"\x00\x00binary"})
    with pytest.raises(CorpusError, match=r"a\.txt"):
        load_corpus(folder)


def test_a_latin1_article_is_decoded(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "c",
        {
            "cafe.txt": "Caf\u00e9 Owners Complain\n\nThe caf\u00e9 na\u00efvely closed.\n".encode(
                "latin-1"
            )
        },
    )
    corpus = load_corpus(folder)
    assert corpus.articles[0].title == "Caf\u00e9 Owners Complain"
    assert corpus.sentences[-1].text == "The caf\u00e9 na\u00efvely closed."
    assert any("cafe.txt" in w and "UTF-8" in w for w in corpus.warnings)


def test_a_utf8_article_with_a_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "c", {"a.txt": "\ufeff" + STORY})
    corpus = load_corpus(folder)
    assert corpus.articles[0].title == "Zoo Welcomes Two Giant Pandas"
    assert corpus.warnings == []


def test_a_duplicate_article_is_skipped_with_a_warning(tmp_path: Path) -> None:
    other = "Students Win Solar Car Race\n\nA team of students won the race.\n"
    folder = write_files(tmp_path / "c", {"a.txt": STORY, "b.txt": other, "copy.txt": STORY})
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["a", "b"]
    (warning,) = corpus.warnings
    assert "copy.txt" in warning
    assert [s.article_id for s in corpus.sentences].count("a") == 2
