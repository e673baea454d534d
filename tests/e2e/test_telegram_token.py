"""End to end: when the Bot API refuses the token or answers garbage, the token stays unsaid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_harness import BotProcess, Emulator
from fault_proxy import Fault, FaultProxy, Schedule


@pytest.mark.parametrize(
    ("schedule", "code", "says"),
    [
        ({"getMe": {1: Fault.UNAUTHORIZED}}, 2, "Telegram rejected the bot token"),
        ({"getMe": {1: Fault.GARBAGE}}, 1, "/bot<token>/getMe"),
        ({"getUpdates": {1: Fault.UNAUTHORIZED}}, 2, "Telegram rejected the bot token"),
        ({"getUpdates": {1: Fault.GARBAGE, 2: Fault.UNAUTHORIZED}}, 2, "/bot<token>/getUpdates"),
    ],
    ids=["401-at-start", "garbage-at-start", "401-while-polling", "garbage-while-polling"],
)
def test_a_refused_or_garbled_bot_api_ends_the_bot_without_saying_the_token(
    emulator: Emulator,
    make_proxy: Callable[[Schedule], FaultProxy],
    tmp_path: Path,
    schedule: Schedule,
    code: int,
    says: str,
) -> None:
    proxy = make_proxy(schedule)
    bot = BotProcess(emulator, tmp_path, log_level="DEBUG", api_url=proxy.url, wait=False)
    assert bot.wait(60) == code
    log = bot.log_text()
    assert says in log
    assert bot.token not in log
    assert bot.token.split(":", 1)[1] not in log
