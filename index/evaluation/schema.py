"""The question-set format as a JSON schema, and a file's first violation as a line to fix."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import cache
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

VERSION = 1
_LOCATION = {
    "title": "a {source, sentence} location",
    "type": "object",
    "required": ["source", "sentence"],
    "additionalProperties": False,
    "properties": {"source": {"type": "string"}, "sentence": {"type": "integer"}},
}
# A string ("abstain" or one substring) or a non-empty list of substrings and locations;
# "pattern" applies to strings only and "minItems" to lists only.
_EXPECT = {
    "type": ["string", "array"],
    "pattern": r"\S",
    "minItems": 1,
    "items": {
        "if": {"type": "object"},
        "then": _LOCATION,
        "else": {"type": "string", "pattern": r"\S"},
    },
}
_TURN = {
    "title": "a turn",
    "type": "object",
    "required": ["question", "expect"],
    "additionalProperties": False,
    "properties": {"question": {"type": "string"}, "expect": _EXPECT},
}
_CASE = {
    "title": "a case",
    "type": "object",
    "required": ["id"],
    "additionalProperties": False,
    "properties": {
        # jsonschema matches patterns with Python's re: \w is any letter or digit, \Z the end.
        "id": {"type": "string", "pattern": r"\A[\w.-]+\Z"},
        "question": {"type": "string"},
        "expect": _EXPECT,
        "tags": {"type": "array", "items": {"type": "string"}},
        "turns": {"type": "array", "minItems": 1, "items": _TURN},
    },
    "if": {"type": "object", "required": ["turns"]},
    "then": {"not": {"anyOf": [{"required": ["question"]}, {"required": ["expect"]}]}},
    "else": {"required": ["question", "expect"]},
}
QUESTION_SET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "a question set",
    "type": "object",
    "required": ["cases"],
    "additionalProperties": False,
    "properties": {"version": {"const": VERSION}, "cases": {"type": "array", "items": _CASE}},
}
_NEEDS = {
    "id": "a case needs an id of letters, digits, '.', '_' or '-'",
    "question": "every turn needs a question",
    "expect": "every turn needs expect",
}
_NO_CASES = "expected a mapping with a 'cases:' list"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(QUESTION_SET_SCHEMA)


def _node_at(node: yaml.Node | None, path: Sequence[Any]) -> yaml.Node | None:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            return None
    return node


def line_of(node: yaml.Node | None, path: Sequence[Any], key: str | None = None) -> int:
    """Return the line where the YAML value at a path of keys and indexes starts (1 if none);
    with `key`, the line of that key of the mapping there."""
    found = _node_at(node, path)
    if key is not None and isinstance(found, yaml.MappingNode):
        found = next((k for k, _ in found.value if k.value == str(key)), found)
    return found.start_mark.line + 1 if found is not None else 1


def _unknown_keys(error: ValidationError) -> list[tuple[str, str]]:
    """Return each unknown key of a mapping and what to say of it."""
    allowed = list(error.schema.get("properties", {}))
    holder = error.schema.get("title", "it")
    said = []
    for key in (k for k in error.instance if k not in allowed):
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"{holder} takes {', '.join(allowed)}"
        said.append((key, f"unknown key {str(key)!r} ({hint})"))
    return said


def _missing(error: ValidationError) -> str:
    return str(next(p for p in error.validator_value if p not in error.instance))


def _turn_message(error: ValidationError, turn: Any, rest: list[Any]) -> str:
    """Say what is wrong at `rest`, a path inside a turn or a single-question case."""
    if not rest:
        if error.validator == "not" and "question" in turn:
            return "give either question or turns, not both"
        if error.validator == "not":
            return "with turns, expect goes in each turn"
        if error.validator == "required":
            return _NEEDS[_missing(error)]
        return _NEEDS["question"]  # a turn that is not a mapping
    if rest[0] == "tags":
        return "tags must be a list of words"
    if rest[0] == "expect" and len(rest) > 1:
        item = turn["expect"][rest[1]]
        return f"expect item {item!r} is neither a substring nor {{source, sentence}}"
    if rest[0] == "expect":
        return "expect must be 'abstain' or a list of substrings"
    return _NEEDS["question"]


def _is_about_id(error: ValidationError, case: Any, rest: list[Any]) -> bool:
    missing = error.validator == "required" and "id" in error.validator_value
    return isinstance(case, dict) and (
        rest[:1] == ["id"] or (not rest and missing and "id" not in case)
    )


def _case_message(error: ValidationError, case: Any, rest: list[Any]) -> str:
    """Say what is wrong at `rest`, a path inside one case."""
    if not isinstance(case, dict):
        return "a case must be a mapping with id, question and expect"
    if _is_about_id(error, case, rest):
        return _NEEDS["id"]
    prefix = f"case {case['id']}: " if isinstance(case.get("id"), str) else ""
    if rest[:1] == ["turns"] and len(rest) == 1:
        return prefix + "turns must be a non-empty list"
    if rest[:1] == ["turns"]:
        return prefix + _turn_message(error, case["turns"][rest[1]], rest[2:])
    return prefix + _turn_message(error, case, rest)


def _problems(data: Any, node: yaml.Node | None) -> list[tuple[tuple[int, int, int], str]]:
    """Return each violation as ((line of its case, rank, line), message).

    Unknown keys rank first, then a case's id: an unknown `expected:` explains the missing
    `expect:`. A problem inside a case is reported at the case's line, an unknown key at its own.
    """
    found = []
    for error in _validator().iter_errors(data):
        path = list(error.absolute_path)
        in_case = len(path) >= 2 and path[0] == "cases"
        anchor = line_of(node, path[:2]) if in_case else line_of(node, path)
        if error.validator == "additionalProperties":
            for key, message in _unknown_keys(error):
                line = line_of(node, path, key)
                found.append(((anchor if in_case else line, 0, line), message))
        elif in_case:
            case = data["cases"][path[1]]
            id_first = _is_about_id(error, case, path[2:])
            found.append(
                ((anchor, 1 if id_first else 2, anchor), _case_message(error, case, path[2:]))
            )
        elif path == ["version"]:
            message = f"version {error.instance!r} is not supported: write version: {VERSION}"
            found.append(((anchor, 2, anchor), message))
        else:
            found.append(((1, 2, 1), _NO_CASES))
    return found


def first_problem(data: Any, node: yaml.Node | None) -> tuple[int, str] | None:
    """Return (line, message) of the first place a question set breaks the schema, if any."""
    problems = _problems(data, node)
    if not problems:
        return None
    (_, _, line), message = min(problems, key=lambda problem: problem[0])
    return line, message
