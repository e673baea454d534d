"""Faults of the Bot API for the unit tests: error answers, and Telegram's update queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application
from telegram_fakes import Responder

from bot.telegram.sending import Backoff, PatientRateLimiter


def no_waiting() -> Backoff:
    """Return a backoff that retries at once, so tests of retries take no time."""
    return Backoff(first=0.0)


def retry_at_once(application: Application) -> None:  # type: ignore[type-arg]
    """Make the application's sends retry without waiting."""
    limiter = application.bot.rate_limiter
    if not isinstance(limiter, PatientRateLimiter):
        raise TypeError(f"expected the bot's PatientRateLimiter, got {limiter!r}")
    limiter.backoff = no_waiting


def too_many(params: dict[str, Any]) -> tuple[int, Any]:
    """Answer as Telegram does when the bot sends too fast: 429, retry after a second."""
    return 429, {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


def timed_out(params: dict[str, Any]) -> tuple[int, Any]:
    """Fail the way an unanswered request does."""
    raise TimedOut("Timed out")


def dropped(params: dict[str, Any]) -> tuple[int, Any]:
    """Fail the way a connection closed before the answer does."""
    raise NetworkError("httpx.RemoteProtocolError: Server disconnected without a response")


class TelegramQueue:
    """Telegram's side of getUpdates: an update comes back until a call's offset confirms it.

    Use it as `request.answers["getUpdates"]`. `faults` break chosen calls (counted from 1):
    a fault answers or raises before the call reaches the queue, so it confirms nothing.
    Once nothing is pending and no fault is left, `drained` is called (a test stops the
    poller there).
    """

    def __init__(self, drained: Callable[[], object] = lambda: None) -> None:
        self.pending: list[dict[str, Any]] = []
        self.offsets: list[int] = []
        self.faults: dict[int, Responder] = {}
        self.drained = drained

    def add(self, *updates: Update) -> None:
        """Queue updates for the bot, as users sending them would."""
        self.pending += [update.to_dict() for update in updates]

    def __call__(self, params: dict[str, Any]) -> tuple[int, Any]:
        offset = int(params.get("offset") or 0)
        self.offsets.append(offset)
        fault = self.faults.pop(len(self.offsets), None)
        if fault is not None:  # the call never reached Telegram: nothing is confirmed
            return fault(params)
        self.pending = [update for update in self.pending if update["update_id"] >= offset]
        if not self.pending and not self.faults:
            self.drained()
        limit = int(params.get("limit") or 100)
        return 200, {"ok": True, "result": self.pending[:limit]}
