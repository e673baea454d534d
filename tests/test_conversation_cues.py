"""Cues a question gives beyond its topic words: a new name in a follow-up, a pronoun for the
last answer, a future verb, and phrasing nouns such as "year" in "what year"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tiny_corpus import write_files

from index import Conversation, Engine
from index.answering.conversation import (
    asks_about_answer,
    has_pronoun_subject,
    points_back,
    refers_back,
    sentence_opens_on_contrast,
)
from index.answering.question_types import (
    QuestionType,
    answers_type,
    asked_name_of,
    asks_about_future,
    classify_question,
    phrasing_terms,
    states_purpose,
)
from index.text.features import clauses, names_in_apposition, sentence_features

# An invented article where each cue decides between sentences that share the topic words.
BRIDGE = """\
Harbour Bridge Reopens

Mayor Dana Cole opened the harbour bridge to cyclists in 2019.
The new harbour bridge is expected to open to cars in June of next year.

Mayor Cole promised free ferries for every district by 2030.
That pledge was met with doubt by opposition councillors, who noted it had no funding.

Mayor Cole will meet Governor Ivan Petrov about the ferries in April.
The meeting with Senator Ruth Alder is tentatively set for May.
Governor Petrov and Mayor Cole met Senator Alder in Oslo last year and talked about ferries.
"""
NEXT_YEAR = "The new harbour bridge is expected to open to cars in June of next year."
DOUBT = "That pledge was met with doubt by opposition councillors, who noted it had no funding."
APRIL = "Mayor Cole will meet Governor Ivan Petrov about the ferries in April."
MAY = "The meeting with Senator Ruth Alder is tentatively set for May."


@pytest.fixture
def bridge(tmp_path: Path) -> Engine:
    return Engine.open(write_files(tmp_path / "corpus", {"bridge.txt": BRIDGE}), tmp_path / "c")


def test_a_future_question_prefers_what_is_planned(bridge: Engine) -> None:
    assert bridge.ask("When will the harbour bridge open?").answers[0].text == NEXT_YEAR


def test_a_follow_up_naming_someone_new_asks_the_same_of_them(bridge: Engine) -> None:
    conversation = Conversation()
    first = bridge.ask("When will Mayor Cole meet Governor Petrov?", conversation)
    assert first.answers[0].text == APRIL
    assert bridge.ask("And with Senator Alder?", conversation).answers[0].text == MAY


def test_a_follow_up_setting_someone_new_beside_the_last_question_asks_the_same_of_them(
    bridge: Engine,
) -> None:
    # "the meeting" is not a name, but "Senator Alder" is new beside "Governor Petrov": the
    # governor gives way, so last year's meeting with both is not the answer.
    conversation = Conversation()
    bridge.ask("When is Mayor Cole due to meet Governor Petrov?", conversation)
    reply = bridge.ask("And the meeting with Senator Alder?", conversation)
    assert reply.answers[0].text == MAY


@pytest.mark.parametrize(
    "follow_up",
    ["And what did the opposition councillors say?", "How did the councillors respond to that?"],
)
def test_a_follow_up_with_its_own_question_word_does_not_ask_the_last_ones_kind(
    bridge: Engine, follow_up: str
) -> None:
    # Asked after "when", the councillors' reaction needs no date: it is answered, not held
    # to the bar for a "when" answered by a sentence without one.
    answer = follow_up_answer(bridge, "When will Mayor Cole meet Governor Petrov?", follow_up)
    assert answer == DOUBT


OPENINGS = """\
City Openings

