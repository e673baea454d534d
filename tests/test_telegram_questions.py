"""Questions in private chats and groups, and messages that are not questions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram_bot import FOLLOW_UP, QUESTION, Bot, start_bot
from telegram_fakes import BOT_USER, TOKEN, make_answer

from bot.config import Settings
from bot.telegram.format import MESSAGE_LIMIT, html_problems, telegram_length
from bot.telegram.replies import first_shown
from bot.telegram.text import ASK_HOW, NON_TEXT_HINT
from index import Reply


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    async for running in start_bot(Settings(telegram_token=TOKEN)):
        yield running


# --- questions -------------------------------------------------------------------------------


async def test_a_question_gets_the_best_answers_cited_with_buttons(bot: Bot) -> None:
    await bot.send(bot.user.message(QUESTION))
    sent = bot.last()
    text = sent["text"]
    assert sent["parse_mode"] == "HTML"
    assert text.startswith("1. Visitors can see the <b>pandas</b> every morning.\n— ")
    assert "paragraph 3, sentence 4" in text
    assert "2. The red pandas arrived from Nepal." in text
    assert "Night trains" not in text
    assert html_problems(text) == []
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert [button["text"] for button in keyboard[0]] == ["More answers", "Show context"]
    assert all(len(button["callback_data"].encode()) <= 64 for button in keyboard[0])
    assert bot.engine.asked[0].top == 6


@pytest.mark.parametrize(
    ("scores", "top", "expected"),
    [
        ((10.0,), 3, 1),
        ((10.0, 6.0, 5.0, 4.9), 3, 3),
        ((10.0, 4.0, 9.0), 3, 1),
        ((10.0, 9.0, 9.0, 9.0), 2, 2),
        ((), 3, 0),
    ],
)
def test_first_shown_keeps_answers_that_add_something(
    scores: tuple[float, ...], top: int, expected: int
) -> None:
    answers = tuple(make_answer(f"Answer {index}.", score) for index, score in enumerate(scores))
    assert first_shown(Reply("q", not answers, answers), top) == expected


def test_first_shown_skips_a_repeated_sentence() -> None:
    answers = (make_answer("Same.", 10.0), make_answer("Same.", 9.0), make_answer("Other.", 9.0))
    assert first_shown(Reply("q", False, answers), 3) == 1


async def test_when_the_articles_do_not_answer_it_says_so_and_suggests_sources(bot: Bot) -> None:
    await bot.send(bot.user.message("Who won the World Cup?"))
    sent = bot.last()
    assert "don't answer “Who won the World Cup?”" in sent["text"]
    assert "/sources" in sent["text"]
    assert "reply_markup" not in sent


async def test_a_notice_is_shown(bot: Bot) -> None:
    bot.engine.replies["?"] = Reply("?", True, (), notice="Please ask <a question>.")
    await bot.send(bot.user.message("?"))
    assert bot.last()["text"].startswith("<i>Please ask &lt;a question&gt;.</i>")


async def test_html_like_questions_are_escaped(bot: Bot) -> None:
    await bot.send(bot.user.message("<b>who</b> & <script>?"))
    text = bot.last()["text"]
    assert "&lt;b&gt;who&lt;/b&gt; &amp; &lt;script&gt;?" in text
    assert html_problems(text) == []


async def test_a_5000_character_question_gets_a_short_valid_reply(bot: Bot) -> None:
    await bot.send(bot.user.message("why " * 1250))
    text = bot.last()["text"]
    assert telegram_length(text) < MESSAGE_LIMIT
    assert html_problems(text) == []


async def test_follow_ups_share_a_conversation_within_a_chat_only(bot: Bot) -> None:
    other = bot.chat(99)
    await bot.send(bot.user.message(QUESTION))
    await bot.send(other.message(QUESTION))
    await bot.send(bot.user.message(FOLLOW_UP))
    mine, theirs, follow_up = bot.engine.asked
    assert follow_up.conversation is mine.conversation
    assert theirs.conversation is not mine.conversation


async def test_an_edited_message_is_answered_again(bot: Bot) -> None:
    await bot.send(bot.user.message("Who won the World Cup?"))
    await bot.send(bot.user.edited(QUESTION))
    assert [asked.question for asked in bot.engine.asked] == ["Who won the World Cup?", QUESTION]
    assert "pandas" in bot.last()["text"]


async def test_asking_too_fast_is_refused_with_one_warning() -> None:
    async for bot in start_bot(Settings(telegram_token=TOKEN, chat_rate_per_minute=2)):
        for _ in range(5):
            await bot.send(bot.user.message(QUESTION))
        assert len(bot.engine.asked) == 2
        assert len(bot.texts()) == 3
        assert "faster than 2 questions a minute" in bot.texts()[-1]


async def test_chats_outside_allowed_chats_are_ignored() -> None:
    async for bot in start_bot(Settings(telegram_token=TOKEN, allowed_chats=frozenset({1}))):
        await bot.send(bot.user.message(QUESTION))
        await bot.send(bot.user.command("/start"))
        await bot.send(bot.user.inline(QUESTION))
        await bot.send(bot.chat(1).message(QUESTION))
        assert len(bot.texts()) == 1
        assert bot.request.sent("answerInlineQuery") == []


# --- groups and other messages ---------------------------------------------------------------


async def test_in_groups_plain_messages_are_left_alone(bot: Bot) -> None:
    await bot.send(bot.chat(-5, "supergroup").message(QUESTION))
    assert bot.texts() == []
    assert bot.engine.asked == []


async def test_in_groups_a_mention_is_answered_without_the_mention(bot: Bot) -> None:
    await bot.send(bot.chat(-5, "group").mention(QUESTION))
    assert [asked.question for asked in bot.engine.asked] == [QUESTION]
    assert bot.last()["reply_parameters"]["message_id"] > 0
    assert bot.last()["reply_parameters"]["allow_sending_without_reply"] is True


async def test_in_groups_a_reply_to_the_bot_is_answered(bot: Bot) -> None:
    await bot.send(bot.chat(-5, "group").reply_to_bot(QUESTION))
    assert [asked.question for asked in bot.engine.asked] == [QUESTION]


async def test_in_groups_commands_are_answered(bot: Bot) -> None:
    await bot.send(bot.chat(-5, "group").command(f"/sources@{BOT_USER['username']}"))
    assert "Night trains return" in bot.last()["text"]


async def test_in_groups_ask_takes_the_question_after_the_command(bot: Bot) -> None:
    group = bot.chat(-5, "group")
    await bot.send(group.command(f"/ask@{BOT_USER['username']} {QUESTION}"))
    await bot.send(group.command("/ask"))
    assert [asked.question for asked in bot.engine.asked] == [QUESTION]
    assert "pandas" in bot.texts()[0]
    assert bot.texts()[1] == ASK_HOW


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice"])
async def test_non_text_messages_get_a_one_line_hint(bot: Bot, kind: str) -> None:
    await bot.send(getattr(bot.user, kind)())
    assert bot.texts() == [NON_TEXT_HINT]
    assert "\n" not in NON_TEXT_HINT


async def test_non_text_messages_in_groups_are_left_alone(bot: Bot) -> None:
    await bot.send(bot.chat(-5, "group").sticker())
    assert bot.texts() == []
