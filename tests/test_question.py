"""The parsed question: one frozen record per question, read by planning, ranking and checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tiny_corpus import BAMBOO, write_files

import index.answering.answers as answers_module
from index import Conversation, Engine
from index.answering.question import ParsedQuestion, parse_question
from index.answering.question_types import QuestionType
from index.text.analyzer import Analyzer, AnalyzerSettings

ANALYZER = Analyzer(AnalyzerSettings())


def test_a_question_is_read_into_its_terms_type_names_and_figures() -> None:
    parsed = parse_question("When did Kim visit Beijing in 2018?", ANALYZER)
    assert parsed.question_type is QuestionType.WHEN
    assert set(parsed.terms) == {"kim", "visit", "beij", "2018"}
    assert parsed.names == {"kim", "beij"}
    assert parsed.figures == {"2018"}
    assert not parsed.cues.follows_on


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("And the meeting with Trump?", "follows_on"),
        ("What else did he say?", "wants_more"),
        ("How does he think Kim could use it?", "pronoun_subject"),
    ],
)
def test_the_wording_cues_of_a_follow_up(question: str, cue: str) -> None:
    assert getattr(parse_question(question, ANALYZER).cues, cue)


def test_the_record_cannot_change_once_made() -> None:
    parsed = parse_question("Who met Xi?", ANALYZER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.terms = ()  # type: ignore[misc]


def test_each_question_is_parsed_once_per_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine.open(write_files(tmp_path / "corpus", {"zoo.txt": BAMBOO}), None)
    made: list[ParsedQuestion] = []

    def counting(text: str, analyzer: Analyzer) -> ParsedQuestion:
        made.append(parse_question(text, analyzer))
        return made[-1]

    monkeypatch.setattr(answers_module, "parse_question", counting)
    conversation = Conversation()
    engine.ask("How much bamboo do the pandas eat?", conversation)
    engine.ask("And why?", conversation)
    assert [parsed.text for parsed in made] == ["How much bamboo do the pandas eat?", "And why?"]