Mayor Cole will open the new bridge in June.
Senator Alder opened a school in 2019.
Senator Alder will open a library in March.
"""


def follow_up_answer(engine: Engine, first: str, follow_up: str) -> str:
    """Return the best answer to a follow-up asked after a first question."""
    conversation = Conversation()
    engine.ask(first, conversation)
    return engine.ask(follow_up, conversation).answers[0].text


@pytest.mark.parametrize(
    "follow_up",
    [
        # A follow-up to a question about the future asks about the future too.
        "And Senator Alder?",
        # "senator" is no name, but it is new: the mayor gives way instead of outweighing it.
        "And the senator?",
        "What about the senator?",
        # "the one" stands for the opening asked about, not for the number 1.
        "And the one by the senator?",
    ],
)
def test_a_follow_up_asks_the_same_of_someone_new_and_keeps_the_tense(
    tmp_path: Path, follow_up: str
) -> None:
    news = Engine.open(write_files(tmp_path / "corpus", {"c.txt": OPENINGS}), None)
    answer = follow_up_answer(news, "When will Mayor Cole open the bridge?", follow_up)
    assert answer == "Senator Alder will open a library in March."


def test_a_follow_up_about_the_last_answer_gets_what_the_article_says_next(
    bridge: Engine,
) -> None:
    conversation = Conversation()
    first = bridge.ask("What did the mayor promise for the districts?", conversation)
    assert first.answers[0].text.startswith("Mayor Cole promised free ferries")
    reply = bridge.ask("Did anyone believe that?", conversation)
    assert not reply.abstained
    assert reply.answers[0].text == DOUBT


def test_a_follow_up_may_be_answered_by_the_sentence_given_before(bridge: Engine) -> None:
    # Only "what else?" asks for something not yet said; "what will they talk about?" is
    # answered by the meeting sentence itself ("about the ferries").
    conversation = Conversation()
    bridge.ask("When will Mayor Cole meet Governor Petrov?", conversation)
    reply = bridge.ask("What will they talk about?", conversation)
    assert APRIL in [answer.text for answer in reply.answers]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did experts buy it?", True),
        ("What did Pompeo say about that?", True),
        ("Who wrote it?", True),
        ("Is it true that he left?", False),
        ("And with Trump?", False),
    ],
)
def test_asks_about_answer(question: str, expected: bool) -> None:
    assert asks_about_answer(question) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When will Kim sit down with Moon?", True),
        ("Who is expected to attend?", True),
        ("Will the bridge open?", True),
        # What was still to come when the article was written.
        ("When was Kim due to sit down with Moon?", True),
        ("When were the talks expected to start?", True),
        ("When is Kim's sit-down with Trump expected to happen?", True),
        ("When is Kim supposed to sit down with South Korea's president?", True),
        ("When is the vote slated to take place?", True),
        ("When is Kim\u2019s sit-down with Trump expected to happen?", True),
        ("When did Kim go to Beijing?", False),
        ("When was Kim in Beijing?", False),
        ("Which country hosted talks about where the next summit will be?", False),
    ],
)
def test_asks_about_future(question: str, expected: bool) -> None:
    assert asks_about_future(question) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How long did the visit last?", QuestionType.DURATION),
        ("How many days was Kim's stay supposed to last?", QuestionType.DURATION),
        ("For how many hours did the pandas travel?", QuestionType.DURATION),
        ("How many officials went with Kim?", QuestionType.QUANTITY),
        ("How many times has Kim visited China?", QuestionType.QUANTITY),
    ],
)
def test_how_many_of_a_unit_of_time_asks_for_a_duration(
    question: str, expected: QuestionType
) -> None:
    assert classify_question(question) is expected


def test_the_unit_a_question_asks_for_is_phrasing_not_topic() -> None:
    assert phrasing_terms("What year did Kim become leader?") == {"year"}
    assert phrasing_terms("Which city hosted the talks?") == {"city"}
    assert phrasing_terms("How long did the visit last?") == {"last"}
    assert phrasing_terms("How many days was the stay supposed to last?") == {"last"}
    assert phrasing_terms("How many officials were there last year?") == set()
    assert phrasing_terms("How many times has Kim visited China?") == {"times"}
    assert phrasing_terms("And the one with Trump?") == {"one"}
    assert phrasing_terms("Was it a one-day visit?") == set()
    assert phrasing_terms("Who asked Kim to come this time?") == {"time"}
    assert phrasing_terms("Has that happened so far?") == {"far"}
    assert phrasing_terms("Was the timing chosen for the first time?") == set()
    assert phrasing_terms("How did Kim get to Beijing?") == {"get"}
    assert phrasing_terms("Why did the year end badly?") == set()
    assert phrasing_terms("On which day of the week did Kim arrive?") == {"day", "week"}
    assert phrasing_terms("Has he visited within the last twelve months?") == {"within", "last"}
    assert phrasing_terms("What did he say in the past few weeks?") == {"in", "past"}
    assert phrasing_terms("What happened at the summit last year?") == set()
    assert phrasing_terms("what's that person's name") == {"person"}
    assert phrasing_terms("Who is the person in charge?") == set()


@pytest.mark.parametrize(
    "question",
    ["what's that person's name", "What's the spokesman's name?", "what's his name"],
)
def test_asking_for_someone_s_name_asks_who(question: str) -> None:
    assert classify_question(question) is QuestionType.WHO


@pytest.mark.parametrize(
    "question",
    ["What do they hope to get from the next one?", "Do the talks reinforce one another?"],
)
def test_one_standing_for_a_thing_named_before_is_phrasing(question: str) -> None:
    assert phrasing_terms(question) == {"one"}


@pytest.mark.parametrize(
    "question", ["Did Trump prefer one-on-one deals?", "Was one official arrested?"]
)
def test_one_as_a_number_is_searched(question: str) -> None:
    assert phrasing_terms(question) == set()


def test_a_count_is_not_answered_by_a_sentence_without_a_number(bridge: Engine) -> None:
    # The doubt sentence holds most of the question's words, but no number to count with.
    assert bridge.ask("How many councillors voted against the ferry pledge?").abstained
    assert not bridge.ask("Who doubted the ferry pledge?").abstained


PORT = """\
Two Leaders Visit the Port

