"""Hostile questions get a sensible reply, never an exception, through the engine and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import Conversation, Engine, Reply
from index.answering.question import clean_question

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

HOSTILE = {
    "empty": "",
    "whitespace": "   \t\n  ",
    "100 KB": "x" * 100_000,
    "control characters": "Kim\x07 trip\x1b[31m \x0b\x0c",
    "NUL bytes": "Kim\x00\x00 trip",
    "emoji only": "\U0001f600\U0001f389\U0001f680",
    "right-to-left": "\u0645\u0631\u062d\u0628\u0627 \u0643\u064a\u0645 \u202eevil",
    "CJK": "\u91d1\u6b63\u6069\u306f\u5317\u4eac\u3092\u8a2a\u554f\u3057\u307e\u3057\u305f\u304b",
    "HTML": "<b>Kim</b> &amp; <script>alert(1)</script> trip",
    "markdown": "*_[]()~`Kim`* **trip**",
    "SQL": "'; DROP TABLE sentences; --",
    "shell": "$(rm -rf /) `id` && echo pwned",
    "one stopword": "the",
    "one word 10,000 times": " ".join(["trip"] * 10_000),
    "lone surrogate": "\udcff Kim",
    "only punctuation": "?!?...;;",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine.open(SEEDS, tmp_path_factory.mktemp("cache"))


def _assert_valid(reply: Reply, question: str) -> None:
    assert reply.question == question
    assert isinstance(reply.abstained, bool)
    if reply.abstained:
        assert reply.answers == ()
    else:
        assert 1 <= len(reply.answers) <= 3
        for answer in reply.answers:
            assert answer.text and answer.article.id
    json.dumps(
        {"q": reply.question, "a": [a.text for a in reply.answers], "n": reply.notice},
        ensure_ascii=True,
    )


@pytest.mark.parametrize("question", list(HOSTILE.values()), ids=list(HOSTILE))
def test_engine_replies_to_hostile_question(engine: Engine, question: str) -> None:
    reply = engine.ask(question, Conversation())
    _assert_valid(reply, question)


@pytest.mark.parametrize("name", ["empty", "whitespace", "emoji only", "one stopword"])
def test_question_without_words_gets_a_notice(engine: Engine, name: str) -> None:
    reply = engine.ask(HOSTILE[name])
    assert reply.abstained
    assert reply.notice


def test_markup_is_ignored_not_searched(engine: Engine) -> None:
    # Tags and emphasis are markup; "&amp;" is the "&" the asker wrote.
    plain = engine.ask("Kim & trip")
    marked = engine.ask("<b>Kim</b> &amp; *trip*")
    assert [a.text for a in marked.answers] == [a.text for a in plain.answers]


def test_emphasis_marks_are_markup_but_not_inside_a_word() -> None:
    cleaned = clean_question("Did *Kim*'s _trip_ to `Beijing` use snake_case or **2*3**?")
    assert cleaned == "Did Kim's trip to Beijing use snake_case or 2*3?"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.text(max_size=300))
def test_any_string_yields_a_valid_reply(engine: Engine, question: str) -> None:
    conversation = Conversation()
    _assert_valid(engine.ask(question, conversation), question)
    _assert_valid(engine.ask("and " + question, conversation), "and " + question)


def _citeqa(args: list[str], stdin: bytes, cache: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CITEQA_CACHE_DIR": str(cache), "CITEQA_CORPUS": str(SEEDS)}
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_ask_from_stdin_answers_every_hostile_line(tmp_path: Path) -> None:
    lines = [q for q in HOSTILE.values() if "\n" not in q and "\udcff" not in q]
    payload = "\n".join(lines).encode("utf-8") + b"\n\xff\xfe invalid utf-8 Kim\n"
    result = _citeqa(["ask", "--json", "-"], payload, tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    replies = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(replies) == len(lines) + 1
    assert all(isinstance(r["abstained"], bool) for r in replies)


def test_repl_survives_hostile_lines_and_keeps_going(tmp_path: Path) -> None:
    lines = [HOSTILE["NUL bytes"], HOSTILE["HTML"], HOSTILE["100 KB"], "/bogus", "Who wrote it?"]
    payload = "\n".join(lines).encode("utf-8") + b"\n\xff\xfe\n/quit\n"
    result = _citeqa(["repl", "--json"], payload, tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    outputs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(outputs) == len(lines) + 1
    assert outputs[3] == {"command": "unknown", "text": "Unknown command /bogus: try /help."}
