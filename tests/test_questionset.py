"""Question-set files: well-formed ones load with their lines; malformed ones say file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from tiny_corpus import QUESTION_SET

from index import QuestionSetError
from index.evaluation.questionset import Expectation, load_question_set
from index.evaluation.schema import QUESTION_SET_SCHEMA


def write(tmp_path: Path, text: str) -> Path:
    """Write a question-set file and return its path."""
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_question_set_loads_with_lines_tags_and_turns(tmp_path: Path) -> None:
    path = write(tmp_path, QUESTION_SET)
    cases = load_question_set(path)
    assert [(c.id, c.line, c.tags) for c in cases] == [
        ("bamboo", 3, ("quantity", "pandas")),
        ("vet", 7, ("who", "pandas")),
        ("lasagna", 12, ("abstain",)),
        ("kilometres", 16, ("followup",)),
    ]
    assert {c.file for c in cases} == {str(path)}
    bamboo, vet, lasagna, kilometres = cases
    assert bamboo.turns[0].expect == Expectation(False, ("40 kilograms of bamboo",))
    assert vet.turns[0].expect == Expectation(False, (), (("pandas", 6),))
    assert lasagna.turns[0].expect == Expectation(True)
    assert [t.question for t in kilometres.turns] == [
        "What was the solar car of the engineering students called?",
        "And how many kilometres?",
    ]
    assert (kilometres.is_conversation, bamboo.is_conversation) == (True, False)


def test_a_lone_substring_and_any_case_of_abstain_are_accepted(tmp_path: Path) -> None:
    text = (
        "cases:\n"
        "  - {id: one, question: 'Q?', expect: some words}\n"
        "  - {id: two, question: 'Q?', expect: ABSTAIN}\n"
    )
    one, two = load_question_set(write(tmp_path, text))
    assert one.turns[0].expect == Expectation(False, ("some words",))
    assert two.turns[0].expect == Expectation(True)


CASE = "  - id: ok\n    question: Q?\n    expect: abstain\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("cases:\n  - id: a\n    question: [unclosed\n    expect: abstain\n", 4, "not valid YAML"),
        ("cases:\n  - id: a\n\tquestion: tab\n", 3, "not valid YAML"),
        ("", 1, "'cases:' list"),
        ("- id: a\n  question: Q?\n", 1, "'cases:' list"),
        ("cases: 3\n", 1, "'cases:' list"),
        ("version: 1\ncases:\n" + CASE + "  - just a string\n", 6, "must be a mapping"),
        ("cases:\n" + CASE + "  - question: Q?\n    expect: abstain\n", 5, "needs an id"),
        ("cases:\n  - id: a b\n    question: Q?\n    expect: abstain\n", 2, "needs an id"),
        ("cases:\n" + CASE + CASE, 5, "duplicate case id 'ok'"),
        ("cases:\n  - id: a\n    expect: abstain\n", 2, "needs a question"),
        ("cases:\n  - id: a\n    question: 42\n    expect: abstain\n", 2, "needs a question"),
        ("cases:\n" + CASE + "  - id: a\n    question: Q?\n", 5, "needs expect"),
        ("cases:\n  - id: a\n    question: Q?\n    expect: 3\n", 2, "expect must be"),
        ("cases:\n  - id: a\n    question: Q?\n    expect: []\n", 2, "expect must be"),
        (
            "cases:\n  - id: a\n    question: Q?\n    expect: [{source: x}]\n",
            2,
            "neither a substring nor",
        ),
        (
            "cases:\n  - id: a\n    question: Q?\n    expect: ['']\n",
            2,
            "neither a substring nor",
        ),
        (
            "cases:\n  - id: a\n    question: Q?\n    expect: abstain\n    tags: pandas\n",
            2,
            "tags must be a list",
        ),
        (
            "cases:\n  - id: a\n    question: Q?\n    turns: [{question: 'Q', expect: abstain}]\n",
            2,
            "either question or turns",
        ),
        ("cases:\n  - id: a\n    turns: []\n", 2, "non-empty list"),
        (
            "cases:\n" + CASE + "  - id: a\n    turns:\n      - question: Q?\n"
            "        expect: abstain\n      - expect: abstain\n",
            5,
            "every turn needs a question",
        ),
    ],
    ids=[
        "unclosed-bracket",
        "tab-indent",
        "empty-file",
        "top-level-list",
        "cases-not-a-list",
        "case-not-a-mapping",
        "missing-id",
        "bad-id",
        "duplicate-id",
        "missing-question",
        "question-not-text",
        "missing-expect",
        "expect-a-number",
        "expect-empty",
        "location-without-sentence",
        "empty-substring",
        "tags-not-a-list",
        "question-and-turns",
        "no-turns",
        "turn-without-question",
    ],
)
def test_a_malformed_file_is_refused_pointing_at_the_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(QuestionSetError) as error:
        load_question_set(path)
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert message in str(error.value)


def test_a_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="cannot read") as error:
        load_question_set(tmp_path / "nowhere.yaml")
    assert str(tmp_path / "nowhere.yaml") in str(error.value)


def test_the_seeds_question_sets_are_well_formed(questions_dir: Path) -> None:
    files = sorted(questions_dir.glob("*.yaml"))
    assert files
    ids = [case.id for path in files for case in load_question_set(path)]
    assert len(ids) == len(set(ids)), "case ids should be unique across the seeds' sets"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "cases:\n  - id: a\n    question: Q?\n    expected: abstain\n",
            4,
            "unknown key 'expected' (did you mean 'expect'?)",
        ),
        (
            "version: 1\ncases:\n  - id: a\n    question: Q?\n    expect: abstain\n    tag: [x]\n",
            6,
            "unknown key 'tag' (did you mean 'tags'?)",
        ),
        (
            "cases:\n" + CASE + "    colour: blue\n",
            5,
            "unknown key 'colour' (a case takes id, question, expect, tags, turns)",
        ),
        (
            "cases:\n  - id: a\n    turns:\n      - question: Q?\n        expected: abstain\n",
            5,
            "unknown key 'expected' (did you mean 'expect'?)",
        ),
        (
            "cases:\n  - id: a\n    question: Q?\n    expect:\n"
            "      - {source: x, sentence: 2, paragraph: 1}\n",
            5,
            "unknown key 'paragraph' (a {source, sentence} location takes source, sentence)",
        ),
        (
            "name: mine\ncases:\n" + CASE,
            1,
            "unknown key 'name' (a question set takes version, cases)",
        ),
        ("cases:\n" + CASE + "versoin: 1\n", 5, "unknown key 'versoin' (did you mean 'version'?)"),
        ("version: 2\ncases:\n" + CASE, 1, "version 2 is not supported: write version: 1"),
        (
            "cases:\n  - id: a\n    expect: abstain\n    turns:\n"
            "      - {question: 'Q?', expect: abstain}\n",
            2,
            "case a: with turns, expect goes in each turn",
        ),
    ],
    ids=[
        "expected",
        "tag",
        "colour",
        "expected-in-a-turn",
        "location-key",
        "top-level-key",
        "misspelt-version",
        "version-2",
        "expect-beside-turns",
    ],
)
def test_an_unknown_key_or_version_is_named_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(QuestionSetError) as error:
        load_question_set(path)
    assert str(error.value) == f"{path}:{line}: {message}"


def test_the_question_set_schema_is_a_valid_schema() -> None:
    Draft202012Validator.check_schema(QUESTION_SET_SCHEMA)


def test_the_squad_question_set_is_well_formed(questions_dir: Path) -> None:
    assert load_question_set(questions_dir / "squad" / "questions.yaml")
