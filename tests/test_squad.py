"""The SQuAD converter: articles become corpus files, answers become their gold sentences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.squad_command import convert_squad_command
from index import QuestionSetError
from index.corpus.finding import find_article_files
from index.corpus.reading import load_article
from index.evaluation.metrics import is_right
from index.evaluation.questionset import load_question_set
from index.evaluation.squad import answer_chunk, article_slug, convert_squad, read_squad
from index.models import Answer, Article, Sentence
from index.text.analyzer import normalise

SQUAD_FOLDER = Path(__file__).parent / "questions" / "squad"

PANDAS = (
    "Giant pandas live in the mountains of central China. They eat bamboo for up to 14 hours "
    "a day. Dr. Ana Ruiz has studied them in Chengdu since 2004."
)
RED_LIST = (
    "Pandas were moved to vulnerable on the Red List in 2016. They eat bamboo for up to 14 hours "
    "a day."
)
SKY = "Sky UK is a British broadcaster. It was formed in 1990 by a merger. It was renamed in 2014."


def qa(question_id: str, question: str, context: str, *answers: str) -> dict[str, Any]:
    """A SQuAD question; answers are found in the context (none: unanswerable)."""
    return {
        "id": question_id,
        "question": question,
        "answers": [{"text": a, "answer_start": context.index(a)} for a in answers],
        "is_impossible": not answers,
    }


SQUAD: dict[str, Any] = {
    "version": "v2.0",
    "data": [
        {
            "title": "Giant_panda",
            "paragraphs": [
                {
                    "context": PANDAS,
                    "qas": [
                        qa(
                            "p1",
                            "Where do giant pandas live?",
                            PANDAS,
                            "mountains",
                            "central China",
                        ),
                        qa("p2", "Who studies pandas in Chengdu?", PANDAS, "Ana Ruiz"),
                        qa("p3", "What do pandas drink?", PANDAS),
                    ],
                },
                {
                    "context": RED_LIST,
                    "qas": [
                        qa("r1", "When did pandas become vulnerable?", RED_LIST, "2016"),
                        qa("r2", "How long do pandas eat?", RED_LIST, "up to 14 hours"),
                    ],
                },
            ],
        },
        {
            "title": "Sky_(United_Kingdom)",
            "paragraphs": [
                {
                    "context": SKY,
                    "qas": [
                        qa("s1", "When was Sky formed?", SKY, "1990"),
                        qa("s2", "Who owns Sky?", SKY),
                    ],
                }
            ],
        },
    ],
}


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    """The invented SQuAD file."""
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(SQUAD), encoding="utf-8")
    return path


def sentences_of(corpus: Path) -> dict[str, list[Sentence]]:
    """Split each converted article with the project's own loader."""
    return {item.id: load_article(item)[1] for item in find_article_files(corpus)}


def fold(text: str) -> str:
    """Fold text as the runner does before looking for an expected substring."""
    return " ".join(normalise(text).split())


def as_answer(sentence: Sentence) -> Answer:
    """A sentence dressed as an answer, to ask whether an expectation accepts it."""
    article = Article(sentence.article_id, sentence.article_id, sentence.article_id)
    return Answer(sentence.text, 1.0, article, sentence.paragraph, sentence.sentence)


def test_read_squad(squad_file: Path) -> None:
    version, articles = read_squad(squad_file)
    assert version == "2.0"
    assert [a.title for a in articles] == ["Giant_panda", "Sky_(United_Kingdom)"]
    first = articles[0].paragraphs[0].questions[0]
    assert first.answers == (
        (PANDAS.index("mountains"), "mountains"),
        (PANDAS.index("central China"), "central China"),
    )
    assert [q.impossible for p in articles[0].paragraphs for q in p.questions] == [
        False,
        False,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Normans", "normans"), ("Sky_(United_Kingdom)", "sky-united-kingdom"), ("???", "article")],
)
def test_article_slug(title: str, slug: str) -> None:
    assert article_slug(title) == slug


def test_each_article_becomes_a_file_with_its_title_first(
    squad_file: Path, tmp_path: Path
) -> None:
    result = convert_squad(squad_file, tmp_path / "out")
    assert result.corpus == tmp_path / "out" / "corpus"
    assert sorted(p.name for p in result.corpus.iterdir()) == [
        "giant-panda.txt",
        "sky-united-kingdom.txt",
    ]
    text = (result.corpus / "giant-panda.txt").read_text(encoding="utf-8")
    assert text == f"Giant panda\n\n{PANDAS}\n\n{RED_LIST}\n"
    assert (result.articles, result.answerable, result.unanswerable) == (2, 5, 2)
    assert result.unlocated == ()


