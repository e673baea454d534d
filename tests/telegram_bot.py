"""A bot on the fake Bot API with a scripted engine, for the handler tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram_fakes import RAIL, TOKEN, FakeRequest, ScriptedEngine, Updates, make_answer
from telegram_faults import retry_at_once

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.handlers import CiteqaBot
from bot.telegram.text import CANDIDATE_EXAMPLES
from index import Reply

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
