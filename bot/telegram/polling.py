"""Long polling that confirms updates to Telegram only once they are handled."""

# PTB's own `Updater` confirms a batch (by asking getUpdates for the next offset) as soon as it
# has queued the batch, before any of it is handled, so a crash loses what was queued. Here a
# batch is handled first, then confirmed: the next getUpdates carries the offset past it, and
# the offset is also written to a small file so that a restart skips what was handled even if
# that last confirmation never reached Telegram. See "Reliability" in README.md.

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

from telegram import Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application

from bot.telegram.dispatch import handle_batch
from bot.telegram.sending import Backoff

logger = logging.getLogger(__name__)

EXIT_CONFLICT = 3
BATCH_LIMIT = 100
"""Updates asked for in one getUpdates call (Telegram's maximum)."""
OFFSET_MAX_AGE_SECONDS = 24 * 60 * 60
"""Telegram keeps unconfirmed updates for 24 hours; an offset saved before that is not used."""
CONFLICT = (
    "Another instance of this bot is already polling Telegram with the same token "
    "(409 Conflict): stop it, or give this one its own bot token"
)
T = TypeVar("T")
HandleBatch = Callable[[Callable[[Update], Awaitable[object]], Sequence[Update]], Awaitable[None]]


class Stopped(Exception):
    """The stop event was set while waiting."""


class OffsetStore:
    """The offset after the last handled update, kept in a small JSON file between runs."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def load(self) -> int | None:
        """Return the saved offset, or None if there is none or it is too old to trust."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            offset, saved_at = int(saved["offset"]), float(saved["saved_at"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("Ignoring the unreadable update offset in %s: %s", self.path, error)
            return None
        if self.clock() - saved_at > OFFSET_MAX_AGE_SECONDS:
            return None  # Telegram has dropped those updates, and may number anew after a week
        return offset

    def save(self, offset: int) -> None:
        """Write the offset atomically (a temporary file renamed over the old one)."""
        temporary = self.path.with_name(f"{self.path.name}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(
                json.dumps({"offset": offset, "saved_at": self.clock()}), encoding="utf-8"
            )
            os.replace(temporary, self.path)
        except OSError as error:
            logger.warning("Could not save the update offset to %s: %s", self.path, error)


async def until_stopped(stop: asyncio.Event, work: Coroutine[Any, Any, T]) -> T:
    """Await `work`, or cancel it and raise Stopped as soon as `stop` is set."""
    task = asyncio.ensure_future(work)
    waiter = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        raise Stopped
    return task.result()


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep for `seconds`, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class Poller:
    """Fetches updates with getUpdates, handles each batch, and only then confirms it."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        poll_seconds: int,
        offsets: OffsetStore | None = None,
        backoff: Callable[[], Backoff] = Backoff,
        handle: HandleBatch = handle_batch,
    ) -> None:
        self.application = application
        self.poll_seconds = poll_seconds
        self.offsets = offsets
        self.backoff = backoff
        self.handle = handle
        self.offset = 0
        self.told = 0
        """The offset of the last getUpdates call Telegram answered: what it knows is done."""

    async def run(self, stop: asyncio.Event) -> int:
        """Poll until `stop` is set, finish the batch in hand, confirm it; return the exit code.

        Raises InvalidToken if Telegram stops accepting the token.
        """
        bot = self.application.bot
        self.offset = (self.offsets.load() if self.offsets else None) or 0
        backoff = self.backoff()
        webhook_cleared = False
        while not stop.is_set():
            try:
                if not webhook_cleared:  # getUpdates answers 409 while a webhook is set
                    await until_stopped(stop, bot.delete_webhook())
                    webhook_cleared = True
                asked = self.offset
                updates = await until_stopped(
                    stop,
                    bot.get_updates(
                        offset=asked or None,
                        limit=BATCH_LIMIT,
                        timeout=self.poll_seconds,
                        allowed_updates=Update.ALL_TYPES,
                    ),
                )
            except Stopped:
                break
            except Conflict:
                logger.error(CONFLICT)
                return EXIT_CONFLICT
            except InvalidToken:
                raise
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
                logger.warning("Telegram asks to wait %.0f s before polling again", seconds)
                await pause(stop, seconds)
                continue
            except TelegramError as error:  # 5xx, timeouts, dropped connections, garbage
                delay = backoff.next()
                logger.warning(
                    "Could not fetch updates from Telegram (%s); retrying in %.1f s", error, delay
                )
                await pause(stop, delay)
                continue
            backoff.reset()
            self.told = asked
            if updates:
                await self.handle(self.application.process_update, updates)
                self.offset = updates[-1].update_id + 1
                if self.offsets:
                    self.offsets.save(self.offset)
        await self.confirm()
        return 0

    async def confirm(self) -> None:
        """Tell Telegram that every handled update is done, so none comes back after a restart."""
        if self.offset <= self.told:
            return
        try:
            await self.application.bot.get_updates(offset=self.offset, limit=1, timeout=0)
        except TelegramError as error:
            logger.warning(
                "Could not confirm the last updates to Telegram (%s); the saved offset "
                "keeps them from being answered twice",
                error,
            )
