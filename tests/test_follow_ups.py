"""Conversations: follow-ups lean on the previous turn, "what else" moves on, reset forgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_corpus import BAMBOO, BIKE_LANES, HELIOS, write_files

from index import Conversation, Engine, Reply
from index.answering.conversation import is_follow_up, wants_more

FOLLOW_UP = "And how many kilometres?"
# Two articles give kilometres: the follow-up gets the bike lanes in the council's conversation,
# the solar car in the race's; alone, whichever the ranking puts first.
COUNCIL = "How did the council vote on the transport budget?"
RACE = "What was the solar car of the engineering students called?"


def _two_turns(tmp_path: Path, article: str, first: str, second: str) -> tuple[Reply, Reply]:
    """Ask two questions of one invented article, the second as a follow-up of the first."""
    engine = Engine.open(write_files(tmp_path / "corpus", {"article.txt": article}), None)
    conversation = Conversation()
    return engine.ask(first, conversation), engine.ask(second, conversation)


@pytest.mark.parametrize(
    ("first", "answer"),
    [
        (RACE, HELIOS),
        (COUNCIL, BIKE_LANES),
    ],
)
def test_a_follow_up_uses_the_previous_question(engine: Engine, first: str, answer: str) -> None:
    # Two articles give kilometres: the conversation, not the ranking alone, decides which.
    assert engine.ask(FOLLOW_UP).answers[0].text in {HELIOS, BIKE_LANES}
    conversation = Conversation()
    engine.ask(first, conversation)
    reply = engine.ask(FOLLOW_UP, conversation)
    assert not reply.abstained
    assert reply.answers[0].text == answer


@pytest.mark.parametrize("first", [RACE, COUNCIL])
def test_reset_forgets_the_previous_turn(engine: Engine, first: str) -> None:
    # The two conversations give two answers, so at least one differs from the answer alone.
    alone = engine.ask(FOLLOW_UP).answers[0].text
    conversation = Conversation()
    engine.ask(first, conversation)
    assert conversation.last is not None
    conversation.reset()
    assert conversation.last is None
    assert conversation.turns == ()
    assert engine.ask(FOLLOW_UP, conversation).answers[0].text == alone


@pytest.mark.parametrize("first", [RACE, COUNCIL])
def test_without_a_conversation_nothing_is_remembered(engine: Engine, first: str) -> None:
    alone = engine.ask(FOLLOW_UP).answers[0].text
    engine.ask(first)
    assert engine.ask(FOLLOW_UP).answers[0].text == alone


def test_what_else_moves_on_from_the_previous_answer(engine: Engine) -> None:
    conversation = Conversation()
    first = engine.ask("How much bamboo do the pandas eat?", conversation)
    assert first.answers[0].text == BAMBOO
    more = engine.ask("What else?", conversation)
    assert not more.abstained
    assert BAMBOO not in [answer.text for answer in more.answers]
    assert more.answers[0].article.id == "pandas"


def test_what_else_with_nothing_before_finds_nothing(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("How much bamboo do the pandas eat?", conversation)
    conversation.reset()
    assert engine.ask("What else?", conversation).abstained


def test_a_conversation_keeps_only_its_last_turns(engine: Engine) -> None:
    conversation = Conversation(max_turns=2)
    for question in ["Who won the race?", "Who is the vet?", "What did the mayor say?"]:
        engine.ask(question, conversation)
    assert [turn.question for turn in conversation.turns] == [
        "Who is the vet?",
        "What did the mayor say?",
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("And the meeting with Trump?", True),
        ("What else did he say?", True),
        ("Why?", True),
        ("What about the enclosure?", True),
        ("Who did Kim Jong Un meet in Beijing on his secret trip?", False),
        ("How much bamboo do the pandas eat every day at the city zoo?", False),
    ],
)
def test_follow_up_phrasing(engine: Engine, question: str, expected: bool) -> None:
    terms = engine.analyzer.question_terms(question)
    assert is_follow_up(question, terms) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What else did he say?", True),
        ("Anything more?", True),
        ("Tell me another thing", True),
        ("And the meeting with Trump?", False),
        ("When was it?", False),
    ],
)
def test_wants_more(question: str, expected: bool) -> None:
    assert wants_more(question) is expected


FEES = """\
Port Fees Rise

