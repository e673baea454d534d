"""Where citeqa finds articles and settings from any folder: the seeds, your library, `.env`."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path

import pytest
from cli_process import RunCli

from bot.config import Settings, dotenv_files, load_settings
from index.corpus.finding import seeds_folder

ROOT = Path(__file__).resolve().parent.parent
KIM = "Who did Kim meet?"
STORY = "Harbour Bridge Reopens\n\nThe harbour bridge reopened after 312 cables were replaced.\n"
CABLES = "The harbour bridge reopened after 312 cables were replaced."
QUESTION_SET = (
    "cases:\n  - id: a\n    question: Who did Kim Jong Un meet in Beijing?\n"
    "    expect: Xi Jinping\n"
)


@pytest.fixture
def library(cli_env: dict[str, str]) -> Path:
    """The library folder the CLI runs use (in tmp_path; not made yet)."""
    return Path(cli_env["CITEQA_LIBRARY"])


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """An article file to add."""
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def seeds_listing() -> list[str]:
    """Return the names in the checkout's seeds folder."""
    return sorted(path.name for path in (ROOT / "seeds").iterdir())


def test_ask_finds_the_seeds_from_any_folder(citeqa: RunCli) -> None:
    result = citeqa("ask", "--json", KIM)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert answers
    seeds = str(ROOT / "seeds")
    assert all(a["source"]["path"].startswith(seeds) for a in answers)


def test_index_info_names_the_seeds_and_where_the_library_will_be(
    citeqa: RunCli, library: Path
) -> None:
    text = citeqa("index", "info")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[:2] == [
        f"corpus    {ROOT / 'seeds'}",
        f"library   {library} (none yet: `citeqa add` puts articles here)",
    ]
    info = json.loads(citeqa("index", "info", "--json").stdout)
    assert (info["corpus"], info["library"]) == (str(ROOT / "seeds"), str(library))
    assert info["folders"] == [str(ROOT / "seeds")]
    assert info["articles"] == 2


def test_add_puts_articles_in_the_library_and_ask_serves_them_beside_the_seeds(
    citeqa: RunCli, library: Path, story: Path, cli_corpus: Path
) -> None:
    before = seeds_listing()
    added = citeqa("add", story)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added 1 article(s), 0 skipped, 0 failed; 3 articles, ")
    assert [p.relative_to(library).as_posix() for p in library.rglob("*.md")] == ["added/story.md"]
    assert seeds_listing() == before
    asked = citeqa("ask", "--json", "How many cables were replaced?", KIM)
    cables, kim = (json.loads(line) for line in asked.stdout.splitlines())
    assert cables["answers"][0]["text"] == CABLES
    assert kim["answers"][0]["source"]["path"].startswith(str(ROOT / "seeds"))
    info = json.loads(citeqa("index", "info", "--json").stdout)
    assert info["folders"] == [str(ROOT / "seeds"), str(library)]
    assert info["articles"] == 3
    alone = json.loads(citeqa("index", "info", "--json", "--corpus", cli_corpus).stdout)
    assert (alone["folders"], alone["library"]) == ([str(cli_corpus)], None)


def test_the_library_flag_names_another_library(
    citeqa: RunCli, library: Path, story: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-library"
    assert citeqa("add", "--library", other, story).returncode == 0
    assert (other / "added" / "story.md").is_file()
    assert not library.exists()
    for command in (["ask", "--json"], ["repl", "--json"]):
        args = [*command, "--library", other]
        question = "How many cables were replaced?"
        result = citeqa(*args, question) if command[0] == "ask" else citeqa(*args, input=question)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["answers"][0]["text"] == CABLES
    info = json.loads(citeqa("index", "info", "--json", "--library", other).stdout)
    assert info["folders"] == [str(ROOT / "seeds"), str(other)]


def test_eval_answers_from_the_seeds_alone(citeqa: RunCli, story: Path, tmp_path: Path) -> None:
    assert citeqa("add", story).returncode == 0
    questions = tmp_path / "questions.yaml"
    questions.write_text(QUESTION_SET, encoding="utf-8")
    result = citeqa("eval", questions, "--json", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["corpus"] == str(ROOT / "seeds")


def test_dotenv_is_read_from_the_user_config_folder_and_the_working_folder_wins(
    citeqa: RunCli, cli_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config"
    cli_env["XDG_CONFIG_HOME"] = str(config)
    (config / "citeqa").mkdir(parents=True)
    (config / "citeqa" / ".env").write_text("CITEQA_TOP=1\n", encoding="utf-8")
    from_config = citeqa("ask", "--json", KIM)
    assert from_config.returncode == 0, from_config.stderr
    assert len(json.loads(from_config.stdout)["answers"]) == 1
    (tmp_path / "cwd" / ".env").write_text("CITEQA_TOP=2\n", encoding="utf-8")
    from_cwd = citeqa("ask", "--json", KIM)
    assert len(json.loads(from_cwd.stdout)["answers"]) == 2


def test_of_two_dotenv_files_the_first_wins_and_an_empty_value_sets_nothing(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.env", tmp_path / "second.env"
    first.write_text("CITEQA_TOP=2\nTELEGRAM_BOT_TOKEN=\n", encoding="utf-8")
    second.write_text("CITEQA_TOP=5\nCITEQA_ENGINE=tantivy\nTELEGRAM_BOT_TOKEN=1:x\n")
    settings = load_settings({}, [first, second])
    assert (settings.top, settings.engine, settings.telegram_token) == (2, "tantivy", "1:x")
    assert load_settings({"CITEQA_TOP": "4"}, [first, second]).top == 4


def test_dotenv_files_are_the_working_folders_then_the_user_config_folders(
    tmp_path: Path,
) -> None:
    assert dotenv_files() == (Path(".env"), tmp_path / "user-config" / "citeqa" / ".env")


def test_the_library_defaults_to_the_user_data_folder_and_is_served_once_made(
    tmp_path: Path,
) -> None:
    settings = load_settings({}, None)
    library = tmp_path / "user-data" / "citeqa" / "articles"
    assert (settings.corpus, settings.library) == (None, library)
    assert settings.served() == (seeds_folder(),)
    assert settings.add_folder() == library
    library.mkdir(parents=True)
    assert settings.served() == (seeds_folder(), library)
    other = load_settings({"CITEQA_LIBRARY": str(tmp_path / "mine")}, None)
    assert other.add_folder() == tmp_path / "mine"
    corpus = Settings(corpus=tmp_path / "news")
    assert (corpus.served(), corpus.add_folder()) == ((tmp_path / "news",), tmp_path / "news")


def test_a_wheel_carries_every_seed_article() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "index.seeds" in setuptools["packages"]
    assert setuptools["package-dir"]["index.seeds"] == "seeds"
    patterns = setuptools["package-data"]["index.seeds"]
    for name in seeds_listing():
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
