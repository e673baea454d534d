"""Users of the end-to-end tests: people chatting with the bot through the emulator."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from e2e_harness import BOT_ID, BOT_USERNAME, REPLY_SECONDS, Emulator, new_id


@dataclass
class User:
    """Someone chatting with the bot through the emulator's client API, in one chat."""

    emulator: Emulator
    token: str
    chat_id: int = field(default_factory=new_id)
    user_id: int = field(default_factory=new_id)
    chat_type: str = "private"

    @property
    def sender(self) -> dict[str, Any]:
        """Return the Telegram User this user is."""
        return {"id": self.user_id, "is_bot": False, "first_name": f"User{self.user_id}"}

    @property
    def chat(self) -> dict[str, Any]:
        """Return the Telegram Chat this user writes in."""
        chat: dict[str, Any] = {"id": self.chat_id, "type": self.chat_type}
        if self.chat_type == "private":
            chat["first_name"] = f"User{self.user_id}"
        else:
            chat["title"] = f"Group {self.chat_id}"
        return chat

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "botToken": self.token,
            "from": self.sender,
            "chat": self.chat,
            "date": int(time.time()),
            **fields,
        }

    def say(self, text: str, **fields: Any) -> None:
        """Send a text message (extra fields such as `entities` go into the Message)."""
        self.emulator.call("/sendMessage", self._message(text=text, **fields))

    def command(self, text: str) -> None:
        """Send a command such as `/start`."""
        length = len(text.split(" ", 1)[0])
        entities = [{"offset": 0, "length": length, "type": "bot_command"}]
        self.emulator.call("/sendCommand", self._message(text=text, entities=entities))

    def send_sticker(self) -> None:
        """Send a sticker."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAE",
            "file_unique_id": "AgADAgAD",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        self.emulator.call("/sendMessage", self._message(sticker=sticker))

    def press(self, bot_message: dict[str, Any], data: str) -> None:
        """Press the inline button with callback `data` under a message the bot sent."""
        message = {
            "message_id": bot_message["messageId"],
            "date": int(time.time()),
            "chat": self.chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
            "text": bot_message["message"].get("text", ""),
        }
        payload = {
            "botToken": self.token,
            "from": self.sender,
            "message": message,
            "data": data,
            "chat_instance": str(self.chat_id),
        }
        self.emulator.call("/sendCallback", payload)

    def inline_query(self, query: str) -> list[dict[str, Any]]:
        """Type `@bot query` and return the results the bot answered with."""
        sent = self.emulator.call(
            "/sendInlineQuery", {"botToken": self.token, "from": self.sender, "query": query}
        )
        deadline = time.monotonic() + REPLY_SECONDS
        while time.monotonic() < deadline:
            answers = self.emulator.call(
                "/getInlineAnswers", {"token": self.token, "inlineQueryId": sent["id"]}
            )
            if answers:
                return list(answers[0]["results"])
            time.sleep(0.02)
        raise TimeoutError(f"no answer to the inline query {query!r}")

    def replies(self, count: int = 1, seconds: float = REPLY_SECONDS) -> list[dict[str, Any]]:
        """Wait for the bot's next `count` messages in this chat and return them as stored."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + seconds
        while len(got) < count and (left := deadline - time.monotonic()) > 0:
            got += self.emulator.call(
                "/waitBotMessages",
                {"token": self.token, "chatId": self.chat_id, "timeout": min(left, 5.0)},
            )
        if len(got) < count:
            raise TimeoutError(f"chat {self.chat_id}: {len(got)} of {count} replies came")
        return got

    def reply(self) -> dict[str, Any]:
        """Wait for the bot's next message in this chat."""
        return self.replies(1)[0]

    def no_reply(self, seconds: float = 1.0) -> bool:
        """Tell whether the bot stays silent in this chat for `seconds`."""
        return not self.emulator.call(
            "/waitBotMessages", {"token": self.token, "chatId": self.chat_id, "timeout": seconds}
        )

    def stored(self, message_id: int) -> dict[str, Any]:
        """Return a bot message of this chat as the emulator holds it now (after any edits)."""
        history = self.emulator.call("/getUpdatesHistory", {"token": self.token})
        for item in history:
            if item.get("messageId") == message_id and "chat_id" in item.get("message", {}):
                return dict(item)
        raise KeyError(f"no bot message {message_id} in chat {self.chat_id}")
