"""What an engine reply becomes in Telegram: how much to show, its buttons, inline results."""

from __future__ import annotations

from typing import Protocol

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)

from bot.telegram.format import (
    INLINE_TITLE_CHARS,
    cite_plain,
    clip,
    escape,
    pack_one,
    render_answer,
    render_answers,
    render_notice,
    render_searched,
)
from bot.telegram.state import ShownReply
from index import Article, Conversation, Reply

EXTRA_ANSWER_FLOOR = 0.5
"""A further answer is shown at first only if it scores at least this share of the best."""
MORE_ANSWERS = 3
"""How many answers beyond `settings.top` the "More answers" button can reveal."""
INLINE_QUESTION_CHARS = 300


class AnsweringEngine(Protocol):
    """What the bot needs of the engine (`index.Engine` is one)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the articles served."""
        ...

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer one question; with a conversation, follow-ups use the turns before."""
        ...


def first_shown(reply: Reply, top: int) -> int:
    """Return how many answers to show at first: the best, and those that add something."""
    if not reply.answers:
        return 0
    best = reply.answers[0].score
    shown = 1
    seen = {reply.answers[0].text.strip()}
    for answer in reply.answers[1:top]:
        if answer.score < EXTRA_ANSWER_FLOOR * best or answer.text.strip() in seen:
            break
        seen.add(answer.text.strip())
        shown += 1
    return shown


def keyboard(key: str, shown: ShownReply) -> InlineKeyboardMarkup | None:
    """Return the buttons under a reply: what it can still reveal."""
    buttons = []
    if shown.has_more:
        buttons.append(InlineKeyboardButton("More answers", callback_data=f"more:{key}"))
    if not shown.with_context:
        buttons.append(InlineKeyboardButton("Show context", callback_data=f"ctx:{key}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def render_shown(shown: ShownReply) -> str:
    """Return the message text of a reply, as much of it as is shown, under the limit."""
    blocks = [render_notice(shown.reply.notice)] if shown.reply.notice else []
    blocks += render_searched(shown.reply)
    blocks += render_answers(shown.reply.answers[: shown.shown], with_context=shown.with_context)
    return pack_one(blocks)


def inline_results(question: str, reply: Reply) -> list[InlineQueryResultArticle]:
    """Return one inline result per answer: the sentence as title, the citation beneath."""
    asked = f"<b>Q:</b> {escape(clip(question, INLINE_QUESTION_CHARS))}\n"
    return [
        InlineQueryResultArticle(
            id=str(number),
            title=clip(answer.text, INLINE_TITLE_CHARS),
            description=cite_plain(answer),
            input_message_content=InputTextMessageContent(asked + render_answer(answer)),
        )
        for number, answer in enumerate(reply.answers, start=1)
    ]
