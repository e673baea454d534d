"""Answers: top-k cited sentences best first, collapsed duplicates, context, and abstention."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_corpus import BAMBOO, MAYOR, write_files

from index import Engine, EngineSettings
from index.answering.abstention import says_figure
from index.answering.answers import NO_QUESTION, NO_WORDS
from index.answering.question import parse_question
from index.models import Answer


def position_of(engine: Engine, answer: Answer) -> int:
    """Return the index position of an answer's sentence."""
    for position, sentence in enumerate(engine.data.sentences):
        if (sentence.article_id, sentence.sentence) == (answer.article.id, answer.sentence):
            return position
    raise AssertionError(f"{answer.text!r} is not in the index")


@pytest.mark.parametrize(
    ("question", "article", "sentence"),
    [
        ("How much bamboo do the pandas eat?", "pandas", BAMBOO),
        ("Who is the zoo's chief veterinarian?", "pandas", "Dr. Ana Ruiz, the zoo\u2019s"),
        ("How did the pandas travel to the city?", "pandas", "travelled for 14 hours"),
        ("How did the council vote on the transport budget?", "council", "voted 7-2"),
        ("Who thanked the sponsors of the solar team?", "race", "Tom Okafor, thanked"),
    ],
)
def test_the_answering_sentence_comes_first_with_its_citation(
    engine: Engine, question: str, article: str, sentence: str
) -> None:
    reply = engine.ask(question)
    assert not reply.abstained
    best = reply.answers[0]
    assert sentence.replace("\u2019", "'") in best.text.replace("\u2019", "'")
    assert best.article.id == article
    found = engine.data.sentences[position_of(engine, best)]
    assert (found.text, found.paragraph) == (best.text, best.paragraph)


@pytest.mark.parametrize("top", [1, 2, 3, 5])
def test_top_k_answers_best_first(engine: Engine, top: int) -> None:
    reply = engine.ask("How much bamboo do the pandas eat at the zoo?", top=top)
    assert 1 <= len(reply.answers) <= top
    scores = [answer.score for answer in reply.answers]
    assert scores == sorted(scores, reverse=True)
    assert reply.answers[0].text == BAMBOO


def test_the_default_is_three_answers(engine: Engine) -> None:
    assert len(engine.ask("How much bamboo do the pandas eat at the zoo?").answers) == 3


def test_identical_sentences_are_collapsed(engine: Engine) -> None:
    texts = [a.text for a in engine.ask("What did the mayor call it?", top=5).answers]
    assert texts[0] == MAYOR
    assert texts.count(MAYOR) == 1
    assert len(texts) == len(set(texts))


def test_context_is_the_neighbouring_sentences_of_the_same_article(engine: Engine) -> None:
    sentences = engine.data.sentences

    def neighbour(position: int, article: str) -> str:
        inside = 0 <= position < len(sentences) and sentences[position].article_id == article
        return sentences[position].text if inside else ""

    answers = engine.ask("What do the pandas eat, and where?", top=5).answers
    assert len(answers) > 1
    for answer in answers:
        position = position_of(engine, answer)
        assert answer.before == neighbour(position - 1, answer.article.id)
        assert answer.after == neighbour(position + 1, answer.article.id)
    bamboo = next(a for a in answers if a.text == BAMBOO)
    assert bamboo.before.startswith("The pandas, named Bao and Lin")
    assert bamboo.after == "The zoo spent $2 million on the new enclosure."


def test_context_never_crosses_into_another_article(engine: Engine) -> None:
    reply = engine.ask("Who won the four-day solar car race across the desert?", top=20)
    first = [a for a in reply.answers if a.sentence == 1]
    assert first, "the headline of the race article should be among the answers"
    assert first[0].before == ""
    last = engine.ask("What did the mayor call it?").answers[0]
    assert last.article.id == "council"
    assert last.after == ""