Tensions rose after the port said it plans to raise its fees by 20 percent, and the \
shipping union plans to strike. The union has about 4,000 members.
Dock workers said the new cranes arrived from Rotterdam.
"""


def test_a_follow_up_about_the_last_answer_may_be_answered_by_its_other_half(
    tmp_path: Path,
) -> None:
    # "respond to that" asks about what was just said, but the answer is the second half of
    # the sentence already given, not the sentence after it.
    first, reply = _two_turns(
        tmp_path,
        FEES,
        "By how much does the port plan to raise its fees?",
        "And how is the union expected to respond to that?",
    )
    assert first.answers[0].text.startswith("Tensions rose after the port said")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("Tensions rose after the port said")


SEND_OFF = """\
Mayor Leaves For The Twin City

The mayor left for the twin city on Monday with her deputy and two aides.
At the station she was warmly seen off by the harbour master and the choir.
The trip is the mayor's third this year.
"""


def test_who_saw_someone_off_finds_who_they_were_seen_off_by(tmp_path: Path) -> None:
    # "saw her off" in the question, "seen off" in the article: the phrasal verb is one
    # meaning, so the follow-up finds the send-off and not the trip it asks about again.
    first, reply = _two_turns(
        tmp_path, SEND_OFF, "Who went along with the mayor on Monday?", "And who saw her off?"
    )
    assert first.answers[0].text.startswith("The mayor left")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("At the station she was warmly seen off")


COUNCIL_HOPES = """\
Council Hopes For Calm

A spokesperson for the city council expressed optimism that the harbour talks would succeed. \
"We hope the ferry strike ends this week," Lena Voss told reporters at the town hall.
The harbour master said the cranes will be repaired in June.
"""


def test_that_person_s_name_asks_for_the_one_just_spoken_of(tmp_path: Path) -> None:
    # "that person" points back like "he" or "she": the noun is no topic of its own, and the
    # name asked for stands in the sentence that names the spokesperson.
    first, reply = _two_turns(
        tmp_path,
        COUNCIL_HOPES,
        "What was the council spokesperson optimistic about?",
        "what's that person's name",
    )
    assert first.answers[0].text.startswith("A spokesperson for the city council")
    assert not reply.abstained
    assert reply.answers[0].text.startswith('"We hope the ferry strike ends')


LINKED_ISSUES = """\
Port Talks

Residents have expressed concerns that the council could use the ferry dispute for leverage \
in the budget vote. But the mayor told reporters on Monday that the council has so far kept the \
two disputes separate.
The harbour master said the cranes will be repaired in June.
"""


def test_a_follow_up_of_filler_words_asks_about_the_last_answer(tmp_path: Path) -> None:
    # "actually" only stresses: "Has that actually happened so far?" has no topic word of its
    # own; it asks about what was just said, so it is answered from the conversation (the
    # next sentence among the answers), not withheld for a word no sentence holds.
    first, reply = _two_turns(
        tmp_path,
        LINKED_ISSUES,
        "What are residents worried the council might do with the ferry dispute?",
        "Has that actually happened so far?",
    )
    assert first.answers[0].text.startswith("Residents have expressed concerns")
    assert not reply.abstained
    assert any(answer.text.startswith("But the mayor told") for answer in reply.answers)


TRAM_LINE = """\
Tram Line Closes

The city closed the old tram line on Sunday. Engineers found cracks in the bridge over the river.
Buses will run on the route until the spring, the transport office said.

A new bridge for the river is planned, and the city museum plans an exhibition on the trams.
"""


def test_why_after_an_answer_is_answered_by_the_sentence_after_it(tmp_path: Path) -> None:
    # "Why?" shares no word with the sentence that says why; it stands right after the answer.
    first, reply = _two_turns(tmp_path, TRAM_LINE, "Did the city shut the tram line?", "Why?")
    assert first.answers[0].text.startswith("The city closed the old tram line")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("Engineers found cracks")


@pytest.mark.parametrize(
    "second",
    [
        "Did they sell it to Siemens?",
        "Was it sold as memorabilia?",
        # Asked for a length of time, the sentences beside the answer, which give none, are no
        # answer.
        "How long will that last?",
    ],
)
def test_a_follow_up_pointing_back_without_an_answer_beside_the_last_one_abstains(
    tmp_path: Path, second: str
) -> None:
    _, reply = _two_turns(tmp_path, TRAM_LINE, "Did the city shut the tram line?", second)
    assert reply.abstained


def test_a_follow_up_about_someone_new_is_not_held_beside_the_last_answer(
    tmp_path: Path,
) -> None:
    _, reply = _two_turns(
        tmp_path, TRAM_LINE, "Did the city shut the tram line?", "And the museum?"
    )
    assert reply.answers[0].text.startswith("A new bridge for the river is planned")