Mayor Dana Cole toured the fish market on Tuesday.
She promised the workers a new roof within a year.

Governor Ivan Petrov toured the container port on Monday.
Petrov also promised the port workers at the container terminal new cranes within a year.

Harbour master Tom Reyes toured the ferry dock on Wednesday.
Reyes also promised the dock workers at the ferry terminal new boats within a year.
"""


def test_he_in_a_long_question_is_the_person_asked_about_before(tmp_path: Path) -> None:
    port = Engine.open(write_files(tmp_path / "corpus", {"port.txt": PORT}), tmp_path / "c")
    # Two men could be "he": the conversation decides which, whoever the question alone finds.
    question = "What did he promise the workers would get within a year?"
    for first, answer in (
        ("What did Governor Petrov tour on Monday?", "Petrov also promised"),
        ("What did harbour master Reyes tour on Wednesday?", "Reyes also promised"),
    ):
        conversation = Conversation()
        port.ask(first, conversation)
        assert port.ask(question, conversation).answers[0].text.startswith(answer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How does he think Kim could use what he learns in Beijing?", True),
        ("What did she promise the workers?", True),
        ("They said what?", True),
        ("Why did the mayor say he would resign?", False),
        ("Where is the port he toured?", False),
    ],
)
def test_has_pronoun_subject(question: str, expected: bool) -> None:
    assert has_pronoun_subject(question) is expected


VISITS = """\
Port Visits

Mayor Dana Cole toured the fish market on Tuesday.
She promised the workers a new roof within a year.
The market opened in 1890.
Its hall seats 400 traders.

Governor Ivan Petrov toured the container port on Monday.
Petrov also promised the dock workers new cranes within a year.
"""


def test_a_new_question_in_a_conversation_leans_towards_the_last_answer(tmp_path: Path) -> None:
    visits = Engine.open(write_files(tmp_path / "corpus", {"v.txt": VISITS}), tmp_path / "c")
    question = "What were the workers promised within a year?"  # not a follow-up by its words
    assert visits.ask(question).answers[0].text.startswith("She promised")
    conversation = Conversation()
    visits.ask("What did Governor Petrov tour on Monday?", conversation)
    assert visits.ask(question, conversation).answers[0].text.startswith("Petrov also promised")


WHY = """\
Bridge Closed

