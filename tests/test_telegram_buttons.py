"""The buttons under a reply, inline mode, and replies that grow when extended."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from telegram_bot import ANSWERS, FOLLOW_UP, QUESTION, Bot, answered, start_bot
from telegram_fakes import TOKEN

from bot.config import Settings
from bot.telegram.format import MESSAGE_LIMIT, html_problems, strip_tags, telegram_length
from bot.telegram.text import EXPIRED_BUTTON


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    async for running in start_bot(Settings(telegram_token=TOKEN)):
        yield running


# --- buttons ---------------------------------------------------------------------------------


def callback_data(sent: dict[str, Any], label: str) -> str:
    buttons = sent["reply_markup"]["inline_keyboard"][0]
    return next(str(button["callback_data"]) for button in buttons if button["text"] == label)


async def test_more_answers_extends_the_reply_in_place(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    data = callback_data(bot.last(), "More answers")
    await bot.send(bot.user.button(data))
    assert len(bot.request.sent("answerCallbackQuery")) == 1
    (edit,) = bot.request.sent("editMessageText")
    assert edit["message_id"] == 500
    assert "4. Tickets cost less than a flight." in edit["text"]
    assert [button["text"] for button in edit["reply_markup"]["inline_keyboard"][0]] == [
        "Show context"
    ]


async def test_show_context_adds_the_neighbouring_sentences(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    await bot.send(bot.user.button(callback_data(bot.last(), "Show context")))
    (edit,) = bot.request.sent("editMessageText")
    assert "Keepers said the animals settled in quickly. <u>Visitors" in edit["text"]
    assert html_problems(edit["text"]) == []
    labels = [button["text"] for button in edit["reply_markup"]["inline_keyboard"][0]]
    assert labels == ["More answers"]


async def test_pressing_both_buttons_leaves_no_buttons(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    first = bot.last()
    await bot.send(bot.user.button(callback_data(first, "More answers")))
    await bot.send(bot.user.button(callback_data(first, "Show context")))
    assert "reply_markup" not in bot.request.sent("editMessageText")[-1]


async def test_a_button_pressed_twice_edits_once(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    data = callback_data(bot.last(), "More answers")
    await bot.send(bot.user.button(data))
    await bot.send(bot.user.button(data))
    assert len(bot.request.sent("editMessageText")) == 1
    assert len(bot.request.sent("answerCallbackQuery")) == 2


async def test_a_forgotten_reply_says_the_button_is_too_old(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    data = callback_data(bot.last(), "More answers")
    await bot.send(bot.user.command("/reset"))
    await bot.send(bot.user.button(data))
    assert bot.request.sent("answerCallbackQuery")[-1]["text"] == EXPIRED_BUTTON
    assert bot.request.sent("editMessageText") == []


async def test_buttons_never_reach_another_chats_replies(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    data = callback_data(bot.last(), "More answers")
    await bot.send(bot.chat(99).button(data))
    assert bot.request.sent("answerCallbackQuery")[-1]["text"] == EXPIRED_BUTTON
    assert bot.request.sent("editMessageText") == []


# --- inline mode -----------------------------------------------------------------------------


async def test_inline_query_offers_the_top_answers_with_citations(bot: Bot) -> None:
    await bot.send(bot.user.inline(QUESTION))
    (answer,) = bot.request.sent("answerInlineQuery")
    results = answer["results"]
    assert [result["type"] for result in results] == ["article"] * 4
    first = results[0]
    assert first["title"] == "Visitors can see the pandas every morning."
    assert first["description"].startswith("Daily <News>, “<Cats & Dogs> at the city zoo”")
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith(f"<b>Q:</b> {QUESTION}\nVisitors can see")
    assert html_problems(content["message_text"]) == []
    assert bot.engine.asked[0].conversation is not None


async def test_inline_queries_do_not_touch_chat_context(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    await bot.send(bot.user.inline(FOLLOW_UP))
    chat, inline = bot.engine.asked
    assert inline.conversation is not chat.conversation


async def test_an_empty_inline_query_gets_no_results(bot: Bot) -> None:
    await bot.send(bot.user.inline("  "))
    (answer,) = bot.request.sent("answerInlineQuery")
    assert answer["results"] == []
    assert bot.engine.asked == []


async def test_an_unanswerable_inline_query_points_to_the_sources(bot: Bot) -> None:
    await bot.send(bot.user.inline("Who won the World Cup?"))
    (answer,) = bot.request.sent("answerInlineQuery")
    assert answer["results"] == []
    assert answer["button"]["start_parameter"] == "sources"


# --- errors ----------------------------------------------------------------------------------


async def test_edits_of_long_replies_stay_under_the_limit(bot: Bot) -> None:
    long_answers = tuple(
        replace(answer, text="word " * 600, before="x " * 400, after="y " * 400)
        for answer in ANSWERS
    )
    bot.engine.replies[QUESTION] = answered(QUESTION, long_answers)
    await bot.send(bot.user.message(QUESTION))
    first = bot.last()
    await bot.send(bot.user.button(callback_data(first, "More answers")))
    await bot.send(bot.user.button(callback_data(first, "Show context")))
    for sent in [first, *bot.request.sent("editMessageText")]:
        assert telegram_length(sent["text"]) < MESSAGE_LIMIT
        assert html_problems(sent["text"]) == []
    assert "more not shown" in strip_tags(bot.request.sent("editMessageText")[-1]["text"])
