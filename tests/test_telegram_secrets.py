"""The token never reaches a log, an error line or a chat: on crashes, 401s and garbage alike."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from telegram_fakes import TOKEN, FakeRequest, ScriptedEngine, Updates, failure
from telegram_faults import retry_at_once

from bot.cli import cli
from bot.config import Settings
from bot.logs import configure_logging, protect_token
from bot.telegram.app import EXIT_CONFIG, EXIT_TELEGRAM, build_application, run_bot
from bot.telegram.polling import Poller
from bot.telegram.text import FAILED

SECRET_PART = TOKEN.split(":", 1)[1]
URL = f"http://127.0.0.1:9/bot{TOKEN}/sendMessage"

ARTICLE = """---
title: Night trains return
publisher: Rail Weekly
---
Night trains between Paris and Berlin started running again in December.
"""


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Log everything, DEBUG up, to a file as `citeqa telegram` does; restore logging after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    path = tmp_path / "bot.log"
    configure_logging("DEBUG", path)
    try:
        yield path
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rail.txt").write_text(ARTICLE, encoding="utf-8")
    return Settings(corpus=corpus, cache_dir=tmp_path / "cache", telegram_token=TOKEN)


def assert_no_token(text: str) -> None:
    assert TOKEN not in text
    assert SECRET_PART not in text


def unauthorized(params: dict[str, Any]) -> tuple[int, Any]:
    return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_a_crash_in_a_handler_naming_the_token_logs_a_redacted_traceback(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = FakeRequest()
    engine = ScriptedEngine()
    application, _ = build_application(Settings(), engine, TOKEN, request)
    protect_token(TOKEN)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"could not fetch {URL}")

    monkeypatch.setattr(engine, "ask", crash)
    async with application:
        await application.process_update(Updates(application.bot).message("Who?"))
    log = log_file.read_text(encoding="utf-8")
    assert "Traceback" in log and "could not fetch" in log
    assert_no_token(log)
    assert [params["text"] for params in request.sent()] == [FAILED]


async def test_an_http_failure_naming_the_url_is_retried_and_logged_without_the_token(
    log_file: Path,
) -> None:
    def refused(params: dict[str, Any]) -> tuple[int, Any]:
        raise OSError(f"connection refused for {URL}")

    request = FakeRequest()
    request.scripts["sendMessage"] = [refused, refused, failure]
    application, _ = build_application(Settings(), ScriptedEngine(), TOKEN, request)
    retry_at_once(application)
    protect_token(TOKEN)
    async with application:
        await application.process_update(Updates(application.bot).message("Who?"))
    log = log_file.read_text(encoding="utf-8")
    assert "connection refused for" in log and "retrying" in log
    assert_no_token(log)


def test_a_token_telegram_rejects_exits_2_and_logs_no_token(
    settings: Settings, log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = FakeRequest()
    request.answers["getMe"] = unauthorized
    assert run_bot(settings, request=request) == EXIT_CONFIG
    log = log_file.read_text(encoding="utf-8")
    assert "Telegram rejected the bot token" in log
    assert_no_token(log + "".join(capsys.readouterr()))


def test_an_unexpected_crash_exits_1_with_the_traceback_but_no_token(
    settings: Settings,
    log_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def explode(self: Poller, stop: object) -> int:
        raise RuntimeError(f"poller broke on {URL} ({self.application.bot!r})")

    monkeypatch.setattr(Poller, "run", explode)
    assert run_bot(settings, request=FakeRequest()) == EXIT_TELEGRAM
    log = log_file.read_text(encoding="utf-8")
    assert "The bot stopped on an unexpected error" in log
    assert "poller broke on" in log and "Traceback" in log
    assert_no_token(log + "".join(capsys.readouterr()))


def test_a_whole_session_at_debug_level_logs_no_token(settings: Settings, log_file: Path) -> None:
    request = FakeRequest()
    polls: list[int] = []

    def one_question(params: dict[str, Any]) -> tuple[int, Any]:
        polls.append(1)
        if len(polls) > 1:
            return unauthorized(params)  # ends the session (a revoked token)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "text": "Night trains?",
            },
        }
        return 200, {"ok": True, "result": [update]}

    request.answers["getUpdates"] = one_question
    assert run_bot(settings, request=request) == EXIT_CONFIG
    log = log_file.read_text(encoding="utf-8")
    assert "Calling Bot API endpoint `sendMessage`" in log
    assert_no_token(log)


def test_a_malformed_token_is_not_echoed_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    wrong = "12345:short-but-secret"
    result = CliRunner().invoke(
        cli, ["telegram"], env={"TELEGRAM_BOT_TOKEN": wrong, "CITEQA_CORPUS": str(tmp_path)}
    )
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN does not look like a bot token" in result.output
    assert "short-but-secret" not in result.output


def test_logging_set_up_and_protected_has_one_filter_that_hides_each_secret(
    log_file: Path,
) -> None:
    odd_token = "7:not-shaped-like-a-token"
    protect_token(odd_token, webhook_secret="hush-hush")
    protect_token(odd_token, webhook_secret="hush-hush")
    handlers = logging.getLogger().handlers
    assert all(len(handler.filters) == 1 for handler in handlers)
    logger = logging.getLogger("citeqa.test")
    logger.warning("token %s, secret %s, shaped %s", odd_token, "hush-hush", TOKEN)
    try:
        raise RuntimeError(f"failed with {odd_token} and hush-hush")
    except RuntimeError:
        logger.exception("crashed")
    log = log_file.read_text(encoding="utf-8")
    assert "token <token>, secret <secret>, shaped <token>" in log
    assert "failed with <token> and <secret>" in log
    assert odd_token not in log and "hush-hush" not in log
    assert_no_token(log)


def test_a_secret_inside_a_token_does_not_leave_the_rest_of_the_token(log_file: Path) -> None:
    protect_token(webhook_secret=SECRET_PART[:6])
    logging.getLogger("citeqa.test").warning("calling %s", URL)
    log = log_file.read_text(encoding="utf-8")
    assert "calling http://127.0.0.1:9/bot<token>/sendMessage" in log
    assert_no_token(log)
