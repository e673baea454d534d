"""Every exchange the program or the README shows works as shown."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from cli_process import RunCli

from bot.repl import HELP
from bot.telegram.text import render_help
from index import Conversation, Engine

README = Path(__file__).resolve().parent.parent / "README.md"
PROMPT = "citeqa> "


def _repl_transcript() -> tuple[list[str], list[str]]:
    """Return the README's REPL example: its command's arguments and the lines from the first
    prompt on."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```text\n\$ citeqa (repl[^\n]*)\n(.*?)```", text, re.S)
    assert block, "the README shows a `$ citeqa repl` exchange"
    lines = block.group(2).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(PROMPT))
    return shlex.split(block.group(1)), lines[first:]


def test_the_readme_repl_exchange_is_what_the_repl_prints(
    citeqa: RunCli, cli_env: dict[str, str], seeds_dir: Path
) -> None:
    args, transcript = _repl_transcript()
    questions = [line[len(PROMPT) :] for line in transcript if line.startswith(PROMPT)]
    cli_env["CITEQA_CORPUS"] = str(seeds_dir)
    result = citeqa(*args, input="".join(f"{q}\n" for q in questions))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == transcript


def test_the_repl_banners_follow_up_example_is_answered(seeds_engine: Engine) -> None:
    first, follow_up = re.findall(r"\(?\"([^\"]+\?)\"", HELP)[:2]
    conversation = Conversation()
    assert not seeds_engine.ask(first, conversation).abstained
    reply = seeds_engine.ask(follow_up, conversation)
    assert not reply.abstained
    assert "Trump" in reply.answers[0].text


def test_the_bots_help_follow_up_example_is_answered(seeds_engine: Engine) -> None:
    follow_up = re.search(r"Follow-ups like “([^”]+)”", render_help(None))
    assert follow_up
    first = re.findall(r"\"([^\"]+\?)\"", HELP)[0]
    conversation = Conversation()
    assert not seeds_engine.ask(first, conversation).abstained
    reply = seeds_engine.ask(follow_up.group(1), conversation)
    assert not reply.abstained
    assert "Trump" in reply.answers[0].text
