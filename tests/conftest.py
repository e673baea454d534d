"""Fixtures for the core tests: the tiny corpus, an engine over it, the seeds, the CLI."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_process import RunCli, citeqa_command
from click.testing import CliRunner, Result
from tiny_corpus import CORPUS, write_files

from bot.cli import cli
from index import Engine

TESTS = Path(__file__).parent
SEEDS = TESTS.parent / "seeds"
QUESTIONS = TESTS / "questions"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Undo the CLI's logging set-up after each test, so no test sees another's handlers."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the user data and config folders into `tmp_path`, so no test reads the real
    `.env` or writes to the real library (CLI subprocesses inherit this too)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed articles shipped with the repository."""
    return SEEDS


@pytest.fixture(scope="session")
def questions_dir() -> Path:
    """The folder of question sets (tests/questions)."""
    return QUESTIONS


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The tiny invented corpus, written afresh for each test (tests may edit it)."""
    return write_files(tmp_path / "corpus", CORPUS)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """An empty folder for built indexes."""
    return tmp_path / "cache"


@pytest.fixture
def engine(corpus_dir: Path, cache_dir: Path) -> Engine:
    """An engine built over the tiny corpus, its index cached in `cache_dir`."""
    return Engine.open(corpus_dir, cache_dir)


@pytest.fixture(scope="session")
def seeds_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the seeds, built once for the session (no test may change it)."""
    return Engine.open(SEEDS, tmp_path_factory.mktemp("seeds-cache"))


@pytest.fixture(scope="session")
def cli_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny corpus in one folder for the whole session, for CLI tests that only read it."""
    return write_files(tmp_path_factory.mktemp("cli") / "corpus", CORPUS)


@pytest.fixture(scope="session")
def warm_cache(cli_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the index of `cli_corpus`, built once, so CLI runs start warm."""
    cache = tmp_path_factory.mktemp("cli-cache")
    Engine.open(cli_corpus, cache)
    return cache


@pytest.fixture
def cli_env(warm_cache: Path, tmp_path: Path) -> dict[str, str]:
    """The environment for CLI runs: no citeqa or Telegram settings, the warm cache, and the
    library in `tmp_path`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CITEQA_", "TELEGRAM_"))
    }
    env["CITEQA_CACHE_DIR"] = str(warm_cache)
    env["CITEQA_LIBRARY"] = str(tmp_path / "library")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture
def citeqa(tmp_path: Path, cli_env: dict[str, str]) -> RunCli:
    """Run the installed `citeqa` in a fresh process, in an empty folder (so no .env is read).

    Call it as `citeqa("ask", "--json", "Q", input="...")`; it returns the completed process.
    Tests may edit `cli_env` first.
    """
    workdir = tmp_path / "cwd"
    workdir.mkdir(exist_ok=True)

    def run(*args: str | Path, input: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*citeqa_command(), *map(str, args)],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=workdir,
            env=cli_env,
            timeout=60,
        )

    return run


@pytest.fixture
def invoke(
    tmp_path: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run the click CLI in this process (fast, for usage errors and help), env as `citeqa`."""
    for name in list(os.environ):
        if name.startswith(("CITEQA_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CITEQA_CACHE_DIR", str(warm_cache))
    monkeypatch.setenv("CITEQA_LIBRARY", str(tmp_path / "library"))
    workdir = tmp_path / "cwd"
    workdir.mkdir(exist_ok=True)
    monkeypatch.chdir(workdir)

    def run(*args: str | Path, input: str = "") -> Result:
        return CliRunner().invoke(cli, [str(arg) for arg in args], input=input)

    return run
