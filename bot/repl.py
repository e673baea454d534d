"""The interactive prompt: line editing and history on a terminal, line by line otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from bot.render import render_reply, render_sources, reply_to_dict
from index import Article, Conversation, Reply

HELP = """Ask a question about the articles, e.g. "When was Kim's first foreign trip?".
Follow-up questions ("And the meeting with Trump?") use the conversation so far.
Commands: /help this text, /sources the articles, /reset forget the conversation, /quit leave."""
PROMPT = "citeqa> "


class Answering(Protocol):
    """What the prompt needs of an engine (`index.Engine`, whichever backend it searches)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the articles served."""
        ...

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer one question; with a conversation, follow-ups use the turns before."""
        ...


def _terminal_lines(history_file: Path | None) -> Iterator[str]:
    try:
        import readline
    except ImportError:  # pragma: no cover - readline is missing only on some platforms
        readline = None  # type: ignore[assignment]
    if readline is not None and history_file is not None:
        try:
            history_file.parent.mkdir(parents=True, exist_ok=True)
            if history_file.exists():
                readline.read_history_file(history_file)
        except OSError:
            history_file = None
    try:
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                print()
                return
            except KeyboardInterrupt:
                print()
                continue
    finally:
        if readline is not None and history_file is not None:
            try:
                readline.set_history_length(1000)
                readline.write_history_file(history_file)
            except OSError:
                pass


def piped_lines(stream: BinaryIO) -> Iterator[str]:
    """Yield the lines of a byte stream as they arrive, split on "\\n" only.

    Bytes that are not UTF-8 become U+FFFD, so a bad byte costs one character, not the line.
    """
    for raw in stream:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def run_repl(
    engine: Answering,
    top: int,
    as_json: bool,
    history_file: Path | None,
    stdin: BinaryIO | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """Answer questions until /quit or end of input; return the exit code."""
    stdin = stdin or sys.stdin.buffer
    interactive = stdin.isatty()
    lines = _terminal_lines(history_file) if interactive else piped_lines(stdin)
    conversation = Conversation()
    if interactive and not as_json:
        out(HELP)
    for line in lines:
        if not interactive and not as_json:
            # Piped input is not shown as it is typed: echo it, so replies match questions.
            out(f"{PROMPT}{line}".rstrip())
        command = line.strip().lower()
        if command in ("/quit", "/exit", "/q"):
            break
        if command in ("/help", "/start", "/?"):
            out(json.dumps({"command": "help", "text": HELP}) if as_json else HELP)
        elif command == "/sources":
            if as_json:
                out(
                    json.dumps(
                        {
                            "command": "sources",
                            "sources": [
                                {
                                    "id": a.id,
                                    "title": a.title,
                                    "publisher": a.publisher,
                                    "date": a.date,
                                }
                                for a in engine.articles
                            ],
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                out(render_sources(engine.articles))
        elif command == "/reset":
            conversation.reset()
            out(json.dumps({"command": "reset"}) if as_json else "Conversation forgotten.")
        elif command.startswith("/") and " " not in command:
            message = f"Unknown command {line.strip()}: try /help."
            out(json.dumps({"command": "unknown", "text": message}) if as_json else message)
        else:
            reply = engine.ask(line, conversation, top)
            out(
                json.dumps(reply_to_dict(reply), ensure_ascii=False)
                if as_json
                else render_reply(reply)
            )
    return 0
