"""Handling a batch of updates: each chat's in order, different chats side by side, in turns."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable, Sequence

from telegram import Update

logger = logging.getLogger(__name__)

Handle = Callable[[Update], Awaitable[object]]


def lane(update: Update) -> Hashable:
    """Return what an update must keep its order with: its chat, else its user, else itself."""
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return ("update", update.update_id)


async def handle_batch(handle: Handle, updates: Sequence[Update]) -> None:
    """Handle every update of a batch and return once all are done.

    A chat's updates are handled one after the other, in the order Telegram sent them; chats
    take turns, one update each, so a chat with many updates in the batch does not keep another
    chat waiting for more than one of its updates at a time.
    """
    lanes: dict[Hashable, list[Update]] = {}
    for update in updates:
        lanes.setdefault(lane(update), []).append(update)
    await asyncio.gather(*(_handle_lane(handle, queue) for queue in lanes.values()))


async def _handle_lane(handle: Handle, queue: list[Update]) -> None:
    for update in queue:
        try:
            await handle(update)
        except Exception:  # one broken update must not cost the chat the rest of its batch
            logger.exception("Update %d could not be handled", update.update_id)
        await asyncio.sleep(0)  # give the other chats their turn
