"""End to end: the real bot process, long-polling the Bot API emulator, answering users."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from e2e_harness import (
    BOT_USERNAME,
    SEEDS,
    STARTUP_SECONDS,
    BotProcess,
    Emulator,
    free_port,
    post_json,
    wait_for_line,
)
from e2e_users import User

from bot.telegram.format import MESSAGE_LIMIT, html_problems, strip_tags, telegram_length
from index import Conversation, Engine

QUESTION = "Who did Kim Jong Un meet on his secret trip to Beijing?"
FIRST_QUESTIONS = (
    "How did Kim get to Beijing?",
    "What did Kim warn Washington about in his New Year's speech?",
    "When will Kim sit down with South Korea's president?",
    "What does the US fear Beijing could do with the North Korea question?",
    "Which professor did the Financial Times quote on the visit?",
)
FOLLOW_UPS = ("Why?", "What did he say about that?", "And with Trump?", "What else did he say?")


def text_of(message: dict[str, Any]) -> str:
    """Return a bot message's HTML after checking Telegram would accept it."""
    text = str(message["message"]["text"])
    assert html_problems(text) == []
    assert telegram_length(text) <= MESSAGE_LIMIT
    assert message["message"]["parse_mode"] == "HTML"
    return text


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Return a bot message's inline buttons, text to callback data."""
    markup = message["message"].get("reply_markup") or {"inline_keyboard": []}
    return {
        button["text"]: button["callback_data"]
        for row in markup["inline_keyboard"]
        for button in row
    }


def test_start_says_what_the_bot_does_with_examples(user: User) -> None:
    user.command("/start")
    text = text_of(user.reply())
    assert "Ask me about the news" in text
    assert text.count("• ") == 3
    assert "/sources" in text


def test_the_command_menu_is_registered_at_start_up(emulator: Emulator, bot: BotProcess) -> None:
    commands = emulator.call("/getMyCommands", {"token": bot.token})
    assert [command["command"] for command in commands] == [
        "start",
        "ask",
        "help",
        "sources",
        "reset",
    ]


def test_question_is_answered_with_a_citation(user: User, oracle: Engine) -> None:
    best = oracle.ask(QUESTION, conversation=Conversation(), top=3).answers[0]
    user.say(QUESTION)
    reply = user.reply()
    visible = strip_tags(text_of(reply))
    assert best.text in visible
    assert f"{best.article.publisher}, “{best.article.title}”, {best.article.date}" in visible
    assert f"paragraph {best.paragraph}, sentence {best.sentence_in_paragraph}" in visible
    assert "<b>Kim</b>" in text_of(reply)
    assert set(buttons(reply)) == {"More answers", "Show context"}


@dataclass(frozen=True)
class FollowUpCase:
    """A follow-up the engine answers differently after each of two first questions."""

    first: str
    other: str
    follow_up: str
    after_first: str
    after_other: str


def best_after(oracle: Engine, first: str, follow_up: str) -> str | None:
    """Return the engine's best answer to `follow_up` asked after `first`, if any."""
    conversation = Conversation()
    oracle.ask(first, conversation=conversation, top=6)
    answers = oracle.ask(follow_up, conversation=conversation, top=6).answers
    return answers[0].text if answers else None


@pytest.fixture(scope="module")
def follow_up_case(oracle: Engine) -> FollowUpCase:
    """Pick, from the seed questions, a follow-up whose answer depends on the chat's context."""
    for follow_up in FOLLOW_UPS:
        fresh = oracle.ask(follow_up, conversation=Conversation(), top=6).answers
        answers = {first: best_after(oracle, first, follow_up) for first in FIRST_QUESTIONS}
        usable = [
            first
            for first, answer in answers.items()
            if answer and (not fresh or answer != fresh[0].text)
        ]
        for first, other in itertools.combinations(usable, 2):
            after_first, after_other = answers[first], answers[other]
            if after_first and after_other and after_first != after_other:
                return FollowUpCase(first, other, follow_up, after_first, after_other)
    raise AssertionError("the engine answers no seed follow-up differently by context")


def test_follow_up_uses_the_chat_context(user: User, follow_up_case: FollowUpCase) -> None:
    user.say(follow_up_case.first)
    user.reply()
    user.say(follow_up_case.follow_up)
    assert follow_up_case.after_first in strip_tags(text_of(user.reply()))


def test_two_chats_at_once_keep_separate_contexts(
    new_user: Callable[..., User], follow_up_case: FollowUpCase
) -> None:
    case = follow_up_case
    alice, bob = new_user(), new_user()
    alice.say(case.first)
    bob.say(case.other)
    alice.say(case.follow_up)
    bob.say(case.follow_up)
    alice_follow_up = strip_tags(text_of(alice.replies(2)[1]))
    bob_follow_up = strip_tags(text_of(bob.replies(2)[1]))
    assert case.after_first in alice_follow_up
    assert case.after_other in bob_follow_up
    assert case.after_other not in alice_follow_up


