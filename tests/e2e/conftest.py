"""Fixtures for the end-to-end tests: the emulator, the real bot against it, users, an oracle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_harness import SEEDS, BotProcess, Emulator, EmulatorMissing
from e2e_users import User
from fault_proxy import FaultProxy, Schedule
from servers import server_missing

from index import Engine


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """Start the Bot API emulator on a free 127.0.0.1 port, ready to use; stop it after.

    Without Node.js or the emulator the tests skip (fail under CITEQA_REQUIRE_SERVERS=1).
    """
    try:
        running = Emulator(tmp_path_factory.mktemp("emulator"))
    except EmulatorMissing as error:
        server_missing(str(error))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def bot(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """Start one bot process for the conversation tests; each test uses chats of its own."""
    process = BotProcess(emulator, tmp_path_factory.mktemp("bot"))
    yield process
    process.stop()


@pytest.fixture
def user(emulator: Emulator, bot: BotProcess) -> User:
    """A new user in a new private chat with the shared bot."""
    return User(emulator, bot.token)


@pytest.fixture
def new_user(emulator: Emulator, bot: BotProcess) -> Callable[..., User]:
    """Make further users (private chats by default) talking to the shared bot."""

    def make(chat_type: str = "private", chat_id: int | None = None) -> User:
        made = User(emulator, bot.token, chat_type=chat_type)
        if chat_id is not None:
            made.chat_id = chat_id
        return made

    return make


@pytest.fixture(scope="session")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The engine in this process, over the same corpus: what the bot should be saying."""
    return Engine.open(corpus=SEEDS, cache_dir=tmp_path_factory.mktemp("oracle-cache"))


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder for a bot process of a test's own."""
    return tmp_path


@pytest.fixture
def make_proxy(emulator: Emulator) -> Iterator[Callable[[Schedule], FaultProxy]]:
    """Start fault-injecting proxies in front of the emulator; stop them after the test."""
    started: list[FaultProxy] = []

    def make(schedule: Schedule) -> FaultProxy:
        proxy = FaultProxy(emulator.url, schedule)
        started.append(proxy)
        return proxy

    yield make
    for proxy in started:
        proxy.stop()
