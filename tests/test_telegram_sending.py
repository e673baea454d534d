"""Sending: what Telegram did not take is sent again, after a wait; what it refused is not."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from telegram.ext import Application
from telegram_fakes import TOKEN, FakeRequest, ScriptedEngine, Updates, failure
from telegram_faults import dropped, retry_at_once, timed_out, too_many

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.sending import SEND_RETRIES, Backoff
from bot.telegram.text import FAILED

Responder = Callable[[dict[str, Any]], tuple[int, Any]]


def bad_request(params: dict[str, Any]) -> tuple[int, Any]:
    return 400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse"}


def forbidden(params: dict[str, Any]) -> tuple[int, Any]:
    return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}


@dataclass
class Sender:
    """A bot on a fake Bot API, and a user who asks it things."""

    application: Application  # type: ignore[type-arg]
    request: FakeRequest
    user: Updates

    async def ask(self, question: str = "Who won?") -> None:
        await self.application.process_update(self.user.message(question))

    def attempts(self) -> list[str]:
        """Return the text of every sendMessage call, failed ones included."""
        return [str(params["text"]) for params in self.request.sent()]


@pytest.fixture
async def sender() -> AsyncIterator[Sender]:
    request = FakeRequest()
    application, _ = build_application(Settings(), ScriptedEngine(), TOKEN, request)
    retry_at_once(application)
    await application.initialize()
    try:
        yield Sender(application, request, Updates(application.bot))
    finally:
        await application.shutdown()


@pytest.mark.parametrize("fault", [failure, timed_out, dropped], ids=["500", "timeout", "drop"])
async def test_a_send_lost_on_the_way_is_retried_until_it_goes_through(
    sender: Sender, fault: Responder
) -> None:
    sender.request.scripts["sendMessage"] = [fault, fault]
    await sender.ask()
    attempts = sender.attempts()
    assert len(attempts) == 3
    assert len(set(attempts)) == 1
    assert FAILED not in attempts


async def test_a_429_waits_for_retry_after_then_sends_once(sender: Sender) -> None:
    sender.request.scripts["sendMessage"] = [too_many]
    await sender.ask()
    assert len(sender.attempts()) == 2
    assert FAILED not in sender.attempts()


@pytest.mark.parametrize("refusal", [bad_request, forbidden], ids=["400", "403"])
async def test_a_send_telegram_refuses_is_not_retried(sender: Sender, refusal: Responder) -> None:
    sender.request.scripts["sendMessage"] = [refusal]
    await sender.ask()
    answer, apology = sender.attempts()
    assert "Who won?" in answer
    assert apology == FAILED


async def test_a_send_is_given_up_after_its_retries_and_the_chat_told(sender: Sender) -> None:
    sender.request.scripts["sendMessage"] = [failure] * (SEND_RETRIES + 1)
    await sender.ask()
    attempts = sender.attempts()
    assert len(attempts) == SEND_RETRIES + 2
    assert attempts[-1] == FAILED


def test_backoff_doubles_up_to_its_ceiling_with_jitter() -> None:
    backoff = Backoff(first=1.0, ceiling=8.0)
    waits = [backoff.next() for _ in range(6)]
    for wait, full in zip(waits, [1, 2, 4, 8, 8, 8], strict=True):
        assert full / 2 <= wait <= full
    backoff.reset()
    assert backoff.next() <= 1.0