def test_html_like_input_is_escaped(user: User) -> None:
    user.say('<script>alert("x")</script> & <b>who</b>?')
    text = text_of(user.reply())
    assert "&lt;script&gt;" in text
    assert "<script>" not in text
    assert 'alert("x")' in strip_tags(text)


def test_a_5000_character_question_gets_a_reply_under_the_limit(user: User) -> None:
    user.say(("Kim Beijing train " * 300)[:5000])
    text = text_of(user.reply())
    assert 0 < telegram_length(text) <= MESSAGE_LIMIT


def test_a_sticker_gets_a_one_line_hint(user: User) -> None:
    user.send_sticker()
    text = text_of(user.reply())
    assert "\n" not in text
    assert "text" in text


def test_groups_hear_only_what_is_addressed_to_the_bot(new_user: Callable[..., User]) -> None:
    group = new_user(chat_type="group", chat_id=-new_user().chat_id)
    group.say(QUESTION)
    assert group.no_reply(1.0)
    mention = f"@{BOT_USERNAME}"
    entities = [{"type": "mention", "offset": 0, "length": len(mention)}]
    group.say(f"{mention} {QUESTION}", entities=entities)
    assert "paragraph" in text_of(group.reply())


def test_inline_query_offers_cited_answers(user: User, oracle: Engine) -> None:
    expected = oracle.ask(QUESTION, conversation=Conversation(), top=5).answers
    results = user.inline_query(QUESTION)
    assert [result["type"] for result in results] == ["article"] * len(expected)
    first = results[0]
    assert expected[0].article.publisher in first["description"]
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert html_problems(content["message_text"]) == []
    assert expected[0].text in strip_tags(content["message_text"])


def test_more_answers_button_extends_the_reply(user: User) -> None:
    user.say(QUESTION)
    reply = user.reply()
    before = strip_tags(text_of(reply))
    user.press(reply, buttons(reply)["More answers"])
    deadline = time.monotonic() + 10
    original = reply["message"]["text"]
    while (stored := user.stored(reply["messageId"]))["message"]["text"] == original:
        assert time.monotonic() < deadline, "the reply was never edited"
        time.sleep(0.05)
    after = strip_tags(text_of(stored))
    assert after.startswith(before.split("\n", 1)[0])
    assert after.count("paragraph") > before.count("paragraph")
    assert "More answers" not in buttons(stored)


def test_sigterm_stops_the_bot_cleanly_and_the_token_is_never_logged(
    emulator: Emulator, workdir: Path
) -> None:
    process = BotProcess(emulator, workdir, log_level="DEBUG")
    asker = User(emulator, process.token)
    asker.say(QUESTION)
    asker.reply()
    asker.inline_query(QUESTION)

    code, seconds = process.stop(timeout=10.0)

    assert code == 0, process.log_text()[-2000:]
    assert seconds < 10.0
    log = process.log_text()
    assert f"Serving @{BOT_USERNAME}: 2 articles" in log
    assert process.token not in log
    assert process.token.split(":", 1)[1] not in log


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
def test_the_bot_says_on_stdout_in_one_line_that_it_is_up(
    emulator: Emulator, workdir: Path, webhook: bool
) -> None:
    port = free_port()
    how = (
        f"by webhook at 127.0.0.1, listening on 127.0.0.1:{port}" if webhook else "by long polling"
    )
    process = BotProcess(
        emulator,
        workdir,
        log_level="WARNING",
        args=["--webhook", f"http://127.0.0.1:{port}/citeqa"] if webhook else [],
        extra_env={"CITEQA_WEBHOOK_PORT": str(port)},
        wait=False,
    )
    try:
        line = wait_for_line(process.output, "Serving @", STARTUP_SECONDS, process.process)
    finally:
        code, _ = process.stop(timeout=10.0)
    assert line == f"Serving @{BOT_USERNAME}: 2 articles from {SEEDS}, {how}; Ctrl-C to stop"
    assert process.output.read_text(encoding="utf-8") == line + "\n"
    assert code == 0


def test_webhook_mode_answers_updates_that_carry_the_secret_token(
    emulator: Emulator, workdir: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/citeqa"
    process = BotProcess(
        emulator,
        workdir,
        log_level="DEBUG",
        args=["--webhook", url],
        extra_env={"CITEQA_WEBHOOK_PORT": str(port), "CITEQA_WEBHOOK_SECRET": "s3cret-token"},
    )
    try:
        asker = User(emulator, process.token)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": asker.chat,
                "from": asker.sender,
                "text": QUESTION,
            },
        }
        # The emulator cannot send Telegram's secret header, so the test plays Telegram here.
        assert post_json(url, update, {}) == 403
        assert asker.no_reply(0.5)
        secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
        assert post_json(url, {**update, "update_id": 2}, secret) == 200
        assert "paragraph" in text_of(asker.reply())
    finally:
        code, _ = process.stop(timeout=10.0)
    assert code == 0
    log = process.log_text()
    assert "Setting webhook" in log
    assert "s3cret-token" not in log
    assert process.token not in log
