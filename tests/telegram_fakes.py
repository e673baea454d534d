"""An in-process Bot API for the Telegram unit tests (PTB's own pattern: a fake BaseRequest).

`FakeRequest` answers every Bot API call from memory and records it; `Updates` builds the
updates a user would cause. Tests then feed them to `Application.process_update`.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

from index import Analyzer, Answer, Article, Conversation, Reply
from index.text.matching import matched_spans

BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "citeqa",
    "username": "citeqa_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
Responder = Callable[[dict[str, Any]], tuple[int, Any]]
ZOO = Article(
    id="zoo",
    title="<Cats & Dogs> at the city zoo",
    path="zoo.txt",
    publisher="Daily <News>",
    date="2024-05-01",
    url="https://example.com/zoo?a=1&b=2",
)
RAIL = Article(id="rail", title="Night trains return", path="rail.txt", publisher="Rail Weekly")


@dataclass(frozen=True)
class Call:
    """One Bot API call the bot made: the method and its parameters."""

    method: str
    params: dict[str, Any]


class FakeRequest(BaseRequest):
    """Answers the Bot API in memory; `answers[method]` overrides what one method returns."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.answers: dict[str, Responder] = {}
        self.scripts: dict[str, list[Responder]] = {}
        """Answers for the next calls of a method, used up in turn before `answers`."""
        self._message_ids = itertools.count(500)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(Call(endpoint, params))
        if self.scripts.get(endpoint):
            status, body = self.scripts[endpoint].pop(0)(params)
        elif endpoint in self.answers:
            status, body = self.answers[endpoint](params)
        else:
            status, body = 200, {"ok": True, "result": self._result(endpoint, params)}
        return status, json.dumps(body).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            return []
        if endpoint in ("sendMessage", "editMessageText"):
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Return the parameters of every call to one method, oldest first."""
        return [call.params for call in self.calls if call.method == method]

    def clear(self) -> None:
        """Forget the calls made so far."""
        self.calls.clear()


def failure(params: dict[str, Any]) -> tuple[int, Any]:
    """Answer with a server error."""
    return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}


def conflict(params: dict[str, Any]) -> tuple[int, Any]:
    """Answer as Telegram does when another instance is polling with the same token."""
    return 409, {
        "ok": False,
        "error_code": 409,
        "description": "Conflict: terminated by other getUpdates request; make sure that only "
        "one bot instance is running",
    }


def make_answer(
    text: str,
    score: float = 10.0,
    article: Article = ZOO,
    position: tuple[int, int] = (1, 1),
    before: str = "",
    after: str = "",
    matched_terms: tuple[str, ...] = (),
    in_paragraph: int | None = None,
) -> Answer:
    """Return an Answer with defaults for what a test does not care about.

    `position` is (paragraph, sentence); the sentence's number within its paragraph is
    `in_paragraph`, the same number unless given. The matched words' spans are found as the
    engine finds them, with the default analyser.
    """
    paragraph, sentence = position
    within = sentence if in_paragraph is None else in_paragraph
    spans = matched_spans(Analyzer(), text, matched_terms)
    return Answer(
        text, score, article, paragraph, sentence, before, after, matched_terms, within, spans
    )


@dataclass(frozen=True)
class Asked:
    """One question the bot put to the engine."""

    question: str
    conversation: Conversation | None
    top: int


class ScriptedEngine:
    """Stands in for `index.Engine`: canned replies, every question recorded."""

    def __init__(self, replies: dict[str, Reply] | None = None) -> None:
        self.replies = dict(replies or {})
        self.asked: list[Asked] = []
        self._articles = (RAIL, ZOO)

    @property
    def articles(self) -> tuple[Article, ...]:
        return self._articles

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        self.asked.append(Asked(question, conversation, top))
        reply = self.replies.get(question, Reply(question=question, abstained=True))
        return Reply(reply.question, reply.abstained, reply.answers[:top], reply.notice)


@dataclass
class Updates:
    """Builds the updates a user in one chat would cause."""

    bot: Bot
    chat_id: int = 7
    user_id: int = 7
    chat_type: str = "private"
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": "Ada"}

    def _chat(self) -> dict[str, Any]:
        if self.chat_type == "private":
            return {"id": self.chat_id, "type": "private", "first_name": "Ada"}
        return {"id": self.chat_id, "type": self.chat_type, "title": "News club"}

    def _update(self, **fields: Any) -> Update:
        return Update.de_json({"update_id": next(self._ids), **fields}, self.bot)

    def chat(self, chat_id: int, chat_type: str = "private") -> Updates:
        """Return the updates of another chat, numbered in the same sequence as this one's."""
        return replace(self, chat_id=chat_id, user_id=chat_id, chat_type=chat_type)

    def message_data(self, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """Return a Message as Telegram sends it, from this chat's user."""
        data: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self._user(),
            **fields,
        }
        if text is not None:
            data["text"] = text
        return data

    def message(self, text: str | None = None, **fields: Any) -> Update:
        """Return the update for a new message."""
        return self._update(message=self.message_data(text, **fields))

    def edited(self, text: str) -> Update:
        """Return the update for a message edited to `text`."""
        data = self.message_data(text, edit_date=int(time.time()))
        return self._update(edited_message=data)

    def command(self, text: str) -> Update:
        """Return the update for a command such as `/start` or `/start@bot`."""
        length = len(text.split(" ", 1)[0])
        entities = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.message(text, entities=entities)

    def mention(self, text: str) -> Update:
        """Return the update for `@bot text`, the mention marked as Telegram marks it."""
        handle = f"@{BOT_USER['username']}"
        entities = [{"type": "mention", "offset": 0, "length": len(handle)}]
        return self.message(f"{handle} {text}", entities=entities)

    def reply_to_bot(self, text: str) -> Update:
        """Return the update for a message replying to one of the bot's."""
        replied = {
            "message_id": 999,
            "date": int(time.time()),
            "chat": self._chat(),
            "from": BOT_USER,
            "text": "an earlier answer",
        }
        return self.message(text, reply_to_message=replied)

    def sticker(self) -> Update:
        """Return the update for a sticker."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAE",
            "file_unique_id": "AgADAgAD",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.message(sticker=sticker)

    def photo(self) -> Update:
        """Return the update for a photo."""
        photo = [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADx", "width": 90, "height": 90}]
        return self.message(photo=photo)

    def voice(self) -> Update:
        """Return the update for a voice note."""
        voice = {"file_id": "AwACAgIAAxk", "file_unique_id": "AgADy", "duration": 3}
        return self.message(voice=voice)

    def button(self, data: str, message_id: int = 500) -> Update:
        """Return the update for a press on an inline button under the bot's message."""
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(),
            "from": BOT_USER,
            "text": "an answer",
        }
        query = {
            "id": str(next(self._ids)),
            "from": self._user(),
            "chat_instance": "1",
            "message": message,
            "data": data,
        }
        return self._update(callback_query=query)

    def inline(self, query: str) -> Update:
        """Return the update for an inline query `@bot query`."""
        inline = {"id": str(next(self._ids)), "from": self._user(), "query": query, "offset": ""}
        return self._update(inline_query=inline)
