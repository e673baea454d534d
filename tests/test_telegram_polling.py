"""Long polling: each batch handled, then confirmed; faults retried; nothing lost or repeated."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram import Update
from telegram.error import InvalidToken
from telegram.ext import Application
from telegram_fakes import TOKEN, FakeRequest, ScriptedEngine, Updates, failure
from telegram_faults import (
    TelegramQueue,
    dropped,
    no_waiting,
    retry_at_once,
    timed_out,
    too_many,
)

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.dispatch import handle_batch
from bot.telegram.polling import OFFSET_MAX_AGE_SECONDS, OffsetStore, Poller

QUESTIONS = [f"question {number}" for number in range(1, 7)]


@dataclass
class Polling:
    """A bot application on a fake Bot API whose getUpdates is Telegram's queue."""

    application: Application  # type: ignore[type-arg]
    request: FakeRequest
    queue: TelegramQueue
    stop: asyncio.Event
    user: Updates

    def poller(self, offsets: OffsetStore | None = None) -> Poller:
        return Poller(self.application, poll_seconds=0, offsets=offsets, backoff=no_waiting)

    def answered(self) -> list[str]:
        """Return the question each reply answered, in the order the replies were sent."""
        return [
            text.split("“", 1)[1].split("”", 1)[0]
            for text in (str(params["text"]) for params in self.request.sent())
        ]

    def methods(self) -> list[str]:
        return [call.method for call in self.request.calls]


async def start_polling(settings: Settings | None = None) -> AsyncIterator[Polling]:
    request = FakeRequest()
    stop = asyncio.Event()
    queue = TelegramQueue(drained=stop.set)
    request.answers["getUpdates"] = queue
    engine = ScriptedEngine()
    fast = Settings(chat_rate_per_minute=1000, send_rate_per_second=10_000)
    application, _ = build_application(settings or fast, engine, TOKEN, request)
    retry_at_once(application)
    await application.initialize()
    try:
        yield Polling(application, request, queue, stop, Updates(application.bot))
    finally:
        await application.shutdown()


@pytest.fixture
async def polling() -> AsyncIterator[Polling]:
    async for running in start_polling():
        yield running


async def test_a_batch_is_confirmed_only_after_every_update_in_it_is_answered(
    polling: Polling,
) -> None:
    updates = [polling.user.message(question) for question in QUESTIONS[:3]]
    polling.queue.add(*updates)
    assert await polling.poller().run(polling.stop) == 0
    assert polling.answered() == QUESTIONS[:3]
    assert polling.methods()[-4:] == ["sendMessage"] * 3 + ["getUpdates"]
    assert polling.queue.offsets == [0, updates[-1].update_id + 1]
    assert polling.queue.pending == []


async def test_each_fault_while_polling_is_retried_and_nothing_is_lost_or_repeated(
    polling: Polling,
) -> None:
    polling.queue.add(*(polling.user.message(question) for question in QUESTIONS))
    polling.queue.faults = {1: failure, 2: timed_out, 3: dropped, 4: too_many}
    assert await polling.poller().run(polling.stop) == 0
    assert polling.answered() == QUESTIONS
    assert polling.queue.offsets[:5] == [0] * 5  # the same offset until a call got through


async def test_updates_are_confirmed_in_batches_of_at_most_100() -> None:
    async for polling in start_polling():
        chats = [polling.user, polling.user.chat(8), polling.user.chat(9)]
        updates = [chats[n % 3].message(f"q {n}") for n in range(150)]
        polling.queue.add(*updates)
        assert await polling.poller().run(polling.stop) == 0
        assert len(polling.request.sent()) == 150
        assert polling.queue.offsets[1:] == [
            updates[99].update_id + 1,
            updates[149].update_id + 1,
        ]


