"""The `citeqa` command line, run as a separate process: output, the JSON contract, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from cli_process import RunCli
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator
from telegram_fakes import RAIL, ZOO, make_answer
from tiny_corpus import BAMBOO, BIKE_LANES, HELIOS, write_files

from bot.cli import cli
from bot.render import ABSTAINED, INDEX_INFO_HINT, cite, render_reply
from bot.repl import HELP, PROMPT
from index import ENGINES, Reply
from index.answering.answers import NO_QUESTION
from index.semantic import load_encoder

MODEL = load_encoder().identity
NULLABLE_STRING = {"type": ["string", "null"]}
SOURCE_SCHEMA = {
    "type": "object",
    "required": ["id", "title", "publisher", "author", "date", "url", "path"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "publisher": NULLABLE_STRING,
        "author": NULLABLE_STRING,
        "date": NULLABLE_STRING,
        "url": NULLABLE_STRING,
        "path": {"type": "string", "minLength": 1},
    },
}
ANSWER_SCHEMA = {
    "type": "object",
    "required": [
        "text",
        "score",
        "source",
        "paragraph",
        "sentence",
        "sentence_in_paragraph",
        "context",
    ],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "score": {"type": "number"},
        "source": SOURCE_SCHEMA,
        "paragraph": {"type": "integer"},
        "sentence": {"type": "integer", "minimum": 1},
        "sentence_in_paragraph": {"type": "integer", "minimum": 1},
        "context": {
            "type": "object",
            "required": ["before", "after"],
            "additionalProperties": False,
            "properties": {"before": {"type": "string"}, "after": {"type": "string"}},
        },
    },
}
# The contract of `citeqa ask --json` and `citeqa repl --json` (issue 2, item 10).
REPLY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["question", "abstained", "answers"],
    "additionalProperties": False,
    "properties": {
        "question": {"type": "string"},
        "abstained": {"type": "boolean"},
        "answers": {"type": "array", "items": ANSWER_SCHEMA},
        "notice": {"type": "string", "minLength": 1},
        "searched": {"type": "string", "minLength": 1},
    },
    "if": {"properties": {"abstained": {"const": True}}},
    "then": {"properties": {"answers": {"maxItems": 0}}},
    "else": {"properties": {"answers": {"minItems": 1}}},
}
REPLY = Draft202012Validator(REPLY_SCHEMA)
# What `citeqa repl --json` prints for its slash commands.
COMMAND = Draft202012Validator(
    {
        "type": "object",
        "required": ["command"],
        "properties": {
            "command": {"enum": ["help", "sources", "reset", "unknown"]},
            "text": {"type": "string"},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title"],
                    "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                },
            },
        },
    }
)


FERRY_NO_PUBLISHER = (
    "Ferry Returns\n\nThe island ferry resumed service on Monday after the storm.\n"
)


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    return found


def _options(group: click.Group, path: tuple[str, ...]) -> dict[str, click.Parameter]:
    command: click.Command = group
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return {option: param for param in command.params for option in param.opts}


def replies(stdout: str) -> list[dict[str, Any]]:
    """Parse JSON lines and check each against the reply contract."""
    parsed = [json.loads(line) for line in stdout.splitlines()]
    for reply in parsed:
        if "command" in reply:
            COMMAND.validate(reply)
        else:
            REPLY.validate(reply)
            assert all(isinstance(a["score"], float) for a in reply["answers"])
    return parsed


def test_the_schemas_are_valid_schemas() -> None:
    Draft202012Validator.check_schema(REPLY_SCHEMA)
    Draft202012Validator.check_schema(COMMAND.schema)


def test_ask_prints_answers_with_citations(citeqa: RunCli, cli_corpus: Path) -> None:
    result = citeqa(
        "ask",
        "--top",
        "1",
        "--corpus",
        cli_corpus,
        "How much bamboo do the pandas eat?",
        "lasagna?",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Q: How much bamboo do the pandas eat?\n"
        f"1. {BAMBOO}\n"
        "   \u2014 Daily Planet, \u201cZoo Welcomes Two Giant Pandas\u201d, 2021-05-04, "
        "paragraph 3, sentence 1\n"
        "\n"
        "Q: lasagna?\n"
        f"{ABSTAINED} Try `citeqa index info` to see what the articles cover.\n"
        "\n"
    )
    assert result.stderr == ""
    assert INDEX_INFO_HINT in result.stdout
    assert "/sources" not in result.stdout


def test_the_sentence_cited_is_counted_within_its_paragraph() -> None:
    answer = make_answer("Pandas arrived.", position=(14, 30), in_paragraph=2)
    assert cite(answer) == (
        "Daily <News>, \u201c<Cats & Dogs> at the city zoo\u201d, 2024-05-01, "
        "paragraph 14, sentence 2"
    )


def test_an_article_with_no_publisher_is_cited_by_its_title_alone(
    citeqa: RunCli, tmp_path: Path
) -> None:
    corpus = write_files(tmp_path / "c", {"world/ferry.txt": FERRY_NO_PUBLISHER})
    result = citeqa("ask", "--corpus", corpus, "When did the ferry resume?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:3] == [
        "1. The island ferry resumed service on Monday after the storm.",
        "   \u2014 \u201cFerry Returns\u201d, paragraph 2, sentence 1",
    ]
    assert "world/ferry" not in result.stdout


def test_an_article_cited_again_in_a_reply_is_not_named_in_full_again() -> None:
    answers = (
        make_answer("Pandas arrived.", position=(2, 5)),
        make_answer("Trains run.", article=RAIL, position=(1, 2)),
        make_answer("They ate bamboo.", position=(3, 7)),
    )
    text = render_reply(Reply(question="q", abstained=False, answers=answers), width=200)
    assert text.count(ZOO.title) == 1
    assert text.count(RAIL.title) == 1
    assert text.splitlines()[-1] == "   \u2014 Daily <News>, same article, paragraph 3, sentence 7"


def test_ask_json_prints_one_valid_object_per_question(citeqa: RunCli, cli_corpus: Path) -> None:
    questions = ["How much bamboo do the pandas eat?", "What is the recipe for lasagna?", " "]
    result = citeqa("ask", "--json", "--corpus", cli_corpus, *questions)
    assert result.returncode == 0, result.stderr
    bamboo, lasagna, blank = replies(result.stdout)
    assert [r["question"] for r in (bamboo, lasagna, blank)] == questions
    assert not bamboo["abstained"]
    assert len(bamboo["answers"]) == 3
    first = bamboo["answers"][0]
    assert first["text"] == BAMBOO
    assert first["source"] == {
        "id": "pandas",
        "title": "Zoo Welcomes Two Giant Pandas",
        "publisher": "Daily Planet",
        "author": "Maria Lopez",
        "date": "2021-05-04",
        "url": "https://example.org/pandas",
        "path": str(cli_corpus / "pandas.txt"),
    }
    assert (first["paragraph"], first["sentence"], first["sentence_in_paragraph"]) == (3, 4, 1)
    assert first["context"]["after"] == "The zoo spent $2 million on the new enclosure."
    assert (lasagna["abstained"], lasagna["answers"], "notice" in lasagna) == (True, [], False)
    assert (blank["abstained"], blank["notice"]) == (True, NO_QUESTION)


def test_ask_says_what_it_searched_for_when_it_corrected_a_word(
    citeqa: RunCli, cli_corpus: Path
) -> None:
    question = "How much bambo do the pandas eat?"
    result = citeqa("ask", "--json", "--corpus", cli_corpus, question)
    (reply,) = replies(result.stdout)
    searched = "How much bamboo do the pandas eat?"
    assert (reply["question"], reply["searched"]) == (question, searched)
    text = citeqa("ask", "--corpus", cli_corpus, question)
    assert f"(Searched for: {searched})" in text.stdout


def test_ask_top_limits_the_answers(citeqa: RunCli, cli_corpus: Path) -> None:
    result = citeqa("ask", "--json", "--top", "2", "--corpus", cli_corpus, "pandas bamboo zoo")
    (reply,) = replies(result.stdout)
    assert len(reply["answers"]) == 2


def test_ask_dash_answers_every_stdin_line_once(citeqa: RunCli, cli_corpus: Path) -> None:
    lines = ["How much bamboo do the pandas eat?", "", "   ", "What is the recipe for lasagna?"]
    result = citeqa("ask", "--json", "--corpus", cli_corpus, "-", input="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    parsed = replies(result.stdout)
    assert [reply["question"] for reply in parsed] == lines
    assert [reply["abstained"] for reply in parsed] == [False, True, True, True]
    assert [reply.get("notice") for reply in parsed[1:3]] == [NO_QUESTION, NO_QUESTION]


def test_ask_dash_reads_a_last_line_without_newline(citeqa: RunCli, cli_corpus: Path) -> None:
    result = citeqa("ask", "--json", "--corpus", cli_corpus, "-", input="pandas\r\nbamboo")
    assert [reply["question"] for reply in replies(result.stdout)] == ["pandas", "bamboo"]


def test_repl_json_keeps_the_conversation_between_lines(citeqa: RunCli, cli_corpus: Path) -> None:
    lines = [
        "And how many kilometres?",
        "How did the council vote on the transport budget?",
        "And how many kilometres?",
        "/sources",
        "/reset",
        "What was the solar car of the engineering students called?",
        "And how many kilometres?",
        "/reset",
        "And how many kilometres?",
        "/help",
        "/nonsense",
        "",
    ]
    result = citeqa("repl", "--json", "--corpus", cli_corpus, input="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    parsed = replies(result.stdout)
    alone, council, on_council, sources, reset, race, on_race = parsed[:7]
    forgotten, help_, unknown, blank = parsed[8:]
    assert not council["abstained"] and not race["abstained"]
    # Two articles give kilometres: each conversation's while it lasts, so at least one differs
    # from the answer to the question alone, which it gets again once the conversation is reset.
    assert on_council["answers"][0]["text"] == BIKE_LANES
    assert on_race["answers"][0]["text"] == HELIOS
    assert forgotten["answers"] == alone["answers"]
    assert sources["command"] == "sources"
    assert [s["id"] for s in sources["sources"]] == ["council", "pandas", "race"]
    assert reset == {"command": "reset"}
    assert help_ == {"command": "help", "text": HELP}
    assert unknown["command"] == "unknown"
    assert (blank["abstained"], blank["notice"]) == (True, NO_QUESTION)


def test_repl_text_answers_and_obeys_commands(citeqa: RunCli, cli_corpus: Path) -> None:
    lines = ["/help", "/sources", "How much bamboo do the pandas eat?", "/reset", "/quit", "x"]
    result = citeqa("repl", "--top", "1", "--corpus", cli_corpus, input="\n".join(lines))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{PROMPT}/help\n{HELP}\n{PROMPT}/sources\n")
    assert (
        "- Daily Planet, \u201cZoo Welcomes Two Giant Pandas\u201d, 2021-05-04\n" in result.stdout
    )
    assert f"1. {BAMBOO}\n" in result.stdout
    assert result.stdout.endswith(f"Conversation forgotten.\n{PROMPT}/quit\n")


def test_piped_repl_echoes_each_question_before_its_reply(
    citeqa: RunCli, cli_corpus: Path
) -> None:
    lines = ["How much bamboo do the pandas eat?", "What is the recipe for lasagna?"]
    result = citeqa("repl", "--top", "1", "--corpus", cli_corpus, input="\n".join(lines))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{PROMPT}How much bamboo do the pandas eat?",
        f"1. {BAMBOO}",
        "   \u2014 Daily Planet, \u201cZoo Welcomes Two Giant Pandas\u201d, 2021-05-04, "
        "paragraph 3, sentence 1",
        f"{PROMPT}What is the recipe for lasagna?",
        f"{ABSTAINED} Try /sources to see what the articles cover.",
    ]
    as_json = citeqa("repl", "--json", "--corpus", cli_corpus, input="\n".join(lines))
    assert PROMPT not in as_json.stdout
    assert [reply["question"] for reply in replies(as_json.stdout)] == lines


def test_repl_serves_the_naive_baseline_it_lists(citeqa: RunCli, cli_corpus: Path) -> None:
    lines = ["/sources", "How much bamboo do the pandas eat?"]
    result = citeqa(
        "repl", "--json", "--engine", "naive", "--corpus", cli_corpus, input="\n".join(lines)
    )
    assert result.returncode == 0, result.stderr
    sources, reply = replies(result.stdout)
    assert [s["id"] for s in sources["sources"]] == ["council", "pandas", "race"]
    assert reply["answers"][0]["text"] == BAMBOO


def test_ask_json_from_the_naive_baseline_keeps_the_contract(
    citeqa: RunCli, cli_corpus: Path
) -> None:
    questions = ["How much bamboo do the pandas eat?", "What is the recipe for lasagna?", " "]
    result = citeqa("ask", "--json", "--engine", "naive", "--corpus", cli_corpus, *questions)
    assert result.returncode == 0, result.stderr
    bamboo, lasagna, blank = replies(result.stdout)
    first = bamboo["answers"][0]
    assert first["text"] == BAMBOO
    assert (first["paragraph"], first["sentence"], first["sentence_in_paragraph"]) == (3, 4, 1)
    assert first["context"]["after"] == "The zoo spent $2 million on the new enclosure."
    # The baseline has no threshold: it answers what the engine abstains on.
    assert (lasagna["abstained"], len(lasagna["answers"])) == (False, 3)
    assert (blank["abstained"], blank["notice"]) == (True, NO_QUESTION)


def test_index_commands_take_the_naive_baseline_from_the_environment(
    citeqa: RunCli, corpus_dir: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    cli_env["CITEQA_CACHE_DIR"] = str(tmp_path / "cli-cache")
    cli_env["CITEQA_ENGINE"] = "naive"
    built = citeqa("index", "build", "--corpus", corpus_dir)
    info = citeqa("index", "info", "--json", "--corpus", corpus_dir)
    assert (built.returncode, info.returncode) == (0, 0), built.stderr + info.stderr
    description = json.loads(info.stdout)
    sentences, cache = description["sentences"], description["cache"]
    assert built.stdout == f"built: 3 articles, {sentences} sentences, naive engine, in {cache}\n"
    assert (description["engine"], description["model"]) == ("naive", None)


@pytest.mark.parametrize(
    "path",
    [
        ("ask",),
        ("repl",),
        ("eval",),
        ("add",),
        ("index", "build"),
        ("index", "info"),
        ("telegram",),
    ],
    ids=" ".join,
)
def test_every_command_accepts_every_engine_listed(path: tuple[str, ...]) -> None:
    options = _options(cli, path)
    engine = options["--engine"].type
    assert isinstance(engine, click.Choice)
    assert tuple(engine.choices) == ENGINES
    assert "--sphinx-url" in options


def test_auto_picks_by_size_even_after_a_tantivy_run(
    citeqa: RunCli, corpus_dir: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    cli_env["CITEQA_CACHE_DIR"] = str(tmp_path / "cli-cache")
    forced = citeqa("index", "build", "--engine", "tantivy", "--corpus", corpus_dir)
    assert forced.returncode == 0, forced.stderr
    assert "tantivy engine" in forced.stdout
    info = citeqa("index", "info", "--json", "--engine", "auto", "--corpus", corpus_dir)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["engine"] == "rank-bm25"


def test_index_build_then_info(
    citeqa: RunCli, corpus_dir: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    cli_env["CITEQA_CACHE_DIR"] = str(tmp_path / "cli-cache")
    built = citeqa("index", "build", "--corpus", corpus_dir)
    again = citeqa("index", "build", "--corpus", corpus_dir)
    info = citeqa("index", "info", "--json", "--corpus", corpus_dir)
    assert (built.returncode, again.returncode, info.returncode) == (0, 0, 0)
    description = json.loads(info.stdout)
    cache = description["cache"]
    assert cache.startswith(str(tmp_path / "cli-cache"))
    sentences = description["sentences"]
    summary = f"3 articles, {sentences} sentences, rank-bm25 engine, in {cache}\n"
    assert built.stdout == f"built: {summary}"
    assert again.stdout == f"loaded from cache: {summary}"
    assert description["corpus"] == str(corpus_dir)
    assert description["engine"] == "rank-bm25"
    assert description["articles"] == 3
    assert description["sources"][0] == {
        "id": "council",
        "title": "City Council Backs New Bike Lanes",
        "publisher": "Metro Herald",
        "date": "2022",
    }


def test_index_info_text(citeqa: RunCli, cli_corpus: Path) -> None:
    result = citeqa("index", "info", "--corpus", cli_corpus)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"corpus    {cli_corpus}"
    assert lines[2:6] == [
        "engine    rank-bm25",
        f"ranker    hybrid ({MODEL})",
        "articles  3",
        f"sentences {lines[5].split()[-1]}",
    ]
    assert lines[-3:] == [
        "  council: City Council Backs New Bike Lanes",
        "  pandas: Zoo Welcomes Two Giant Pandas",
        "  race: Students Win Solar Car Race",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "--bogus", "x"],
        ["ask"],
        ["ask", "--top", "0", "x"],
        ["ask", "--top", "many", "x"],
        ["ask", "--engine", "magic", "x"],
        ["repl", "extra"],
        ["index"],
        ["index", "rebuild"],
        ["nonsense"],
        ["eval"],
        ["eval", "--min-hit1", "high", "a.yaml"],
    ],
)
def test_usage_errors_exit_2(invoke: Callable[..., Result], args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == "" or result.stdout.startswith("Usage:")
    assert "Usage:" in result.output


def test_a_usage_error_exits_2_from_the_command(citeqa: RunCli) -> None:
    result = citeqa("ask", "--bogus", "x")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: citeqa ask [OPTIONS] QUESTION...\n")
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: No such option") and "--bogus" in last


QUESTION_SET = "cases:\n  - id: a\n    question: Who?\n    expect: abstain\n"


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "Who?"],
        ["ask", "--json", "-"],
        ["repl"],
        ["index", "build"],
        ["index", "info", "--json"],
        ["eval", "questions.yaml"],
    ],
)
def test_a_missing_corpus_is_one_error_line(
    invoke: Callable[..., Result], tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    (tmp_path / "cwd" / "questions.yaml").write_text(QUESTION_SET, encoding="utf-8")
    result = invoke(*args, "--corpus", missing, input="Who?\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert str(missing) in result.stderr


def test_a_missing_corpus_is_one_line_on_stderr(citeqa: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = citeqa("ask", "--corpus", missing, "Who?")
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(missing) in line
    assert "--corpus" in line


def test_an_empty_corpus_is_one_error_line(invoke: Callable[..., Result], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("ask", "--corpus", empty, "Who?")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(empty) in result.stderr


def test_the_corpus_can_come_from_the_environment(
    citeqa: RunCli, cli_corpus: Path, cli_env: dict[str, str]
) -> None:
    cli_env["CITEQA_CORPUS"] = str(cli_corpus)
    result = citeqa("ask", "--json", "How much bamboo do the pandas eat?")
    assert replies(result.stdout)[0]["answers"][0]["text"] == BAMBOO


def test_an_unreadable_article_is_named_and_the_rest_still_serve(
    citeqa: RunCli, corpus_dir: Path
) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    result = citeqa("ask", "--json", "--corpus", corpus_dir, "How much bamboo do the pandas eat?")
    assert result.returncode == 0
    assert replies(result.stdout)[0]["answers"][0]["text"] == BAMBOO
    (warning,) = result.stderr.splitlines()
    assert "broken.txt" in warning
    assert "Traceback" not in result.stderr


COMMANDS = _commands(cli)


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda path: " ".join(path) or "citeqa")
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help, f"`citeqa {' '.join(path)}` has no help text"
    assert command.help.split("\n")[0] in result.output.replace("\n  ", " ")
    if not isinstance(command, click.Group):
        assert "Example:" in command.help, f"`citeqa {' '.join(path)}` shows no example"
