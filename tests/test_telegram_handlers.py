"""Every handler of the bot, in process, against a fake Bot API and a scripted engine."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram_fakes import (
    BOT_USER,
    RAIL,
    TOKEN,
    FakeRequest,
    ScriptedEngine,
    Updates,
    failure,
    make_answer,
)
from telegram_faults import retry_at_once

from bot.config import Settings
from bot.telegram_app import build_application
from bot.telegram_format import MESSAGE_LIMIT, html_problems, strip_tags, telegram_length
from bot.telegram_handlers import CiteqaBot
from bot.telegram_replies import first_shown
from bot.telegram_sending import SEND_RETRIES
from bot.telegram_text import (
    ASK_HOW,
    CANDIDATE_EXAMPLES,
    EXPIRED_BUTTON,
    FAILED,
    NON_TEXT_HINT,
    RESET_DONE,
    UNKNOWN_COMMAND,
    example_questions,
)
from index import CorpusError, Reply

QUESTION = "When do the pandas come out?"
FOLLOW_UP = "Why?"
ANSWERS = (
    make_answer(
        "Visitors can see the pandas every morning.",
        score=12.0,
        position=(3, 4),
        before="Keepers said the animals settled in quickly.",
        after="The zoo expects more visitors.",
        matched_terms=("panda",),
    ),
    make_answer("The red pandas arrived from Nepal.", score=9.0, position=(2, 2)),
    make_answer("Night trains run again.", score=3.0, article=RAIL, position=(1, 1)),
    make_answer("Tickets cost less than a flight.", score=2.0, article=RAIL, position=(2, 3)),
)


def answered(question: str, answers: tuple[Any, ...] = ANSWERS) -> Reply:
    return Reply(question=question, abstained=False, answers=answers)


@dataclass
class Bot:
    """The application under test, its fake Bot API, its engine, and a user's updates."""

    application: Application  # type: ignore[type-arg]
    citeqa: CiteqaBot
    request: FakeRequest
    engine: ScriptedEngine
    user: Updates

    def chat(self, chat_id: int, chat_type: str = "private") -> Updates:
        return Updates(self.application.bot, chat_id=chat_id, user_id=chat_id, chat_type=chat_type)

    async def send(self, update: Update) -> None:
        await self.application.process_update(update)

    def texts(self) -> list[str]:
        return [str(params["text"]) for params in self.request.sent()]

    def last(self) -> dict[str, Any]:
        return self.request.sent()[-1]


async def start_bot(settings: Settings) -> AsyncIterator[Bot]:
    engine = ScriptedEngine(
        {
            QUESTION: answered(QUESTION),
            FOLLOW_UP: answered(FOLLOW_UP, ANSWERS[1:2]),
            CANDIDATE_EXAMPLES[0]: answered(CANDIDATE_EXAMPLES[0]),
            CANDIDATE_EXAMPLES[2]: answered(CANDIDATE_EXAMPLES[2]),
            f"What is “{RAIL.title}” about?": answered("rail"),
        }
    )
    request = FakeRequest()
    application, citeqa = build_application(settings, engine, TOKEN, request)
    retry_at_once(application)
    await application.initialize()
    engine.asked.clear()
    try:
        yield Bot(application, citeqa, request, engine, Updates(application.bot))
    finally:
        await application.shutdown()


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
    caplog.set_level(logging.INFO, logger="bot.telegram_handlers")
    await bot.citeqa.post_init(bot.application)
    (commands,) = bot.request.sent("setMyCommands")
    names = [command["command"] for command in commands["commands"]]
    assert names == ["start", "ask", "help", "sources", "reset"]
    assert f"Serving @{BOT_USER['username']}: 2 articles from seeds" in caplog.text


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


async def test_an_error_is_logged_with_its_traceback_and_the_chat_told(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.engine, "ask", explode)
    await bot.send(bot.user.message(QUESTION))
    (record,) = [record for record in caplog.records if record.name == "bot.telegram_handlers"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])
    assert bot.texts() == [FAILED]


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