The council closed the old bridge to cars on Monday.
Engineers said the old bridge was closed because its steel cables were rusting badly.
"""


def test_a_why_question_prefers_a_sentence_that_gives_a_cause(tmp_path: Path) -> None:
    # "to cars" is no reason; "because" is. The shorter sentence wins on words alone.
    why = Engine.open(write_files(tmp_path / "corpus", {"why.txt": WHY}), tmp_path / "c")
    assert why.ask("Why was the old bridge closed?").answers[0].text.startswith("Engineers")


FERRY_NEWS = """\
Ferry News

The first ferry left on Monday.
The summit in Oslo was held in March.
Another summit is planned for the autumn.
"""


def test_an_ordinal_qualifies_what_is_asked_about_and_counts_for_less(tmp_path: Path) -> None:
    news = Engine.open(write_files(tmp_path / "corpus", {"f.txt": FERRY_NEWS}), tmp_path / "c")
    reply = news.ask("When was their first summit?")
    assert reply.answers[0].text == "The summit in Oslo was held in March."


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which Seoul official voiced hope for progress?", QuestionType.WHO),
        ("Which academic told a British newspaper about it?", QuestionType.WHO),
        ("Which senior officials went with Kim?", QuestionType.WHO),
        ("Which is the official line?", QuestionType.OTHER),
        ("Which city hosted the talks?", QuestionType.WHERE),
        ("In which Vietnamese city did the officials meet?", QuestionType.WHERE),
        ("In which building in Beijing did they talk?", QuestionType.WHERE),
        ("In what city did Trump and Kim hold their first summit?", QuestionType.WHERE),
        ("What country did Kim visit first?", QuestionType.WHERE),
        ("What did the city council decide?", QuestionType.OTHER),
        # A kind of place is no place: "Romanesque" answers it, not a town.
        ("What style of building are the Normans famous for?", QuestionType.OTHER),
        ("What kind of region lies inside the urban area?", QuestionType.OTHER),
    ],
)
def test_which_person_or_place_asks_who_or_where_even_with_words_between(
    question: str, expected: QuestionType
) -> None:
    assert classify_question(question) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who was the leader when the Franks entered the valley?", QuestionType.WHO),
        ("When did the leader who founded the city die?", QuestionType.WHEN),
        ("How many days did the visit last?", QuestionType.DURATION),
        # A clause that sets the scene asks nothing; the question after it decides.
        ("When officials saw Kim off, what did they wish him?", QuestionType.OTHER),
        ("When Kim arrives, where will he stay?", QuestionType.WHERE),
        ("When did Kim arrive, and why?", QuestionType.WHEN),
        # So does a clause inside the question that a subject pronoun opens.
        ("What did Kim and Xi talk about when they met in 2018?", QuestionType.OTHER),
        ("how was kim sent off when he left north korea", QuestionType.OTHER),
        ("Who greeted him where he got off the train?", QuestionType.WHO),
        ("Where did he go when he left?", QuestionType.WHERE),
    ],
)
def test_the_first_question_word_decides_the_type(question: str, expected: QuestionType) -> None:
    assert classify_question(question) is expected


@pytest.mark.parametrize(
    ("sentence", "dated"),
    [
        ("In 1018, Roger travelled to the peninsula.", True),
        ("The invasion at Bannow Bay came in 1169.", True),
        ("In the 1060s, Robert led the Normans against the Turks.", True),
        ("In the early 11th century the dukes began a reform.", True),
        ("The visit came in March 2018.", True),
        ("He led 1500 troops into the valley.", False),
        ("The bridge cost 1,200 dollars a metre.", False),
    ],
)
def test_old_years_decades_and_centuries_answer_when(sentence: str, dated: bool) -> None:
    assert answers_type(sentence_features(sentence), QuestionType.WHEN) is dated


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Armed with that information, Kim might know how far he can push.", True),
        ("That agreement was met with incredulity by observers.", True),
        ("But no one would confirm the leader had crossed the border.", True),
        ("Kim visited China four times.", False),
        ("Thatcher said the talks would go on.", False),
        ("Officials with the ministry declined to comment.", False),
    ],
)
def test_a_sentence_that_opens_on_what_came_before_refers_back(
    sentence: str, expected: bool
) -> None:
    assert refers_back(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("But no one would confirm the leader had crossed the border.", True),
        ("“Yet the talks went on,” she said.", True),
        ("That agreement was met with incredulity by observers.", False),
        ("Butler said the talks would go on.", False),
    ],
)
def test_a_sentence_opening_on_but_or_yet_sets_itself_against_the_one_before(
    sentence: str, expected: bool
) -> None:
    assert sentence_opens_on_contrast(sentence) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Why would Kim want to gauge how firmly Beijing backs the sanctions?", True),
        ("Why is Seoul trying to lock in a trade pact now?", True),
        ("Why would it help Kim to find out how firmly Beijing backs the sanctions?", True),
        ("Why would it be useful for Kim to learn where China stands?", True),
        ("Why did Kim take the train?", False),
        ("For what reason did Kim take the train?", False),
        ("why", False),
    ],
)
def test_a_why_question_that_words_an_aim_of_its_own_states_a_purpose(
    question: str, expected: bool
) -> None:
    assert states_purpose(question) is expected


@pytest.mark.parametrize(
    ("sentence", "placed"),
    [
        ("The Victorian Alps in the northeast are the coldest part of the state.", True),
        ("Most tourists head to the southern coast.", True),
        ("The library opened in the old district last week.", True),
        ("Officials saw him off at the railway stations.", True),
        ("Kim met Xi in Beijing.", True),
        ("State media announced the visit.", False),
    ],
)
def test_compass_points_coasts_and_districts_answer_where(sentence: str, placed: bool) -> None:
    assert answers_type(sentence_features(sentence), QuestionType.WHERE) is placed


SUMMITS = """\
Summits Ahead

