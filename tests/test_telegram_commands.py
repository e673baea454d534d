"""The bot's commands, start-up and error handler, against a fake Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from telegram_bot import ANSWERS, FOLLOW_UP, QUESTION, Bot, answered, start_bot
from telegram_fakes import BOT_USER, TOKEN, ScriptedEngine, failure

from bot.config import Settings
from bot.telegram.format import html_problems
from bot.telegram.sending import SEND_RETRIES
from bot.telegram.text import (
    CANDIDATE_EXAMPLES,
    FAILED,
    RESET_DONE,
    UNKNOWN_COMMAND,
    example_questions,
)
from index import CorpusError, Reply
from index.corpus.finding import seeds_folder


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    async for running in start_bot(Settings(telegram_token=TOKEN)):
        yield running


# --- commands --------------------------------------------------------------------------------


async def test_start_says_what_the_bot_does_with_three_answerable_examples(bot: Bot) -> None:
    await bot.send(bot.user.command("/start"))
    text = bot.last()["text"]
    assert bot.last()["parse_mode"] == "HTML"
    assert "2 articles" in text
    examples = [line[2:] for line in text.splitlines() if line.startswith("• ")]
    assert examples == [
        CANDIDATE_EXAMPLES[0],
        CANDIDATE_EXAMPLES[2],
        "What is “Night trains return” about?",
    ]


async def test_start_with_the_sources_payload_lists_the_sources(bot: Bot) -> None:
    await bot.send(bot.user.command("/start sources"))
    assert "Night trains return" in bot.last()["text"]


def test_example_questions_are_only_those_the_engine_answers() -> None:
    engine = ScriptedEngine({CANDIDATE_EXAMPLES[1]: answered(CANDIDATE_EXAMPLES[1])})
    assert example_questions(engine) == (CANDIDATE_EXAMPLES[1],)


async def test_help_explains_buttons_inline_mode_and_groups(bot: Bot) -> None:
    await bot.send(bot.user.command("/help"))
    text = bot.last()["text"]
    assert f"@{BOT_USER['username']} your question" in text
    assert "More answers" in text
    assert "In groups" in text
    assert html_problems(text) == []


async def test_sources_lists_the_articles_escaped(bot: Bot) -> None:
    await bot.send(bot.user.command("/sources"))
    text = bot.last()["text"]
    assert "Daily &lt;News&gt;" in text
    assert "&lt;Cats &amp; Dogs&gt;" in text
    assert "<i>Rail Weekly</i>, “Night trains return”" in text
    assert html_problems(text) == []


async def test_reset_forgets_the_chat_context(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    await bot.send(bot.user.command("/reset"))
    await bot.send(bot.user.message(FOLLOW_UP))
    assert bot.texts()[-2] == RESET_DONE
    before, after = bot.engine.asked
    assert before.conversation is not after.conversation


async def test_unknown_command_in_a_private_chat_points_to_help(bot: Bot) -> None:
    await bot.send(bot.user.command("/frobnicate"))
    assert bot.texts() == [UNKNOWN_COMMAND]
    assert bot.engine.asked == []


async def test_unknown_command_in_a_group_is_ignored_unless_it_names_the_bot(bot: Bot) -> None:
    group = bot.chat(-5, "group")
    await bot.send(group.command("/frobnicate"))
    await bot.send(group.command("/frobnicate@other_bot"))
    assert bot.texts() == []
    await bot.send(group.command(f"/frobnicate@{BOT_USER['username']}"))
    assert bot.texts() == [UNKNOWN_COMMAND]


async def test_post_init_registers_the_commands_and_logs_what_it_serves(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram.handlers")
    await bot.citeqa.post_init(bot.application)
    (commands,) = bot.request.sent("setMyCommands")
    names = [command["command"] for command in commands["commands"]]
    assert names == ["start", "ask", "help", "sources", "reset"]
    assert f"Serving @{BOT_USER['username']}: 2 articles from {seeds_folder()}" in caplog.text


async def test_post_init_survives_a_failing_set_my_commands(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.request.answers["setMyCommands"] = failure
    await bot.citeqa.post_init(bot.application)
    assert "Could not register the command menu" in caplog.text
    assert len(bot.request.sent("setMyCommands")) == 1 + SEND_RETRIES


async def test_reload_serves_a_reopened_engine_to_admin_chats_only(bot: Bot) -> None:
    fresh = ScriptedEngine({QUESTION: answered(QUESTION, ANSWERS[2:3])})
    bot.citeqa.reopen = lambda: fresh
    bot.citeqa.settings = replace(bot.citeqa.settings, admin_chats=frozenset({1}))
    await bot.send(bot.user.command("/reload"))
    assert bot.texts() == [UNKNOWN_COMMAND]
    admin = bot.chat(1)
    await bot.send(admin.message(QUESTION))
    await bot.send(admin.command("/reload"))
    assert bot.texts()[-1] == "Reloaded: 2 articles."
    await bot.send(admin.message(FOLLOW_UP))
    assert bot.engine.asked[0].question == QUESTION
    assert fresh.asked[-1].question == FOLLOW_UP
    assert fresh.asked[-1].conversation is not bot.engine.asked[0].conversation


async def test_a_failed_reload_keeps_the_old_articles(bot: Bot) -> None:
    def broken() -> ScriptedEngine:
        raise CorpusError("corpus folder gone does not exist: pass --corpus DIR")

    bot.citeqa.reopen = broken
    bot.citeqa.settings = replace(bot.citeqa.settings, admin_chats=frozenset({7}))
    await bot.send(bot.user.command("/reload"))
    assert bot.texts() == [
        "Still serving the old articles: corpus folder gone does not exist: pass --corpus DIR"
    ]
    await bot.send(bot.user.message(QUESTION))
    assert bot.engine.asked[-1].question == QUESTION


async def test_an_error_is_logged_with_its_traceback_and_the_chat_told(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.engine, "ask", explode)
    await bot.send(bot.user.message(QUESTION))
    (record,) = [record for record in caplog.records if record.name == "bot.telegram.handlers"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])
    assert bot.texts() == [FAILED]
