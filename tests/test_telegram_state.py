"""Per-chat memory: separate, bounded, forgotten after its time to live or on request."""

from __future__ import annotations

from telegram_fakes import make_answer

from bot.telegram.state import (
    RATE_WINDOW_SECONDS,
    RECENT_REPLIES,
    ChatSession,
    ChatSessions,
    ShownReply,
)
from index import Reply


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def shown_reply(count: int = 3, shown: int = 1) -> ShownReply:
    answers = tuple(make_answer(f"Answer {index}.") for index in range(count))
    return ShownReply(Reply(question="q", abstained=False, answers=answers), shown)


def test_each_chat_has_its_own_session() -> None:
    sessions = ChatSessions(ttl_seconds=60)
    first, second = sessions.get(1), sessions.get(2)
    assert first is not second
    assert first.conversation is not second.conversation
    assert sessions.get(1) is first


def test_a_session_is_forgotten_after_its_time_to_live_but_use_renews_it() -> None:
    clock = Clock()
    sessions = ChatSessions(ttl_seconds=60, timer=clock)
    session = sessions.get(1)
    clock.now = 50
    assert sessions.get(1) is session
    clock.now = 100
    assert sessions.get(1) is session
    clock.now = 161
    assert sessions.get(1) is not session


def test_forget_drops_a_chat() -> None:
    sessions = ChatSessions(ttl_seconds=60)
    session = sessions.get(1)
    sessions.forget(1)
    sessions.forget(2)
    assert sessions.get(1) is not session


def test_sessions_are_bounded() -> None:
    sessions = ChatSessions(ttl_seconds=60, maxsize=3)
    for chat_id in range(10):
        sessions.get(chat_id)
    assert len(sessions) == 3


def test_replies_are_kept_under_short_keys_and_the_oldest_go() -> None:
    session = ChatSession()
    keys = [session.remember(shown_reply()) for _ in range(RECENT_REPLIES + 5)]
    assert len(set(keys)) == len(keys)
    assert all(len(key.encode()) <= 8 for key in keys)
    assert session.recall(keys[0]) is None
    assert session.recall(keys[-1]) is not None
    assert len(session.replies) == RECENT_REPLIES


def test_has_more_tells_whether_answers_are_hidden() -> None:
    assert shown_reply(count=3, shown=1).has_more
    assert not shown_reply(count=3, shown=3).has_more


def test_admit_allows_the_rate_per_minute() -> None:
    session = ChatSession()
    assert all(session.admit(3, now=float(second)) for second in range(3))
    assert not session.admit(3, now=10.0)
    assert session.admit(3, now=RATE_WINDOW_SECONDS + 0.5)


def test_should_warn_once_a_window() -> None:
    session = ChatSession()
    assert session.should_warn(0.0)
    assert not session.should_warn(30.0)
    assert session.should_warn(RATE_WINDOW_SECONDS + 1)