def test_questions_expect_their_gold_sentence_and_no_other(
    squad_file: Path, tmp_path: Path
) -> None:
    result = convert_squad(squad_file, tmp_path / "out")
    cases = {case.id: case for case in load_question_set(result.questions)}
    assert list(cases) == ["p1", "p2", "p3", "r1", "r2", "s1", "s2"]
    split = sentences_of(result.corpus)
    every = [sentence for sentences in split.values() for sentence in sentences]
    gold = {
        "p1": ["Giant pandas live in the mountains of central China."],
        "p2": ["Dr. Ana Ruiz has studied them in Chengdu since 2004."],
        "r1": ["Pandas were moved to vulnerable on the Red List in 2016."],
        "r2": ["They eat bamboo for up to 14 hours a day."],
        "s1": ["It was formed in 1990 by a merger."],
    }
    for case_id, texts in gold.items():
        expect = cases[case_id].turns[0].expect
        accepted = sorted({s.text for s in every if is_right(as_answer(s), expect)})
        assert accepted == texts, case_id
    for case_id in ("p3", "s2"):
        assert cases[case_id].turns[0].expect.abstain
    assert cases["p1"].tags == ("squad", "giant-panda")
    assert cases["s1"].tags == ("squad", "sky-united-kingdom")


def test_a_second_conversion_replaces_the_first(squad_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "corpus").mkdir(parents=True)
    (out / "corpus" / "stale.txt").write_text("Stale\n\nOld text.\n", encoding="utf-8")
    first = convert_squad(squad_file, out)
    questions = first.questions.read_text(encoding="utf-8")
    second = convert_squad(squad_file, out)
    assert second == first
    assert second.questions.read_text(encoding="utf-8") == questions
    assert not (out / "corpus" / "stale.txt").exists()


@pytest.mark.parametrize(
    ("others", "min_words", "chunk"),
    [
        (["The team won the league in 1990."], 3, "cup in 1990."),
        (["The team won the league in 1990."], 6, "team won the cup in 1990."),
        ([], 2, "in 1990."),
        ([], 6, "team won the cup in 1990."),
        ([], 99, "The team won the cup in 1990."),
        (["The team won the cup in 1990."], 2, "The team won the cup in 1990."),
    ],
)
def test_answer_chunk(others: list[str], min_words: int, chunk: str) -> None:
    text = "The team won the cup in 1990."
    start = text.index("1990")
    assert answer_chunk(text, start, start + 4, others, min_words) == chunk


def test_answer_chunk_grows_until_no_other_sentence_holds_it() -> None:
    text = "He said the team won the cup in 1990 after a long wait."
    others = ["Later he said the team won the cup in 1990 again.", "Nothing else."]
    start = text.index("1990")
    chunk = answer_chunk(text, start, start + 4, others)
    assert chunk in text
    assert "1990" in chunk
    assert len(chunk.split()) >= 6
    assert not any(chunk.lower() in other.lower() for other in others)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "the top level should be a dict"),
        ('{"data": 3}', "'data' should be a list"),
        ('{"data": [{"paragraphs": []}]}', "data[0].title should be a str"),
        (
            '{"data": [{"title": "T", "paragraphs": [{"context": "Short.", "qas": '
            '[{"id": "q", "question": "Q?", "answers": [{"text": "x", "answer_start": 99}]}]}]}]}',
            "data[0].paragraphs[0].qas[0].answers[0].answer_start is past its text",
        ),
        (
            '{"data": [{"title": "T", "paragraphs": [{"context": "Short.", "qas": '
            '[{"id": "q", "answers": []}]}]}]}',
            "data[0].paragraphs[0].qas[0].question should be a str",
        ),
    ],
)
def test_a_malformed_squad_file_is_refused_saying_where(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionSetError) as error:
        read_squad(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_the_command_converts_and_says_what_it_wrote(squad_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(convert_squad_command, [str(squad_file), str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"2 articles in {out / 'corpus'}; 5 answerable and 2 unanswerable questions in "
        f"{out / 'questions.yaml'}\n"
    )
    answers = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    assert len(answers) == 5 and all(strings for strings in answers.values())


def test_the_command_turns_a_bad_file_into_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(convert_squad_command, [str(bad), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: the top level should be a dict: is it a SQuAD file?\n"


def test_the_committed_squad_set_matches_the_splitter() -> None:
    """Each gold chunk of the committed set lies in exactly one sentence of its corpus.

    If this fails, cleaning or splitting changed: regenerate the set with
    `citeqa convert-squad squad-v2.0-dev-first5.json tests/questions/squad` (the SQuAD file is
    the project's evaluation data, not in the repository).
    """
    split = sentences_of(SQUAD_FOLDER / "corpus")
    folded = [fold(sentence.text) for sentences in split.values() for sentence in sentences]
    cases = load_question_set(SQUAD_FOLDER / "questions.yaml")
    assert len(cases) == 1407
    stale = []
    for case in cases:
        for chunk in case.turns[0].expect.substrings:
            piece = fold(chunk)
            if len({text for text in folded if piece in text}) != 1:
                stale.append(case.id)
    assert stale == [], "regenerate tests/questions/squad (see this test's docstring)"
