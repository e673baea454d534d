"""The bot's fixed words: /start and /help, hints, and the example questions it offers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.telegram.format import escape
from index import Conversation

if TYPE_CHECKING:
    from bot.telegram.replies import AnsweringEngine

COMMANDS = (
    ("start", "What I do, with example questions"),
    ("ask", "Ask a question (handy in groups): /ask who met whom?"),
    ("help", "How to ask, and what the buttons do"),
    ("sources", "The articles I answer from"),
    ("reset", "Forget this chat's earlier questions"),
)
CANDIDATE_EXAMPLES = (
    "Who did Kim Jong Un meet on his secret trip to Beijing?",
    "How did Kim get to Beijing?",
    "How many times has Kim visited China in the past year?",
)
NON_TEXT_HINT = "I can only read text: send me your question as a message."
UNKNOWN_COMMAND = "I don't know that command. /help says what I can do."
ASK_HOW = "Put the question after the command: /ask Who met whom?"
RESET_DONE = "Done: I have forgotten this chat's earlier questions."
TOO_FAST = "You are asking faster than {rate} questions a minute; give me a moment."
EXPIRED_BUTTON = "That answer is too old now: ask the question again."
FAILED = "Sorry, something went wrong while answering. Please try again."


def example_questions(engine: AnsweringEngine, count: int = 3) -> tuple[str, ...]:
    """Return up to `count` questions the engine can answer, to show in /start."""
    candidates = [
        *CANDIDATE_EXAMPLES,
        *(f"What is “{article.title}” about?" for article in engine.articles),
    ]
    examples: list[str] = []
    for question in candidates:
        if len(examples) == count:
            break
        if not engine.ask(question, conversation=Conversation(), top=1).abstained:
            examples.append(question)
    return tuple(examples)


def render_start(article_count: int, examples: Sequence[str]) -> str:
    """Return the /start message: what the bot does and example questions."""
    lines = [
        "<b>Ask me about the news.</b>",
        f"I answer from {article_count} article{'s' if article_count != 1 else ''} with the "
        "sentences that answer your question, each with where it comes from: publisher, "
        "title, date and its place in the article.",
    ]
    if examples:
        lines += ["", "Try:", *(f"• {escape(question)}" for question in examples)]
    lines += ["", "/sources lists the articles, /help says more."]
    return "\n".join(lines)


def render_help(username: str | None) -> str:
    """Return the /help message."""
    inline = f"@{escape(username)} your question" if username else "@bot your question"
    return "\n".join(
        [
            "<b>How to ask</b>",
            "Send a question as a message. You get the best sentence from the articles, "
            "with its citation, and one or two more when they add something; words that "
            "matched your question are in bold.",
            "",
            "Follow-ups like “And the meeting with Trump?” continue from your last question; "
            "/reset starts over.",
            "",
            "<b>Buttons</b> under an answer: “More answers” lists the next best sentences, "
            "“Show context” adds the sentences around each answer.",
            "",
            f"<b>In any chat</b>: type {inline} to share an answer.",
            "<b>In groups</b> I answer when mentioned, replied to, or asked with /ask.",
            "",
            "/sources lists the articles, /start shows example questions.",
        ]
    )
