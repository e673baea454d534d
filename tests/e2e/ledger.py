"""Questions that say who asked them, sent in bulk, and the tally of the bot's replies to them.

Each question carries a tag, `zq<chat id>x<number>`, and is one the articles cannot answer,
so the bot's reply ("The articles I have don't answer “…”") quotes it: every reply says
which question of which chat it answers. A tally then counts the questions lost, answered
more than once, answered out of their chat's order, or answered in another chat.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from e2e_harness import Emulator
from e2e_users import User

TAG = re.compile(r"zq(\d+)x(\d+)")


def tagged(chat_id: int, number: int) -> str:
    """Return question `number` of a chat: unanswerable, and tagged with both."""
    return f"Do quokkas eat plums zq{chat_id}x{number}?"


def tag_of(text: str) -> tuple[int, int] | None:
    """Return the (chat id, number) a question or a reply is tagged with, if any."""
    found = TAG.search(text)
    return (int(found[1]), int(found[2])) if found else None


@dataclass(frozen=True)
class Tally:
    """What became of the questions asked: each should be answered once, in order, in place."""

    questions: int
    answered: int
    lost: int
    duplicated: int
    out_of_order: int
    misdirected: int
    other: int
    """Replies that answer no tagged question (errors, "too fast" warnings)."""

    @property
    def perfect(self) -> bool:
        """Tell whether every question got exactly one reply, in order, in its own chat."""
        flaws = (self.lost, self.duplicated, self.out_of_order, self.misdirected, self.other)
        return self.answered == self.questions and not any(flaws)

    def __str__(self) -> str:
        return (
            f"{self.questions} questions: {self.answered} answered, {self.lost} lost, "
            f"{self.duplicated} duplicated, {self.out_of_order} out of order, "
            f"{self.misdirected} in the wrong chat, {self.other} other replies"
        )


def tally(asked: Mapping[int, int], messages: Sequence[dict[str, Any]]) -> Tally:
    """Tally bot messages (in sending order) against `asked`: chat id → questions 1..n asked."""
    by_chat: dict[int, list[int]] = {chat_id: [] for chat_id in asked}
    misdirected = other = 0
    for message in messages:
        chat_id = int(message["message"]["chat_id"])
        tag = tag_of(str(message["message"].get("text", "")))
        if tag is None or chat_id not in by_chat:
            other += 1
        elif tag[0] != chat_id:
            misdirected += 1
        else:
            by_chat[chat_id].append(tag[1])
    answered = lost = duplicated = out_of_order = 0
    for chat_id, numbers in by_chat.items():
        counts = Counter(numbers)
        answered += sum(1 for number in range(1, asked[chat_id] + 1) if number in counts)
        lost += sum(1 for number in range(1, asked[chat_id] + 1) if number not in counts)
        duplicated += sum(count - 1 for count in counts.values())
        highest = 0
        for number in dict.fromkeys(numbers):  # first replies, in the order they were sent
            out_of_order += number < highest
            highest = max(highest, number)
    return Tally(sum(asked.values()), answered, lost, duplicated, out_of_order, misdirected, other)


def history(emulator: Emulator, token: str) -> list[dict[str, Any]]:
    """Return everything the emulator holds for a bot: users' updates and the bot's messages."""
    return list(emulator.call("/getUpdatesHistory", {"token": token}))


def bot_messages(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the bot's messages from a history, in the order they were sent."""
    sent = [item for item in items if "chat_id" in item.get("message", {})]
    return sorted(sent, key=lambda item: int(item["messageId"]))


def user_updates(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the users' updates from a history, in the order they were made."""
    made = [item for item in items if "chat_id" not in item.get("message", {"chat_id": 0})]
    return sorted(made, key=lambda item: int(item["updateId"]))


def tally_now(emulator: Emulator, token: str, users: Sequence[User], questions: int) -> Tally:
    """Tally every message the bot has sent against `questions` asked in each user's chat."""
    asked = dict.fromkeys((user.chat_id for user in users), questions)
    return tally(asked, bot_messages(history(emulator, token)))


def ask_in_bulk(
    users: Sequence[User], numbers: range, threads: int = 4, gap_seconds: float = 0.0
) -> None:
    """Have each user ask its questions `numbers`, in order; users take turns, in threads.

    Each user belongs to one thread, so its questions reach the emulator in order.
    """
    shares = [users[index::threads] for index in range(threads)]

    def ask(share: Sequence[User]) -> None:
        for number in numbers:
            for user in share:
                user.say(tagged(user.chat_id, number))
                if gap_seconds:
                    time.sleep(gap_seconds)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(ask, [share for share in shares if share]))


def ask_until(
    users: Sequence[User], done: threading.Event, minimum: int, gap_seconds: float
) -> dict[int, int]:
    """Have the users ask, taking turns, until `done` is set and each asked `minimum` at least.

    Returns how many questions each chat asked (numbered from 1).
    """
    asked = dict.fromkeys((user.chat_id for user in users), 0)
    number = 0
    while number < minimum or not done.is_set():
        number += 1
        for user in users:
            user.say(tagged(user.chat_id, number))
            asked[user.chat_id] = number
            time.sleep(gap_seconds)
    return asked


def count_replies(emulator: Emulator, token: str) -> int:
    """Return how many messages the bot has sent, in all chats."""
    return int(emulator.call("/countBotMessages", {"token": token}))


def wait_for_replies(emulator: Emulator, token: str, count: int, seconds: float) -> int:
    """Wait until the bot has sent `count` messages in all, or `seconds` pass; return how many."""
    deadline = time.monotonic() + seconds
    while (sent := count_replies(emulator, token)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return sent
