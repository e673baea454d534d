"""Question-set files: hand-written YAML cases, validated, with the line of every case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.errors import QuestionSetError
from index.evaluation.schema import first_problem, line_of

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


def _expectation(raw: str | list[str | dict[str, Any]]) -> Expectation:
    if isinstance(raw, str):
        if raw.strip().lower() == ABSTAIN:
            return Expectation(abstain=True)
        raw = [raw]
    substrings = tuple(item for item in raw if isinstance(item, str))
    locations = tuple((item["source"], item["sentence"]) for item in raw if isinstance(item, dict))
    return Expectation(False, substrings, locations)


def load_question_set(path: Path) -> list[Case]:
    """Read and validate one question-set file; raise QuestionSetError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except OSError as error:
        raise QuestionSetError(f"{path}: cannot read it ({error.strerror or error})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise _fail(path, line, f"not valid YAML ({getattr(error, 'problem', error)})") from error
    problem = first_problem(data, node)
    if problem is not None:
        raise _fail(path, *problem)
    cases: list[Case] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["cases"]):
        line = line_of(node, ("cases", index))
        if raw["id"] in seen:
            raise _fail(path, line, f"duplicate case id {raw['id']!r}")
        seen.add(raw["id"])
        turns = tuple(
            TurnCase(turn["question"], _expectation(turn["expect"]))
            for turn in raw.get("turns", [raw])
        )
        cases.append(Case(raw["id"], turns, tuple(raw.get("tags", [])), str(path), line))
    return cases
