"""Who may use the bot and how much: the allow-list, admin commands, the per-chat rate."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from telegram.ext import Application
from telegram_fakes import TOKEN, FakeRequest, ScriptedEngine, Updates
from telegram_faults import retry_at_once

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.dispatch import handle_batch
from bot.telegram.handlers import CiteqaBot
from bot.telegram.text import COMMANDS, RESET_DONE, UNKNOWN_COMMAND

ALLOWED, ADMIN, STRANGER = 1, 2, 3


@dataclass
class Gate:
    """A bot on a fake Bot API, with chats to talk to it from."""

    application: Application  # type: ignore[type-arg]
    citeqa: CiteqaBot
    request: FakeRequest
    engine: ScriptedEngine
    updates: Updates

    def chat(self, chat_id: int) -> Updates:
        return self.updates.chat(chat_id)

    def sent_to(self, chat_id: int) -> list[str]:
        return [str(p["text"]) for p in self.request.sent() if int(p["chat_id"]) == chat_id]


async def open_gate(**settings: object) -> AsyncIterator[Gate]:
    request = FakeRequest()
    engine = ScriptedEngine()
    application, citeqa = build_application(
        Settings(telegram_token=TOKEN, **settings),  # type: ignore[arg-type]
        engine,
        TOKEN,
        request,
    )
    citeqa.reopen = ScriptedEngine
    retry_at_once(application)
    await application.initialize()
    engine.asked.clear()  # the examples /start offers were asked at start-up
    try:
        yield Gate(application, citeqa, request, engine, Updates(application.bot))
    finally:
        await application.shutdown()


@pytest.fixture
async def gate() -> AsyncIterator[Gate]:
    async for opened in open_gate(
        allowed_chats=frozenset({ALLOWED}), admin_chats=frozenset({ADMIN})
    ):
        yield opened


async def test_a_chat_outside_the_allow_list_gets_nothing_at_all(gate: Gate) -> None:
    stranger = gate.chat(STRANGER)
    for update in (
        stranger.message("Who won?"),
        stranger.edited("Who won?"),
        stranger.command("/start"),
        stranger.command("/ask Who won?"),
        stranger.command("/sources"),
        stranger.command("/reload"),
        stranger.command("/nonsense"),
        stranger.sticker(),
        stranger.button("more:0"),
        stranger.inline("Who won?"),
    ):
        await gate.application.process_update(update)
    assert gate.engine.asked == []
    assert gate.request.sent() == []
    assert gate.request.sent("answerInlineQuery") == []
    assert gate.request.sent("editMessageText") == []


async def test_an_admin_chat_may_use_the_bot_even_if_the_allow_list_leaves_it_out(
    gate: Gate,
) -> None:
    admin = gate.chat(ADMIN)
    await gate.application.process_update(admin.message("Who won?"))
    await gate.application.process_update(admin.command("/reload"))
    assert gate.sent_to(ADMIN)[-1] == "Reloaded: 2 articles."


async def test_reload_is_for_admin_chats_only(gate: Gate) -> None:
    reopened: list[bool] = []

    def reopen() -> ScriptedEngine:
        reopened.append(True)
        return ScriptedEngine()

    gate.citeqa.reopen = reopen
    await gate.application.process_update(gate.chat(ALLOWED).command("/reload"))
    assert gate.sent_to(ALLOWED) == [UNKNOWN_COMMAND]
    assert reopened == []
    await gate.application.process_update(gate.chat(ADMIN).command("/reload"))
    assert reopened == [True]


def test_admin_commands_are_not_offered_in_the_command_menu() -> None:
    assert "reload" not in {name for name, _ in COMMANDS}


async def test_every_reply_counts_toward_the_chat_s_rate() -> None:
    async for gate in open_gate(chat_rate_per_minute=3):
        user = gate.updates
        for update in (
            user.command("/help"),
            user.command("/sources"),
            user.message("Who won?"),
            user.command("/start"),
            user.command("/help"),
        ):
            await gate.application.process_update(update)
        texts = gate.sent_to(user.chat_id)
        assert len(texts) == 4
        assert "faster than 3 questions a minute" in texts[-1]


async def test_reset_forgets_the_conversation_but_not_the_rate() -> None:
    async for gate in open_gate(chat_rate_per_minute=2):
        user = gate.updates
        await gate.application.process_update(user.message("Who won?"))
        await gate.application.process_update(user.command("/reset"))
        await gate.application.process_update(user.message("Who won?"))
        texts = gate.sent_to(user.chat_id)
        assert texts[1] == RESET_DONE
        assert "faster than 2" in texts[2]
        assert len(gate.engine.asked) == 1


async def test_a_flooding_chat_does_not_keep_another_chat_waiting() -> None:
    async for gate in open_gate(chat_rate_per_minute=10):
        flooder, other = gate.chat(10), gate.chat(11)
        flood = [flooder.message(f"flood {number}") for number in range(40)]
        await handle_batch(gate.application.process_update, [*flood, other.message("mine")])
        order = [int(params["chat_id"]) for params in gate.request.sent()]
        assert order.index(11) <= 1  # after at most one of the flood's replies
        flood_replies = gate.sent_to(10)
        assert len(flood_replies) == 11  # its 10 a minute, then one warning, then silence
        assert "faster than 10" in flood_replies[-1]
        assert [asked.question for asked in gate.engine.asked].count("mine") == 1