The mayor is expected to hold a summit with Governor Petrov by the river in April.
The meeting with Senator Alder is tentatively set for May.
Senator Alder praised the new ferries.
Senator Alder spoke to reporters at the harbour.
Senator Alder and the mayor have known each other for years.
"""


def test_a_follow_up_about_someone_new_does_not_get_the_answer_about_the_last_one(
    tmp_path: Path,
) -> None:
    # The April sentence holds every word of the first question, so the conversation's
    # words would bring it back above the May one ("Alder" is common here, so it weighs
    # little); but it answered for Petrov, whom "Alder" replaces.
    news = Engine.open(write_files(tmp_path / "corpus", {"s.txt": SUMMITS}), None)
    first = "When and where is the mayor expected to hold his summit with Governor Petrov?"
    answer = follow_up_answer(news, first, "And the one with Senator Alder?")
    assert answer == "The meeting with Senator Alder is tentatively set for May."


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Trump said he plans to hit China with tariffs, and Beijing plans to retaliate.",
            ["Trump said he plans to hit China with tariffs", "Beijing plans to retaliate."],
        ),
        ("They met; nothing was agreed.", ["They met", "nothing was agreed."]),
        (
            "The talks \u2014 the first in years \u2014 went well.",
            ["The talks", "the first in years", "went well."],
        ),
        (
            "Kim, Xi and Moon met in Beijing, Seoul and Hanoi.",
            ["Kim, Xi and Moon met in Beijing, Seoul and Hanoi."],
        ),
        ("It was brief but friendly.", ["It was brief but friendly."]),
    ],
)
def test_a_sentence_splits_into_its_coordinated_clauses(
    sentence: str, expected: list[str]
) -> None:
    assert clauses(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "lasting"),
    [
        ("The four-day visit ended on Friday.", True),
        ("The talks lasted 30 seconds.", True),
        ("It was over in a second.", True),
        ("There is speculation that a second summit may be forthcoming.", False),
        ("He bought a second-hand car.", False),
    ],
)
def test_a_duration_is_a_length_of_time_not_an_ordinal(sentence: str, lasting: bool) -> None:
    assert answers_type(sentence_features(sentence), QuestionType.DURATION) is lasting


SHAKE_UP = """\
Council Shake-Up