def test_the_citation_carries_the_articles_metadata(engine: Engine) -> None:
    answer = engine.ask("How much bamboo do the pandas eat?").answers[0]
    article = answer.article
    assert (article.title, article.publisher, article.author) == (
        "Zoo Welcomes Two Giant Pandas",
        "Daily Planet",
        "Maria Lopez",
    )
    assert (article.date, article.url) == ("2021-05-04", "https://example.org/pandas")
    assert article.path.endswith("pandas.txt")
    assert (answer.paragraph, answer.sentence) == (3, 4)


@pytest.mark.parametrize(
    "question",
    [
        "What is the recipe for lasagna?",
        "Who won the football world cup in 1966?",
        "How tall is Mount Everest?",
    ],
)
def test_an_off_topic_question_abstains(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.abstained
    assert reply.answers == ()
    assert reply.notice is None


def test_a_misspelt_word_is_searched_as_the_word_the_articles_hold(engine: Engine) -> None:
    reply = engine.ask("How much bambo do the pandas eat?")
    assert reply.searched == "How much bamboo do the pandas eat?"
    assert reply.answers[0].text.startswith("Keepers said the pandas eat 40 kilograms")


def test_a_well_spelt_question_is_searched_as_asked(engine: Engine) -> None:
    assert engine.ask("How much bamboo do the pandas eat?").searched is None


def test_a_question_in_everyday_words_the_articles_never_use_is_answered(
    engine: Engine,
) -> None:
    # Two of its three words are in no sentence, but they are common English: a paraphrase.
    reply = engine.ask("Were people happy about the money?")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("Opponents said the money")


def test_a_question_in_uncommon_words_the_articles_never_use_is_not_answered(
    engine: Engine,
) -> None:
    # The same shape and the same best sentence, but the missing words are rare in English:
    # the question is likely about something the articles do not cover.
    assert engine.ask("Were ratepayers enraptured about the money?").abstained


def test_a_figure_the_article_never_says_is_not_answered(engine: Engine) -> None:
    # The best sentence says the rest, but the article says nothing of 1995: the question asks
    # of something else.
    assert engine.ask("How much bamboo did the pandas eat in 1995?").abstained
    assert not engine.ask("Do the pandas eat 40 kilograms of bamboo a day?").abstained


def test_a_yes_no_question_is_answered_by_the_sentence_saying_just_what_it_asks(
    engine: Engine,
) -> None:
    # Every word of the sentence is in the question, which asks whether it is so: the
    # sentence confirms it, so it is no echo to put after the rest.
    reply = engine.ask("Can visitors see the pandas every morning?")
    assert not reply.abstained
    assert reply.answers[0].text == "Visitors can see the pandas every morning."


def test_a_small_count_the_article_says_in_words_is_still_answered(engine: Engine) -> None:
    # The article says "a day": a count up to twelve is said too many ways to mark a question
    # as about something else, while a larger figure still does.
    assert not engine.ask("Do the pandas eat 40 kilograms of bamboo in 1 day?").abstained
    assert engine.ask("Do the pandas eat 40 kilograms of bamboo in 13 days?").abstained


def test_a_unit_joined_to_a_figure_still_says_it() -> None:
    said = frozenset({"3bn", "1990s", "14", "500"})
    assert says_figure("3", said)
    assert says_figure("500km", said)
    assert not says_figure("1990", said)
    assert not says_figure("14th", said)


@pytest.mark.parametrize("question", ["", " ", "\t\n  ", "\u00a0"])
def test_an_empty_question_gets_the_notice(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert (reply.abstained, reply.answers, reply.notice) == (True, (), NO_QUESTION)
    assert reply.question == question


@pytest.mark.parametrize("question", ["the of and", "?!", "what?"])
def test_a_question_without_searchable_words_gets_a_notice(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert (reply.abstained, reply.answers, reply.notice) == (True, (), NO_WORDS)


def test_asking_twice_gives_the_same_reply(engine: Engine) -> None:
    question = "How did the pandas travel to the city?"
    assert engine.ask(question) == engine.ask(question)


@pytest.mark.parametrize(
    "question",
    [
        # Each was answered with the nearest Kim sentence before: the articles hold "news",
        # "president" and "likely", but nothing about the rest of the question.
        "Is there news of the quokka zq3x4?",
        "Who is the president of France?",
        "Do quokkas like plums?",
        # Questions about something else altogether.
        "What is the capital of Peru?",
        "How do I bake bread?",
        "Who won the Super Bowl?",
        # Questions about Kim, naming someone or somewhere the articles never mention.
        "Did Kim meet Putin?",
        "What did Kim say about Japan?",
        "Did Kim visit Moscow?",
        "What did Obama say about Kim?",
    ],
)
def test_a_question_about_something_the_articles_never_mention_is_not_answered(
    seeds_engine: Engine, question: str
) -> None:
    assert seeds_engine.ask(question).abstained


HARBOUR = """Harbour Deal Stalls

The harbour board met the union on Monday.
The union's spokesperson said the harbour board should publish the harbour budget.
Neither side has announced a timetable for the dredging.
The harbour has three cranes and a ferry terminal.
"""


def test_the_sentence_covering_the_question_in_other_words_outranks_one_echoing_it(
    tmp_path: Path,
) -> None:
    # The budget sentence repeats "said", "union" and "board"; the answer holds "dredging"
    # and says the rest in synonyms ("neither", "announced"), so it accounts for more of it.
    # A rule of the lexical ranker (the hybrid one's model prefers the budget sentence here).
    corpus = write_files(tmp_path / "corpus", {"harbour.txt": HARBOUR})
    engine = Engine.open(corpus, None, settings=EngineSettings(ranker="lexical"))
    reply = engine.ask("Has either the board or the union said what they plan for the dredging?")
    assert reply.answers[0].text == "Neither side has announced a timetable for the dredging."


PORT = """\
Port Talks Resume

A spokesperson for the port authority expressed hope that the dredging talks would resume. \
"We expect an agreement within weeks," Maria Lindqvist told reporters on Friday.
The union has not commented on the talks.
"""


def test_who_is_answered_by_the_sentence_naming_the_person_the_best_one_describes(
    tmp_path: Path,
) -> None:
    # The first sentence matches the question; the second names the spokesperson, as news
    # writes it, and is the answer to "who".
    engine = Engine.open(write_files(tmp_path / "corpus", {"port.txt": PORT}), None)
    reply = engine.ask("Which port official hoped the dredging talks would resume?")
    assert [answer.text for answer in reply.answers[:2]] == [
        '"We expect an agreement within weeks," Maria Lindqvist told reporters on Friday.',
        "A spokesperson for the port authority expressed hope that the dredging talks would "
        "resume.",
    ]


def test_a_question_that_is_not_who_keeps_the_describing_sentence_first(tmp_path: Path) -> None:
    engine = Engine.open(write_files(tmp_path / "corpus", {"port.txt": PORT}), None)
    reply = engine.ask("What did the port authority hope about the dredging talks?")
    assert reply.answers[0].text.startswith("A spokesperson for the port authority")


HARBOUR_VISIT = """\
Harbour Visit

The mayor, accompanied by her husband and senior city officials, was welcomed at the harbour \
by dock workers.
The ferry company said the new terminal will open next spring.
"""


def test_a_count_question_answered_by_no_number_needs_nearly_all_its_words_covered(
    tmp_path: Path,
) -> None:
    # No sentence says how many officials came; the welcome sentence covers most of the
    # question but not "ferry terminal", so it is no answer to "how many".
    folder = write_files(tmp_path / "corpus", {"visit.txt": HARBOUR_VISIT})
    engine = Engine.open(folder, None)
    assert engine.ask(
        "How many city officials did the dock workers welcome at the ferry terminal?"
    ).abstained
    assert not engine.ask("Who welcomed the mayor at the harbour?").abstained


ORCHARD_FESTIVAL = """\
Orchard Festival Returns

The orchard festival returned to the valley on Saturday with apple pressing, music and a parade \
of vintage tractors through the village.
Volunteers from the valley school sold cider to raise money for new library books.
Forty stalls lined the main street of the village.
"""


def test_a_count_question_answered_by_a_sentence_with_no_number_needs_more_of_its_words(
    tmp_path: Path,
) -> None:
    # The cider sentence holds no number at all and misses "buy": covering four fifths of the
    # question is not enough to answer "how many". The sentence that holds the count answers.
    folder = write_files(tmp_path / "corpus", {"festival.txt": ORCHARD_FESTIVAL})
    engine = Engine.open(folder, None)
    assert engine.ask("How many books did the school volunteers buy for the library?").abstained
    reply = engine.ask("How many stalls lined the street at the festival?")
    assert reply.answers[0].text.startswith("Forty stalls")


MEETING = """\
Mayor and Governor Plan Talks

The mayor's meeting with the governor is tentatively set for May.
The mayor opened the new library in the northern district last week.
"""


def test_a_where_question_answered_by_no_place_needs_nearly_all_its_words_covered(
    tmp_path: Path,
) -> None:
    # The articles say when the meeting is, not where; the May sentence is no answer.
    engine = Engine.open(write_files(tmp_path / "corpus", {"meeting.txt": MEETING}), None)
    assert engine.ask("Where will the mayor's meeting with the governor be held?").abstained
    reply = engine.ask("Where did the mayor open the new library?")
    assert reply.answers[0].text.startswith("The mayor opened the new library")


LEVY = """\
Port Fees Rise

Tensions at the port grew after the council said it plans to charge shippers 40 dollars a \
container, and the shipping lines plan to retaliate.
The harbour master said the cranes will be repaired in June.
Fishing boats pay no fees at the harbour.
The ferry company expects more passengers this summer.
"""


def test_a_count_question_is_not_answered_by_a_number_in_another_clause(tmp_path: Path) -> None:
    # The 40 dollars are the council's fee; the sentence says nothing of how much the
    # shipping lines' retaliation will be, only that it is coming.
    engine = Engine.open(write_files(tmp_path / "corpus", {"levy.txt": LEVY}), None)
    assert engine.ask("How much in fees will the shipping lines charge in return?").abstained
    assert engine.ask(
        "How much do the shipping lines plan to retaliate with against the ferry company?"
    ).abstained
    reply = engine.ask("How much does the council plan to charge shippers?")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("Tensions at the port")


FEE_ANGER = """\
Port Fees Anger Shippers

The shipping lines plan to hit back at the council's new charge of 40 dollars a container.
The harbour master said the cranes will be repaired in June.
Fishing boats pay no fees at the harbour.
"""


def test_a_count_question_is_not_answered_by_the_number_it_gives_itself(tmp_path: Path) -> None:
    # The question quotes the council's 40 dollars, the only number of the sentence that
    # matches it: the sentence cannot say how much the shipping lines will answer with.
    engine = Engine.open(write_files(tmp_path / "corpus", {"fees.txt": FEE_ANGER}), None)
    assert engine.ask(
        "How much in retaliatory fees will the shipping lines impose over the council's "
        "40 dollars?"
    ).abstained
    reply = engine.ask("How much is the council's new charge per container?")
    assert not reply.abstained
    assert reply.answers[0].text.startswith("The shipping lines plan")


STRIKE = """\
Port Strike Talks

The dock workers' union may be testing how much support the city council has for the new \
fees, said analyst Rita Moreno.
The council voted on Monday to raise harbour fees by ten percent.
Ferry passengers will pay the same fares until June.
The harbour master said the cranes will be repaired soon.
"""


@pytest.mark.parametrize(
    ("question", "halved"),
    [
        # "think" and "firmly" are everyday words for what the analyst said; no sentence can
        # match them, so they count half. "Gauging" is rarer: it keeps its weight.
        (
            "Who thinks the union is gauging how firmly the council supports the fees?",
            {"think", "firm"},
        ),
        # Everyday words that are most of the question are its topic, one the articles miss.
        ("Who won the football world cup?", set()),
    ],
)
def test_everyday_words_no_sentence_holds_count_half_unless_they_are_the_topic(
    tmp_path: Path, question: str, halved: set[str]
) -> None:
    engine = Engine.open(write_files(tmp_path / "corpus", {"strike.txt": STRIKE}), None)
    plan = engine.answerer.planner.plan(parse_question(question, engine.analyzer), None)
    assert plan is not None
    weights = plan.weighted_core()
    assert {term for term, weight in weights.items() if weight == 0.5} == halved
    assert all(weight == 1.0 for term, weight in weights.items() if term not in halved)


BRIDGE_OPENING = """\
Mayor Opens Bridge

The mayor, accompanied by her husband and senior city officials, opened the bridge on Monday.
A spokesperson for the council praised the design. "It is a landmark," Ana Ruiz told reporters.
The bridge's architect, Tom Berg, thanked the builders.
"""


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The husband is mentioned, never named: a sentence about him is no answer.
        ("What is the name of the mayor's husband?", None),
        ("What is the name of the husband who came with the mayor?", None),
        # Named beside the noun asked about, or in the sentence after the one describing her.
        ("What is the name of the bridge's architect?", "The bridge's architect, Tom Berg"),
        ("What is the name of the council spokesperson?", '"It is a landmark," Ana Ruiz'),
    ],
)
def test_asked_for_a_name_a_sentence_that_names_no_one_is_no_answer(
    tmp_path: Path, question: str, answer: str | None
) -> None:
    corpus = write_files(tmp_path / "corpus", {"bridge.txt": BRIDGE_OPENING})
    reply = Engine.open(corpus, None).ask(question)
    if answer is None:
        assert reply.abstained
    else:
        assert not reply.abstained
        assert reply.answers[0].text.startswith(answer)


BUDGET_ROW = """\
Budget Row

In last year's budget speech, the mayor touted what she said was a firm pledge to cut harbour \
fees. That promise was met with doubt by traders, who noted that it had no funding.
The harbour bridge reopens to cyclists next week.
Ferry fares will rise by ten percent in June because fuel costs more.
"""


def test_why_is_answered_by_the_sentence_that_goes_on_from_the_one_stating_the_fact(
    tmp_path: Path,
) -> None:
    # The first sentence says what the question asks about, with no reason; the next one
    # takes it up ("That promise...") and gives it. A sentence with its own reason stays.
    corpus = write_files(tmp_path / "corpus", {"budget.txt": BUDGET_ROW})
    engine = Engine.open(corpus, None)
    reply = engine.ask("Why were traders skeptical of the pledge the mayor touted in her speech?")
    assert [answer.text[:20] for answer in reply.answers[:2]] == [
        "That promise was met",
        "In last year's budge",
    ]
    assert engine.ask("Why will ferry fares rise?").answers[0].text.startswith("Ferry fares")


HARBOUR_FEES = """\
Harbour Fees

The council is trying to get a quick read of how much the harbour board backs the new fees. \
Armed with that reading, the council would know how far it can press the ferry company.
The mayor wants to reopen the old bridge in an effort to win back cyclists. But no one has \
set a date for the work.
"""


def test_a_why_question_that_words_an_aim_is_answered_by_what_goes_on_from_its_restatement(
    tmp_path: Path,
) -> None:
    # "want to gauge" and "trying to get a read" word the same aim: the sentence restates
    # the question, and the one that takes it up ("Armed with that reading") says why. A next
    # sentence opening on "But" goes on without explaining, so the aim stays the answer.
    corpus = write_files(tmp_path / "corpus", {"fees.txt": HARBOUR_FEES})
    engine = Engine.open(corpus, None)
    reply = engine.ask(
        "Why would the council want to gauge how firmly the harbour board backs the fees?"
    )
    assert [answer.text[:20] for answer in reply.answers[:2]] == [
        "Armed with that read",
        "The council is tryin",
    ]
    reply = engine.ask("Why does the mayor want to reopen the old bridge?")
    assert reply.answers[0].text.startswith("The mayor wants to reopen")
    # Asking what an act is good for states the act as an aim too.
    reply = engine.ask(
        "Why would it help the council to learn how firmly the board backs the fees?"
    )
    assert reply.answers[0].text.startswith("Armed with that reading")


OSLO = """\
Mayor Meets Governor

The mayor travelled to Oslo on Monday to meet the governor about the ferries.
Officials from the region said the talks went well.
"""


def test_a_where_question_is_not_answered_by_the_place_it_names(tmp_path: Path) -> None:
    # "to Oslo" answers where the mayor went, not in which building in Oslo they met.
    engine = Engine.open(write_files(tmp_path / "corpus", {"oslo.txt": OSLO}), None)
    assert engine.ask("In which building in Oslo did the mayor meet the governor?").abstained
    reply = engine.ask("Where did the mayor travel to meet the governor?")
    assert reply.answers[0].text.startswith("The mayor travelled to Oslo")


ABROAD_AGAIN = """\
Mayor Abroad Again

Earlier mayors of the port had relied on the ferry for their rare foreign trips, and so it \
made sense that the mayor would follow the tradition.
It's the mayor's fourth visit to Oslo in a year.
The ferry company expects more passengers this summer.
The mayor opened a new library in March.
"""


def test_a_light_verb_does_not_decide_the_answer(tmp_path: Path) -> None:
    # "made" carries no meaning of its own in "trips has the mayor made": the sentence that
    # happens to say "made" does not outrank the one that counts the trips.
    engine = Engine.open(write_files(tmp_path / "corpus", {"abroad.txt": ABROAD_AGAIN}), None)
    reply = engine.ask("How many foreign trips has the mayor made in a year?")
    assert reply.answers[0].text.startswith("It's the mayor's fourth visit")


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("How much bamboo do the pandas eat?", (3, 4, 1)),
        ("When can visitors see the pandas?", (4, 7, 2)),
        ("What did opponents say the money should fund?", (3, 4, 2)),
    ],
)
def test_an_answer_counts_its_sentence_in_the_article_and_in_the_paragraph(
    engine: Engine, question: str, place: tuple[int, int, int]
) -> None:
    reply = engine.ask(question, top=5)
    best = reply.answers[0]
    assert (best.paragraph, best.sentence, best.sentence_in_paragraph) == place
    for answer in reply.answers:
        same = [
            s.sentence
            for s in engine.data.sentences
            if (s.article_id, s.paragraph) == (answer.article.id, answer.paragraph)
        ]
        assert answer.sentence_in_paragraph == same.index(answer.sentence) + 1


def test_the_naive_baseline_counts_the_sentence_in_the_paragraph_too(corpus_dir: Path) -> None:
    naive = Engine.open(corpus_dir, None, "naive")
    (best,) = naive.ask("opponents money fund buses", top=1).answers
    assert best.text.startswith("Opponents said")
    assert (best.paragraph, best.sentence_in_paragraph) == (3, 2)


def test_a_question_of_what_is_not_so_needs_a_sentence_that_says_no(engine: Engine) -> None:
    # The best sentence states the positive: it answers the question without its "not".
    assert engine.ask("From which city did the zoo not welcome the pandas?").abstained
    assert not engine.ask("From which city did the zoo welcome the pandas?").abstained
    # A "why not" is answered by a reason, which need not be worded as a negative.
    assert not engine.ask("Why did the pandas not travel by train?").abstained
