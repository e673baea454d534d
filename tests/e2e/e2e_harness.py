"""The end-to-end harness: the Bot API emulator, the real bot process, and users who chat.

Shared by `conftest.py` (the e2e tests) and `bench_latency.py` (the latency script).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
SEEDS = REPO_ROOT / "seeds"
LAUNCHER = E2E_DIR / "emulator.js"
CITEQA = Path(sys.executable).with_name("citeqa")
"""The `citeqa` command installed beside this Python (`pip install -e .`)."""
BOT_ID = 666
BOT_USERNAME = "TestNameBot"
STARTUP_SECONDS = 60.0
REPLY_SECONDS = 15.0
_tokens = itertools.count(1)
_ids = itertools.count(1000)


def new_token() -> str:
    """Return a bot token of the right shape, different for every bot started."""
    return f"{100000 + next(_tokens)}:E2E-{os.getpid()}-{'x' * 24}"


def new_id() -> int:
    """Return a chat or user id not used before in this process."""
    return next(_ids)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post_json(url: str, payload: Any, headers: Mapping[str, str], timeout: float = 10) -> int:
    """POST JSON to a URL and return the HTTP status, errors included."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for_line(
    path: Path, needle: str, seconds: float, process: subprocess.Popen[bytes]
) -> str:
    """Wait until a log file has a line containing `needle`; fail if the process dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        for line in text.splitlines():
            if needle in line:
                return line
        if process.poll() is not None:
            raise RuntimeError(f"{path.name}: process exited ({process.returncode}):\n{text}")
        time.sleep(0.05)
    raise TimeoutError(f"{path.name} has no {needle!r} after {seconds:.0f} s")


class Emulator:
    """A running telegram-test-api (wrapped by emulator.js) on a free 127.0.0.1 port."""

    def __init__(self, workdir: Path) -> None:
        node = shutil.which("node")
        if node is None or not (E2E_DIR / "node_modules" / "telegram-test-api").is_dir():
            raise RuntimeError("the e2e tests need node and `npm ci --prefix tests/e2e` first")
        self.log = workdir / "emulator.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [node, str(LAUNCHER), "--host", "127.0.0.1", "--port", "0"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=E2E_DIR,
            )
        line = wait_for_line(self.log, "listening on", STARTUP_SECONDS, self.process)
        self.url = line.split("listening on", 1)[1].strip()

    def call(self, path: str, payload: dict[str, Any], timeout: float = REPLY_SECONDS) -> Any:
        """POST a JSON payload to one of the emulator's routes and return its `result`."""
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout + 5) as response:
            return json.load(response)["result"]

    def stop(self) -> None:
        """Stop the emulator process."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class BotProcess:
    """The real bot, started as its own process against the emulator, logging to a file."""

    def __init__(
        self,
        emulator: Emulator,
        workdir: Path,
        log_level: str = "DEBUG",
        args: Sequence[str] = (),
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        self.emulator = emulator
        self.token = new_token()
        workdir.mkdir(parents=True, exist_ok=True)
        self.log = workdir / "bot.log"
        self.output = workdir / "bot.out"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "CITEQA_"))
        }
        env |= {
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_API_URL": emulator.url,
            "CITEQA_CORPUS": str(SEEDS),
            "CITEQA_CACHE_DIR": str(workdir / "cache"),
            "CITEQA_LOG_FILE": str(self.log),
            "CITEQA_LOG_LEVEL": log_level,
            **(extra_env or {}),
        }
        if not CITEQA.exists():
            raise RuntimeError(f"{CITEQA} is missing: install citeqa with `pip install -e .`")
        with self.output.open("wb") as output:
            # Never a pipe: nobody would drain it and the bot would stall on a full buffer.
            self.process = subprocess.Popen(
                [str(CITEQA), "telegram", *args],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=workdir,
                env=env,
            )
        wait_for_line(self.log, "Application started", STARTUP_SECONDS, self.process)

    def log_text(self) -> str:
        """Return everything the bot wrote: its log file and its stdout/stderr."""
        return "\n".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in (self.log, self.output)
            if path.exists()
        )

    def stop(self, timeout: float = 10.0) -> tuple[int | None, float]:
        """Send SIGTERM; return the exit code (None if it had to be killed) and seconds taken."""
        if self.process.poll() is not None:
            return self.process.returncode, 0.0
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code: int | None = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        return code, time.monotonic() - started


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
