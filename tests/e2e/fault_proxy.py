"""A Bot API proxy for the end-to-end tests that breaks chosen calls, on a schedule.

The bot's TELEGRAM_API_URL points here; every call is passed on to the emulator unless the
schedule names it. Calls are counted per Bot API method from 1, across bot restarts, and
`schedule[method][n]` says what happens to the n-th call of that method:

    TOO_MANY      answer 429 with retry_after=1; the emulator never sees the call
    SERVER_ERROR  answer 500; the emulator never sees the call
    STALL         never answer, until the bot gives up and closes the connection
    DROP_REQUEST  close the connection at once; the emulator never sees the call
    DROP_ANSWER   pass the call on, then close the connection instead of answering: for
                  getUpdates, the updates are lost on their way to the bot
    UNAUTHORIZED  answer 401, as Telegram does for a revoked token
    GARBAGE       answer 200 with a page that is not JSON and quotes the request's path

`send_delay` holds every sendMessage that long before passing it on (unless the bot gives up
first), so that replies are still in flight when a test signals the bot.

A send is never dropped after the emulator took it: Telegram offers no way to send a message
"at most once", so a bot that retries would rightly send it twice (see "Reliability" in README.md).

It also records what the tests check against: every getUpdates offset, the update ids each
getUpdates answer delivered, and the faults injected. It runs its own event loop in a thread,
so the synchronous tests drive it with plain calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import httpx

STALL_LIMIT_SECONDS = 120.0
REASONS = {200: "OK", 401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error"}


class Fault(enum.Enum):
    """What the proxy does to one call instead of passing it on."""

    TOO_MANY = "429"
    SERVER_ERROR = "500"
    STALL = "stall"
    DROP_REQUEST = "drop request"
    DROP_ANSWER = "drop answer"
    UNAUTHORIZED = "401"
    GARBAGE = "garbage"


Schedule = Mapping[str, Mapping[int, Fault]]


@dataclass(frozen=True)
class Request:
    """One HTTP request from the bot."""

    verb: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def method(self) -> str:
        """Return the Bot API method called, such as `sendMessage`."""
        return self.path.split("?", 1)[0].rsplit("/", 1)[-1]

    def params(self) -> dict[str, Any]:
        """Return the call's parameters, from a JSON or a form body."""
        if not self.body:
            return {}
        if "json" in self.headers.get("content-type", ""):
            return dict(json.loads(self.body))
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """Read one HTTP/1.1 request, or return None when the client has closed the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    verb, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", ""):
        raise ValueError("fault_proxy does not read chunked bodies")
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Request(verb, path, headers, body)


def response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    """Return an HTTP/1.1 response that keeps the connection open."""
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


def error_body(code: int, description: str, **parameters: Any) -> bytes:
    """Return a Bot API error answer."""
    answer: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        answer["parameters"] = parameters
    return json.dumps(answer).encode()


async def gone(reader: asyncio.StreamReader, seconds: float) -> bool:
    """Wait `seconds`; tell whether the client closed the connection meanwhile."""
    if seconds <= 0:
        return False
    try:
        return await asyncio.wait_for(reader.read(1), seconds) == b""
    except TimeoutError:
        return False


class FaultProxy:
    """The proxy, listening on a free 127.0.0.1 port (`url`) until `stop()`."""

    def __init__(self, upstream: str, schedule: Schedule | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.schedule = schedule or {}
        self.calls: Counter[str] = Counter()
        self.injected: list[tuple[str, int, Fault]] = []
        self.offsets: list[int] = []
        self.delivered: list[int] = []
        self.upstream_errors: list[str] = []
        self.send_delay = 0.0
        self.sending = 0
        """sendMessage calls passed on and not yet answered."""
        self.polls_held = threading.Event()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.url = self._run(self._start())

    def _run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(30)

    async def _start(self) -> str:
        self._client = httpx.AsyncClient(timeout=STALL_LIMIT_SECONDS)
        self._release = asyncio.Event()
        self._release.set()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        """Close the listening socket and the connections, and end the thread."""

        async def close() -> None:
            self._release.set()
            self._server.close()
            await self._client.aclose()

        self._run(close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def hold_polls(self) -> None:
        """Keep getUpdates calls waiting (not passed on) until `release_polls()`."""
        self.polls_held.clear()
        self._loop.call_soon_threadsafe(self._release.clear)

    def release_polls(self) -> None:
        """Let held and later getUpdates calls through."""
        self._loop.call_soon_threadsafe(self._release.set)

    def kinds(self, method: str) -> set[Fault]:
        """Return the kinds of fault injected so far into calls of `method`."""
        with self._lock:
            return {fault for name, _, fault in self.injected if name == method}

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while (request := await read_request(reader)) is not None:
                answer = await self._answer(request, reader)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _answer(self, request: Request, reader: asyncio.StreamReader) -> bytes | None:
        """Return the bytes to answer with, or None to close the connection unanswered."""
        method = request.method
        with self._lock:
            self.calls[method] += 1
            fault = self.schedule.get(method, {}).get(self.calls[method])
            if fault is not None:
                self.injected.append((method, self.calls[method], fault))
        if method == "getUpdates":
            if not self._release.is_set():
                self.polls_held.set()
                await self._release.wait()
            with self._lock:
                self.offsets.append(int(request.params().get("offset") or 0))
        if fault is Fault.TOO_MANY:
            return response(
                429, error_body(429, "Too Many Requests: retry after 1", retry_after=1)
            )
        if fault is Fault.SERVER_ERROR:
            return response(500, error_body(500, "Internal Server Error"))
        if fault is Fault.UNAUTHORIZED:
            return response(401, error_body(401, "Unauthorized"))
        if fault is Fault.GARBAGE:
            return response(200, f"<html>{request.path}</html>".encode(), "text/html")
        if fault is Fault.STALL:
            with contextlib.suppress(TimeoutError):  # until the bot gives up and closes
                await asyncio.wait_for(reader.read(), STALL_LIMIT_SECONDS)
            return None
        if fault is Fault.DROP_REQUEST:
            return None
        if method == "sendMessage":
            self.sending += 1
        try:
            if method == "sendMessage" and await gone(reader, self.send_delay):
                return None  # the bot gave up on this send: it must not reach the emulator
            status, body, content_type = await self._forward(request)
        finally:
            if method == "sendMessage":
                self.sending -= 1
        if fault is Fault.DROP_ANSWER:
            return None
        if method == "getUpdates" and status == 200:
            with self._lock:
                self.delivered += [update["update_id"] for update in json.loads(body)["result"]]
        return response(status, body, content_type)

    async def _forward(self, request: Request) -> tuple[int, bytes, str]:
        """Pass a call on to the emulator; a failure there is a 502, as from a real proxy."""
        headers = {"content-type": request.headers.get("content-type", "application/json")}
        try:
            answer = await self._client.request(
                request.verb,
                f"{self.upstream}{request.path}",
                content=request.body,
                headers=headers,
            )
        except httpx.HTTPError as error:
            with self._lock:
                self.upstream_errors.append(f"{request.method}: {error!r}")
            return 502, error_body(502, "Bad Gateway"), "application/json"
        return answer.status_code, answer.content, answer.headers.get("content-type", "")
