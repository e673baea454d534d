"""The parsed question: one frozen record per question, read by planning, ranking and checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tiny_corpus import BAMBOO, write_files

import index.answering.answers as answers_module
from index import Conversation, Engine
from index.answering.question import (
    ParsedQuestion,
    asked_question,
    parse_question,
    split_context,
)
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
    ("question", "yes_no"),
    [
        ("Is it Kim's fourth visit to China in a year?", True),
        ("did kim travel by train", True),
        ("Who went with Kim?", False),
        ("How is Beijing responding?", False),
    ],
)
def test_a_question_asking_whether_something_is_so_is_told_apart(
    question: str, yes_no: bool
) -> None:
    assert parse_question(question, ANALYZER).yes_no is yes_no


def test_a_small_count_is_not_a_figure_to_find_in_the_article() -> None:
    parsed = parse_question(
        "Was it Kim's 4th trip in 1 year, 12 months after 13 days in 2018?", ANALYZER
    )
    assert parsed.figures == {"4th", "13", "2018"}


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


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Can you tell me who went with Kim?", "Who went with Kim?"),
        ("could you please tell me when the zoo opened", "When the zoo opened"),
        ("Do you know how many pandas arrived?", "How many pandas arrived?"),
        ("Tell me, why did the council vote?", "Why did the council vote?"),
        ("I want to know where the race was", "Where the race was"),
        ("Hi! When did the zoo open? Thanks", "When did the zoo open?"),
        ("hello, who won the race? thank you so much!", "Who won the race?"),
        ("Good morning: why did the council vote", "Why did the council vote"),
        ("who won the race, thanks", "Who won the race"),
        ("who won the race Thanks", "Who won the race"),
    ],
)
def test_a_greeting_thanks_or_request_round_a_question_is_no_part_of_it(
    typed: str, asked: str
) -> None:
    assert asked_question(typed) == asked


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about the pandas",
        "Who can tell me what happened?",
        "Do you know Tom Okafor?",
        "When did the team say thanks",
        "Hi",
        "Thanks!",
        "",
    ],
)
def test_a_question_that_wraps_none_is_asked_as_it_is(question: str) -> None:
    assert asked_question(question) == question


def test_a_wrapped_question_gets_the_answer_of_the_question_it_wraps(
    seeds_engine: Engine,
) -> None:
    wrapped = seeds_engine.ask("Can you tell me what Kim and Xi talked about when they met?")
    direct = seeds_engine.ask("What did Kim and Xi talk about when they met?")
    assert direct.answers and wrapped.answers
    assert wrapped.answers[0].text == direct.answers[0].text


def test_a_greeting_and_thanks_do_not_change_the_answer(seeds_engine: Engine) -> None:
    polite = seeds_engine.ask("Hi! When is Kim expected to meet Trump? Thanks")
    plain = seeds_engine.ask("When is Kim expected to meet Trump?")
    assert plain.answers and polite.answers
    assert polite.answers[0].text == plain.answers[0].text


@pytest.mark.parametrize(
    ("message", "said", "asked"),
    [
        (
            "I have a question about the articles. When did Kim leave?",
            "I have a question about the articles.",
            "When did Kim leave?",
        ),
        ("Quick question: when did the zoo open?", "Quick question", "when did the zoo open?"),
        ("I read the piece. did kim leave", "I read the piece.", "did kim leave"),
    ],
)
def test_what_a_message_says_before_its_question_is_told_apart(
    message: str, said: str, asked: str
) -> None:
    assert split_context(message) == (said, asked)


@pytest.mark.parametrize(
    "message",
    [
        "Did the U.S. Senate approve it?",
        "When did he arrive? And who went with him?",
        "Kim went to China. He met Xi.",
        "Note: the zoo opened in May.",
        "Which one: the first or the second?",
    ],
)
def test_a_message_that_says_nothing_before_a_question_is_asked_whole(message: str) -> None:
    assert split_context(message) == ("", message)


RACE = (
    "The Orion team built a solar car for the desert race.\n\n"
    "Their rivals from the Helios team finished second.\n\n"
    "The car built by the Orion team averaged 80 kilometres an hour.\n\n"
    "The car built by the Helios team averaged 60 kilometres an hour.\n"
)


def test_a_statement_naming_what_is_asked_about_is_searched_with_the_question(
    tmp_path: Path,
) -> None:
    engine = Engine.open(write_files(tmp_path / "corpus", {"race.txt": RACE}), None)
    speeds = {"Orion": "80", "Helios": "60"}
    for named, message in [
        *((named, f"I follow {named}. What speed did their car average?") for named in speeds),
        *((named, f"{named}'s car: what speed did it average?") for named in speeds),
    ]:
        reply = engine.ask(message)
        assert reply.answers, message
        assert reply.answers[0].text == (
            f"The car built by the {named} team averaged {speeds[named]} kilometres an hour."
        )


def test_a_remark_before_a_question_does_not_change_the_answer(seeds_engine: Engine) -> None:
    remarked = seeds_engine.ask(
        "I have a question about the articles. When is Kim expected to meet Trump?"
    )
    labelled = seeds_engine.ask("Quick question: when is Kim expected to meet Trump?")
    plain = seeds_engine.ask("When is Kim expected to meet Trump?")
    assert plain.answers and remarked.answers and labelled.answers
    assert remarked.answers[0].text == labelled.answers[0].text == plain.answers[0].text
