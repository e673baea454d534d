"""Running the bot: its Bot API URLs, the exit codes of run_bot, and the token kept out of logs."""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_process import RunCli
from telegram.ext import Updater
from telegram_fakes import BOT_USER, TOKEN, FakeRequest, ScriptedEngine, conflict
from telegram_faults import no_waiting

from bot.config import ConfigError, Settings
from bot.logs import protect_token
from bot.telegram.app import build_application, run_bot, webhook_path
from bot.telegram.polling import EXIT_CONFLICT
from bot.telegram.sending import PatientRateLimiter

ARTICLE = """---
title: Night trains return
publisher: Rail Weekly
date: 2023-11-02
---
Night trains between Paris and Berlin started running again in December.

The train leaves Paris at eight in the evening. Tickets cost less than a flight.
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rail.txt").write_text(ARTICLE, encoding="utf-8")
    return Settings(
        corpus=corpus,
        cache_dir=tmp_path / "cache",
        telegram_token=TOKEN,
        telegram_api_url="http://127.0.0.1:9",
    )


def unauthorized(params: dict[str, Any]) -> tuple[int, Any]:
    return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_the_bot_talks_to_the_configured_bot_api_server(settings: Settings) -> None:
    application, _ = build_application(settings, ScriptedEngine(), TOKEN, FakeRequest())
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.bot.base_file_url == f"http://127.0.0.1:9/file/bot{TOKEN}"


def test_a_second_instance_polling_the_same_token_exits_with_one_clear_line(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    request = FakeRequest()
    request.answers["getUpdates"] = conflict
    assert run_bot(settings, request=request) == EXIT_CONFLICT
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "409 Conflict" in errors[0]
    assert [call.method for call in request.calls].count("getUpdates") >= 1


def test_a_token_telegram_rejects_exits_with_code_2(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    request = FakeRequest()
    request.answers["getMe"] = unauthorized
    assert run_bot(settings, request=request) == 2
    assert "Telegram rejected the bot token" in caplog.text


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_a_missing_or_malformed_token_is_a_config_error(settings: Settings, token: str) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        run_bot(Settings(corpus=settings.corpus, telegram_token=token), request=FakeRequest())


def test_protect_token_quiets_http_logs_and_redacts_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        protect_token()
        protect_token()
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("httpcore").level == logging.WARNING
        assert len(handler.filters) == 1
        record = logging.LogRecord("x", logging.INFO, "f", 1, "GET /bot%s/getMe", (TOKEN,), None)
        assert handler.filter(record)
        assert TOKEN not in record.getMessage()
        protect_token(webhook_secret="hush-hush")
        record = logging.LogRecord("x", logging.DEBUG, "f", 1, "secret %s", ("hush-hush",), None)
        assert handler.filter(record)
        assert record.getMessage() == "secret <secret>"
    finally:
        root.removeHandler(handler)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://bot.example.com/telegram", "telegram"),
        ("https://bot.example.com/", ""),
        ("https://bot.example.com/a/b/", "a/b"),
    ],
)
def test_webhook_path_is_the_path_of_the_public_url(url: str, path: str) -> None:
    assert webhook_path(url) == path


def test_a_webhook_url_serves_a_webhook_with_a_secret_token(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: dict[str, Any] = {}

    async def start_webhook(self: Updater, **kwargs: Any) -> None:
        served.update(kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # stop as soon as the bot is up

    monkeypatch.setattr(Updater, "start_webhook", start_webhook)
    webhook = replace(settings, webhook_url="https://bot.example.com/citeqa", webhook_port=8444)
    assert run_bot(webhook, request=FakeRequest()) == 0
    assert served["webhook_url"] == "https://bot.example.com/citeqa"
    assert served["url_path"] == "citeqa"
    assert (served["listen"], served["port"]) == ("127.0.0.1", 8444)
    assert len(served["secret_token"]) >= 32
    assert capsys.readouterr().out == (
        f"Serving @citeqa_test_bot: 1 article from {settings.corpus}, by webhook at "
        "bot.example.com, listening on 127.0.0.1:8444; Ctrl-C to stop\n"
    )
    run_bot(replace(webhook, webhook_secret="s3cret"), request=FakeRequest())
    assert served["secret_token"] == "s3cret"


def test_polling_prints_one_line_once_telegram_knows_the_bot(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    request = FakeRequest()
    request.answers["getUpdates"] = unauthorized  # ends the run once polling has begun
    assert run_bot(settings, request=request) == 2
    assert capsys.readouterr().out == (
        f"Serving @{BOT_USER['username']}: 1 article from {settings.corpus}, by long polling; "
        "Ctrl-C to stop\n"
    )


def unreachable(params: dict[str, Any]) -> tuple[int, Any]:
    raise OSError("All connection attempts failed")


@pytest.mark.parametrize("webhook_url", [None, "https://bot.example.com/citeqa"])
@pytest.mark.parametrize(("get_me", "code"), [(unauthorized, 2), (unreachable, 1)])
def test_a_bot_api_that_fails_at_start_is_one_error_line_in_either_mode(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    webhook_url: str | None,
    get_me: Any,
    code: int,
) -> None:
    monkeypatch.setattr(
        "bot.telegram.app.PatientRateLimiter",
        lambda rate: PatientRateLimiter(rate, backoff=no_waiting),
    )
    request = FakeRequest()
    request.answers["getMe"] = get_me
    assert run_bot(replace(settings, webhook_url=webhook_url), request=request) == code
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.name for record in errors] == ["bot.telegram.app"]
    assert errors[0].exc_info is None
    assert [call.method for call in request.calls if call.method != "getMe"] == []
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("webhook_url", "api_url"),
    [
        ("https://bot.example.com/citeqa", "https://api.telegram.org"),
        ("HTTPS://bot.example.com:8443/", "https://api.telegram.org"),
        ("http://127.0.0.1:8081/citeqa", "http://127.0.0.1:8081"),  # a self-hosted Bot API
        (None, "https://api.telegram.org"),
    ],
)
def test_a_webhook_url_telegram_can_call_passes(webhook_url: str | None, api_url: str) -> None:
    Settings(webhook_url=webhook_url, telegram_api_url=api_url).check_webhook_url()


@pytest.mark.parametrize(
    ("webhook_url", "says"),
    [
        (f"http://hooks.example.org/{TOKEN}", "starts with http://, but Telegram only sends"),
        ("HTTP://hooks.example.org/citeqa", "starts with http://, but Telegram only sends"),
        ("hooks.example.org/citeqa", "must be a full https:// URL"),
        ("ftp://hooks.example.org/citeqa", "must be a full https:// URL"),
        ("https:///citeqa", "must be a full https:// URL"),
        ("https://[::1/citeqa", "must be a full https:// URL"),
    ],
)
def test_a_webhook_url_telegram_would_not_call_is_a_config_error(
    webhook_url: str, says: str
) -> None:
    with pytest.raises(ConfigError, match=says) as raised:
        Settings(webhook_url=webhook_url).check_webhook_url()
    assert "hooks.example.org" not in str(raised.value)
    assert TOKEN not in str(raised.value)


def test_citeqa_telegram_refuses_an_http_webhook_before_reading_anything(
    citeqa: RunCli, cli_env: dict[str, str], tmp_path: Path
) -> None:
    cache = tmp_path / "fresh-cache"
    cli_env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "CITEQA_CACHE_DIR": str(cache)}
    done = citeqa("telegram", "--webhook", "http://bot.example.com/citeqa")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "citeqa: the webhook URL (--webhook or CITEQA_WEBHOOK_URL) starts with http://, but "
        "Telegram only sends updates to https:// URLs: give the https:// URL of a "
        "TLS-terminating proxy, or leave the webhook out to long-poll\n"
    )
    assert not cache.exists()  # neither the corpus nor the Bot API was touched