async def test_a_stop_during_a_batch_finishes_the_batch_then_confirms_it(
    polling: Polling,
) -> None:
    polling.queue.add(*(polling.user.message(question) for question in QUESTIONS))
    poller = polling.poller()

    async def handle_then_stop(handle: object, updates: Sequence[Update]) -> None:
        polling.stop.set()  # as SIGTERM would, in the middle of the batch
        await handle_batch(polling.application.process_update, updates)

    poller.handle = handle_then_stop
    assert await poller.run(polling.stop) == 0
    assert polling.answered() == QUESTIONS
    confirm = polling.request.calls[-1]
    assert confirm.method == "getUpdates"
    assert (confirm.params["limit"], confirm.params["timeout"]) == (1, 0)
    assert polling.queue.pending == []


async def test_a_restart_skips_what_was_handled_even_if_telegram_never_heard(
    polling: Polling, tmp_path: Path
) -> None:
    offsets = OffsetStore(tmp_path / "offset.json")
    polling.queue.add(*(polling.user.message(question) for question in QUESTIONS[:3]))
    poller = polling.poller(offsets)

    async def handle_then_stop(handle: object, updates: Sequence[Update]) -> None:
        await handle_batch(polling.application.process_update, updates)
        polling.queue.faults = {len(polling.queue.offsets) + 1: failure}  # the confirmation
        polling.stop.set()

    poller.handle = handle_then_stop
    await poller.run(polling.stop)
    assert len(polling.queue.pending) == 3  # Telegram would send them again
    polling.queue.add(polling.user.message(QUESTIONS[3]))
    polling.stop.clear()
    assert await polling.poller(offsets).run(polling.stop) == 0
    assert polling.answered() == QUESTIONS[:4]


def test_an_offset_older_than_telegram_keeps_updates_is_not_used(tmp_path: Path) -> None:
    now = [1000.0]
    offsets = OffsetStore(tmp_path / "telegram" / "offset.json", clock=lambda: now[0])
    assert offsets.load() is None
    offsets.save(42)
    assert offsets.load() == 42
    now[0] += OFFSET_MAX_AGE_SECONDS + 1
    assert offsets.load() is None


def test_an_unreadable_offset_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "offset.json"
    path.write_text("{not json", encoding="utf-8")
    assert OffsetStore(path).load() is None
    assert "Ignoring the unreadable update offset" in caplog.text


async def test_a_token_revoked_while_polling_stops_the_poller(polling: Polling) -> None:
    polling.queue.faults = {
        2: lambda params: (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    }
    with pytest.raises(InvalidToken):
        await polling.poller().run(polling.stop)


async def test_fetch_failures_are_logged_as_one_line_warnings(
    polling: Polling, caplog: pytest.LogCaptureFixture
) -> None:
    polling.queue.faults = {1: failure}
    await polling.poller().run(polling.stop)
    (record,) = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert record.getMessage().startswith("Could not fetch updates from Telegram")
    assert record.exc_info is None


async def test_within_a_batch_chats_take_turns_and_each_keeps_its_order() -> None:
    handled: list[tuple[int, str]] = []
    async for polling in start_polling():
        flood = [polling.user.message(f"flood {n}") for n in range(20)]
        other = polling.user.chat(8).message("other")

        async def record(update: Update) -> None:
            message = update.effective_message
            assert message is not None and message.text is not None
            handled.append((message.chat.id, message.text))

        await handle_batch(record, [*flood, other])
    assert handled.index((8, "other")) == 1
    assert [text for chat, text in handled if chat == 7] == [f"flood {n}" for n in range(20)]


async def test_an_update_that_fails_does_not_cost_its_chat_the_rest_of_the_batch(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handled: list[str | None] = []

    async def fail_first(update: Update) -> None:
        text = update.effective_message.text if update.effective_message else None
        if text == QUESTIONS[0]:
            raise RuntimeError("boom")
        handled.append(text)

    async for polling in start_polling():
        await handle_batch(fail_first, [polling.user.message(q) for q in QUESTIONS[:3]])
    assert handled == QUESTIONS[1:3]
    assert "could not be handled" in caplog.text