The council voted on Monday to cut the harbour budget by ten percent.
The council is replacing treasurer Ann Lee with the veteran auditor Bo Park.
Mayor Cole said the new ferry terminal will take years to finish.
Residents took their place in the gallery before the vote.
"""


def test_a_follow_up_pointing_back_with_a_pronoun_asks_about_the_same_person(
    tmp_path: Path,
) -> None:
    # "her place" is the treasurer's: the follow-up is not about someone new, and the answer
    # is the other half of the sentence just given ("taking her place" is "replacing").
    news = Engine.open(write_files(tmp_path / "corpus", {"c.txt": SHAKE_UP}), None)
    answer = follow_up_answer(
        news, "Who is the council pushing out as treasurer?", "And who is taking her place?"
    )
    assert answer.startswith("The council is replacing treasurer Ann Lee")


DIARY = """\
Mayor's Spring Diary

The mayor's first sit-down with a senator was in 2015, before the election.
The mayor's talks with Governor Petrov are planned for April.
Mayor Cole will hold a summit with Senator Alder in May.
The harbour bridge reopens to cyclists next week.
"""


def test_a_follow_up_carries_the_synonyms_of_the_last_questions_words(tmp_path: Path) -> None:
    # "the one" is the sit-down asked about, which the article calls a summit; the old
    # sit-down with a senator says the word but is not the meeting meant.
    news = Engine.open(write_files(tmp_path / "corpus", {"c.txt": DIARY}), None)
    answer = follow_up_answer(
        news,
        "When is the mayor's sit-down with Governor Petrov planned?",
        "And the one with Senator Alder?",
    )
    assert answer == "Mayor Cole will hold a summit with Senator Alder in May."


@pytest.mark.parametrize(
    ("sentence", "counted"),
    [
        ("One official said the visit went well.", True),
        ("The visit lasted one day.", True),
        ("Trump prefers one-on-one agreements over multilateral pacts.", False),
        ("The leaders held one-to-one talks.", False),
        ("But no one would confirm the visit.", False),
        ("The rival sides blamed one another.", False),
    ],
)
def test_one_is_a_number_only_where_it_counts(sentence: str, counted: bool) -> None:
    assert answers_type(sentence_features(sentence), QuestionType.QUANTITY) is counted


@pytest.mark.parametrize(
    "question",
    [
        "What kind of vehicle carried the mayor into the city?",
        "Which mode of transport did the mayor use?",
        "How did the mayor get to the twin city?",
    ],
)
def test_asking_for_a_vehicle_asks_by_what_means(question: str) -> None:
    assert classify_question(question) is QuestionType.MEANS


def test_the_vehicle_asked_for_is_phrasing_the_answer_names_the_vehicle() -> None:
    assert phrasing_terms("What kind of vehicle carried the mayor into the city?") == {"vehicle"}


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("What is the name of Kim Jong Un's wife?", "wife"),
        ("What is the name of the wife who accompanied Kim to China?", "wife"),
        ("What was the spokesman's name?", "spokesman"),
        ("What is the name of the desert city?", None),
        ("Who is Kim's wife?", None),
    ],
)
def test_a_question_may_ask_for_the_name_of_a_person(question: str, noun: str | None) -> None:
    assert asked_name_of(question) == noun


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("He came with his wife, Ri Sol-ju, and two aides.", True),
        ("Ri Sol-ju, his wife, came too.", True),
        ("Spokesman Kim Eui-kyeom said the talks went well.", True),
        ("Kim, accompanied by his wife and top officials, was seen off.", False),
        ("A spokesman for the government expressed optimism.", False),
    ],
)
def test_a_name_in_apposition_says_who_the_noun_is(sentence: str, named: bool) -> None:
    noun = re.search(r"wife|[Ss]pokesman", sentence)
    assert noun is not None
    assert names_in_apposition(sentence, noun.start(), noun.end()) is named


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Why?", True),
        ("how so", True),
        ("Who used it before him?", True),
        ("Why travel that way?", True),
        ("What did they say?", True),
        ("And the meeting with Trump?", False),
        ("Why did the city close the tram line?", False),
        ("Whyever not", False),
    ],
)
def test_points_back(question: str, expected: bool) -> None:
    assert points_back(question) is expected
