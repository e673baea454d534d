"""Question-set files: hand-written YAML cases, validated, with the line of every case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.errors import QuestionSetError

ABSTAIN = "abstain"


@dataclass(frozen=True)
class Expectation:
    """What counts as right for one turn: substrings of the answering sentence, or abstaining.

    A `(source, sentence)` location matches the sentence with that number in that article.
    """

    abstain: bool
    substrings: tuple[str, ...] = ()
    locations: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class TurnCase:
    """One question of a case and what its answer must be."""

    question: str
    expect: Expectation


@dataclass(frozen=True)
class Case:
    """A single question, or a conversation of several turns checked turn by turn."""

    id: str
    turns: tuple[TurnCase, ...]
    tags: tuple[str, ...]
    file: str
    line: int

    @property
    def is_conversation(self) -> bool:
        """Tell whether the case has more than one turn."""
        return len(self.turns) > 1


def _fail(path: Path, line: int, message: str) -> QuestionSetError:
    return QuestionSetError(f"{path}:{line}: {message}")


def _expectation(path: Path, line: int, raw: Any) -> Expectation:
    if isinstance(raw, str):
        if raw.strip().lower() == ABSTAIN:
            return Expectation(abstain=True)
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise _fail(path, line, "expect must be 'abstain' or a list of substrings")
    substrings: list[str] = []
    locations: list[tuple[str, int]] = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            substrings.append(item)
        elif (
            isinstance(item, dict)
            and isinstance(item.get("source"), str)
            and isinstance(item.get("sentence"), int)
        ):
            locations.append((item["source"], item["sentence"]))
        else:
            raise _fail(
                path, line, f"expect item {item!r} is neither a substring nor {{source, sentence}}"
            )
    return Expectation(False, tuple(substrings), tuple(locations))


def _case_lines(text: str) -> list[int]:
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "cases" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_question_set(path: Path) -> list[Case]:
    """Read and validate one question-set file; raise QuestionSetError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        lines = _case_lines(text)
    except OSError as error:
        raise QuestionSetError(f"{path}: cannot read it ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise _fail(path, line, f"not valid YAML ({getattr(error, 'problem', error)})") from error
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise _fail(path, 1, "expected a mapping with a 'cases:' list")
    cases: list[Case] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["cases"]):
        line = lines[index] if index < len(lines) else 1
        cases.append(_case(path, line, raw, seen))
    return cases


def _case(path: Path, line: int, raw: Any, seen: set[str]) -> Case:
    if not isinstance(raw, dict):
        raise _fail(path, line, "a case must be a mapping with id, question and expect")
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not re.fullmatch(r"[\w.-]+", case_id):
        raise _fail(path, line, "a case needs an id of letters, digits, '.', '_' or '-'")
    if case_id in seen:
        raise _fail(path, line, f"duplicate case id {case_id!r}")
    seen.add(case_id)
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _fail(path, line, f"case {case_id}: tags must be a list of words")
    if "turns" in raw:
        if "question" in raw:
            raise _fail(path, line, f"case {case_id}: give either question or turns, not both")
        raw_turns = raw["turns"]
        if not isinstance(raw_turns, list) or not raw_turns:
            raise _fail(path, line, f"case {case_id}: turns must be a non-empty list")
    else:
        raw_turns = [raw]
    turns = []
    for turn in raw_turns:
        if not isinstance(turn, dict) or not isinstance(turn.get("question"), str):
            raise _fail(path, line, f"case {case_id}: every turn needs a question")
        if "expect" not in turn:
            raise _fail(path, line, f"case {case_id}: every turn needs expect")
        turns.append(TurnCase(turn["question"], _expectation(path, line, turn["expect"])))
    return Case(case_id, tuple(turns), tuple(tags), str(path), line)
