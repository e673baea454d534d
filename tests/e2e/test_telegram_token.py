"""End to end: when the Bot API refuses the token or answers garbage, the token stays unsaid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_harness import BotProcess, Emulator, free_port
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


@pytest.mark.parametrize(
    ("fault", "code", "says"),
    [
        (Fault.UNAUTHORIZED, 2, "Telegram rejected the bot token"),
        (None, 1, "Could not start the bot against"),
    ],
    ids=["401-at-start", "unreachable"],
)
def test_webhook_mode_says_in_one_line_why_it_could_not_start(
    emulator: Emulator,
    make_proxy: Callable[[Schedule], FaultProxy],
    tmp_path: Path,
    fault: Fault | None,
    code: int,
    says: str,
) -> None:
    port = free_port()
    nobody = f"http://127.0.0.1:{free_port()}"  # getMe is retried for about half a minute
    bot = BotProcess(
        emulator,
        tmp_path,
        log_level="DEBUG",
        args=["--webhook", f"http://127.0.0.1:{port}/citeqa"],
        extra_env={"CITEQA_WEBHOOK_PORT": str(port)},
        api_url=make_proxy({"getMe": {1: fault}}).url if fault else nobody,
        wait=False,
    )
    assert bot.wait(90) == code
    log = bot.log_text()
    errors = [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert len(errors) == 1, log
    assert says in errors[0]
    assert "Traceback" not in log
    assert "Serving @" not in log
    assert bot.token not in log
