"""The end-to-end harness: the Bot API emulator, the real bot process, and users who chat.

Shared by `conftest.py` (the e2e tests) and the benchmark scripts; users are in `e2e_users.py`.
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
    path: Path,
    needle: str,
    seconds: float,
    process: subprocess.Popen[bytes],
    output: Path | None = None,
) -> str:
    """Wait until a log file has a line containing `needle`; fail if the process dies first.

    The failure shows the log and, when given, the process's `output` file, where a crash
    before logging starts (an import error, say) leaves its traceback.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        for line in text.splitlines():
            if needle in line:
                return line
        if process.poll() is not None:
            printed = output.read_text("utf-8", "replace") if output and output.exists() else ""
            raise RuntimeError(
                f"{path.name}: process exited ({process.returncode}):\n{text}\n{printed}"
            )
        time.sleep(0.05)
    raise TimeoutError(f"{path.name} has no {needle!r} after {seconds:.0f} s")


class EmulatorMissing(RuntimeError):
    """Node.js or the pinned Bot API emulator is not installed; the message says how to."""


def find_emulator() -> str:
    """Return node's path once the pinned emulator is installed; raise EmulatorMissing if not.

    Nothing is installed here: .ci/run runs `npm ci --prefix tests/e2e` beforehand.
    """
    node = shutil.which("node")
    if node is None:
        raise EmulatorMissing(
            "needs Node.js 18 or later and npm: install them, then run `npm ci --prefix tests/e2e`"
        )
    if not (E2E_DIR / "node_modules" / "telegram-test-api").is_dir():
        raise EmulatorMissing(
            "needs the Bot API emulator: run `npm ci --prefix tests/e2e` (Node.js is installed)"
        )
    return node


class Emulator:
    """A running telegram-test-api (wrapped by emulator.js) on a free 127.0.0.1 port."""

    def __init__(self, workdir: Path) -> None:
        node = find_emulator()
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
        *,
        token: str | None = None,
        api_url: str | None = None,
        cache_dir: Path | None = None,
        wait: bool = True,
    ) -> None:
        """Start `citeqa telegram`; `api_url` (a proxy) replaces the emulator's URL, `token`
        and `cache_dir` let a restart be the same bot, and `wait=False` returns at once."""
        self.emulator = emulator
        self.token = token or new_token()
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
            "TELEGRAM_API_URL": api_url or emulator.url,
            "CITEQA_CORPUS": str(SEEDS),
            "CITEQA_CACHE_DIR": str(cache_dir or workdir / "cache"),
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
        if wait:
            wait_for_line(
                self.log, "Application started", STARTUP_SECONDS, self.process, self.output
            )

    def log_text(self) -> str:
        """Return everything the bot wrote: its log file and its stdout/stderr."""
        return "\n".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in (self.log, self.output)
            if path.exists()
        )

    def send_signal(self, signum: int = signal.SIGTERM) -> None:
        """Send the process a signal (SIGTERM by default)."""
        self.process.send_signal(signum)

    def wait(self, timeout: float = 10.0) -> int | None:
        """Wait for the process to exit; return its code, or None if it had to be killed."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def stop(
        self, timeout: float = 10.0, signum: int = signal.SIGTERM
    ) -> tuple[int | None, float]:
        """Send SIGTERM (or `signum`); return the exit code (None if killed) and seconds taken."""
        if self.process.poll() is not None:
            return self.process.returncode, 0.0
        started = time.monotonic()
        self.send_signal(signum)
        code = self.wait(timeout)
        return code, time.monotonic() - started
