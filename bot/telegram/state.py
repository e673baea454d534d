"""What the bot remembers per chat: its conversation, recent replies and question rate, bounded."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from cachetools import TTLCache

from index import Conversation, Reply

MAX_CHATS = 10_000
RECENT_REPLIES = 32
RATE_WINDOW_SECONDS = 60.0


@dataclass
class ShownReply:
    """A reply sent to a chat, and how much of it the message shows now."""

    reply: Reply
    shown: int
    with_context: bool = False

    @property
    def has_more(self) -> bool:
        """Tell whether the reply holds answers the message does not show yet."""
        return self.shown < len(self.reply.answers)


@dataclass
class ChatSession:
    """One chat's state; nothing in it is ever shared with another chat."""

    conversation: Conversation = field(default_factory=Conversation)
    replies: OrderedDict[str, ShownReply] = field(default_factory=OrderedDict)
    asked_at: deque[float] = field(default_factory=deque)
    warned_at: float | None = None
    next_key: int = 0

    def restart(self) -> None:
        """Forget the conversation and recent replies; the question rate keeps counting."""
        self.conversation = Conversation()
        self.replies.clear()

    def remember(self, shown: ShownReply) -> str:
        """Keep a reply for its buttons under a short key; the oldest beyond the bound goes."""
        key = format(self.next_key, "x")
        self.next_key += 1
        self.replies[key] = shown
        while len(self.replies) > RECENT_REPLIES:
            self.replies.popitem(last=False)
        return key

    def recall(self, key: str) -> ShownReply | None:
        """Return the reply kept under a key, or None once it has been forgotten."""
        return self.replies.get(key)

    def admit(self, per_minute: int, now: float) -> bool:
        """Count a question; tell whether it stays within `per_minute` questions a minute."""
        while self.asked_at and self.asked_at[0] <= now - RATE_WINDOW_SECONDS:
            self.asked_at.popleft()
        if len(self.asked_at) >= per_minute:
            return False
        self.asked_at.append(now)
        return True

    def should_warn(self, now: float) -> bool:
        """Tell whether to say the chat is asking too fast (once a window, not every message)."""
        if self.warned_at is not None and now - self.warned_at < RATE_WINDOW_SECONDS:
            return False
        self.warned_at = now
        return True


class ChatSessions:
    """The sessions of all chats, at most `maxsize`, each forgotten `ttl` seconds after use."""

    def __init__(
        self,
        ttl_seconds: float,
        maxsize: int = MAX_CHATS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions: TTLCache[int, ChatSession] = TTLCache(maxsize, ttl_seconds, timer=timer)

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, chat_id: int) -> ChatSession:
        """Return a chat's session, starting one if needed; using it restarts its time to live."""
        session = self._sessions.pop(chat_id, None) or ChatSession()
        self._sessions[chat_id] = session
        return session

    def forget(self, chat_id: int) -> None:
        """Drop everything remembered about a chat."""
        self._sessions.pop(chat_id, None)
