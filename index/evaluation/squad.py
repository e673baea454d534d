"""SQuAD files as citeqa data: each article a corpus file, each question a case with its gold."""

# The gold of an answerable question is the sentence, as the project's own cleaner and splitter
# cut the article, that holds the answer's `answer_start` offset; it is written as that
# sentence's text (a substring expectation), which stays right when sentences before it are
# renumbered. Unanswerable questions expect abstention.

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from index.corpus.finding import find_article_files
from index.corpus.reading import load_article
from index.errors import QuestionSetError
from index.models import Sentence
from index.text.analyzer import normalise

QUESTIONS_FILE = "questions.yaml"
ANSWERS_FILE = "answers.json"
CORPUS_FOLDER = "corpus"
SQUAD_TAG = "squad"
CHUNK_WORDS = 6
_HEADER = """\
# SQuAD v{version} converted by `citeqa convert-squad`: do not edit by hand.
# Source: {source}. Licence of the text: CC BY-SA 4.0 (Rajpurkar et al., 2018).
# Each article is one corpus file; the gold of a question is the text of the sentence that
# holds the answer's start offset; unanswerable questions expect abstention.
"""


@dataclass(frozen=True)
class SquadQuestion:
    """One question of a SQuAD paragraph, with where its answers start in that paragraph."""

    id: str
    question: str
    answers: tuple[tuple[int, str], ...]
    impossible: bool


@dataclass(frozen=True)
class SquadParagraph:
    """A SQuAD context paragraph and the questions asked about it."""

    context: str
    questions: tuple[SquadQuestion, ...]


@dataclass(frozen=True)
class SquadArticle:
    """A SQuAD article: its title and paragraphs."""

    title: str
    paragraphs: tuple[SquadParagraph, ...]


class SquadConversion(NamedTuple):
    """What a conversion wrote, and the answerable questions whose answer no sentence holds."""

    corpus: Path
    questions: Path
    articles: int
    answerable: int
    unanswerable: int
    unlocated: tuple[str, ...]


def _need(value: Any, kind: type, where: str, path: Path) -> Any:
    if not isinstance(value, kind):
        raise QuestionSetError(f"{path}: {where} should be a {kind.__name__}: is it a SQuAD file?")
    return value


def read_squad(path: Path) -> tuple[str, list[SquadArticle]]:
    """Read a SQuAD JSON file: its version and articles; raise QuestionSetError if malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise QuestionSetError(f"{path}: cannot read it ({error.strerror or error})") from error
    except ValueError as error:
        raise QuestionSetError(f"{path}: not valid JSON ({error})") from error
    _need(data, dict, "the top level", path)
    articles = []
    for a, raw_article in enumerate(_need(data.get("data"), list, "'data'", path)):
        where = f"data[{a}]"
        _need(raw_article, dict, where, path)
        title = _need(raw_article.get("title"), str, f"{where}.title", path)
        paragraphs = []
        for p, raw_paragraph in enumerate(
            _need(raw_article.get("paragraphs"), list, f"{where}.paragraphs", path)
        ):
            here = f"{where}.paragraphs[{p}]"
            _need(raw_paragraph, dict, here, path)
            context = _need(raw_paragraph.get("context"), str, f"{here}.context", path)
            questions = tuple(
                _question(raw, f"{here}.qas[{q}]", path, len(context))
                for q, raw in enumerate(_need(raw_paragraph.get("qas"), list, f"{here}.qas", path))
            )
            paragraphs.append(SquadParagraph(context, questions))
        articles.append(SquadArticle(title, tuple(paragraphs)))
    return str(data.get("version", "")).lstrip("v"), articles


def _question(raw: Any, where: str, path: Path, context_length: int) -> SquadQuestion:
    _need(raw, dict, where, path)
    answers = _need(raw.get("answers", []), list, f"{where}.answers", path)
    spans: list[tuple[int, str]] = []
    for n, answer in enumerate(answers):
        _need(answer, dict, f"{where}.answers[{n}]", path)
        start = _need(answer.get("answer_start"), int, f"{where}.answers[{n}].answer_start", path)
        if not 0 <= start < context_length:
            raise QuestionSetError(f"{path}: {where}.answers[{n}].answer_start is past its text")
        spans.append((start, _need(answer.get("text"), str, f"{where}.answers[{n}].text", path)))
    impossible = bool(raw.get("is_impossible", False)) or not answers
    return SquadQuestion(
        id=str(_need(raw.get("id"), str, f"{where}.id", path)),
        question=_need(raw.get("question"), str, f"{where}.question", path),
        answers=tuple(dict.fromkeys(spans)),
        impossible=impossible,
    )


def article_slug(title: str) -> str:
    """Return a file-name-safe, lower-case id for an article title ("Sky_(United_Kingdom)")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "article"


def article_text(article: SquadArticle) -> tuple[str, list[int]]:
    """Return the article as a corpus file's text and where each paragraph starts in it.

    The title (underscores as spaces) is the first line; paragraphs follow, one per line,
    separated by blank lines.
    """
    parts = [article.title.replace("_", " ").strip()]
    offsets: list[int] = []
    position = len(parts[0]) + 2
    for paragraph in article.paragraphs:
        offsets.append(position)
        parts.append(paragraph.context.replace("\r", " ").replace("\n", " "))
        position += len(paragraph.context) + 2
    return "\n\n".join(parts) + "\n", offsets


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """Return the sentence whose span holds a character offset of the article file, if any."""
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


@cache
def _folded(text: str) -> str:
    return " ".join(normalise(text).split())


def answer_chunk(
    text: str, start: int, end: int, others: Sequence[str], min_words: int = CHUNK_WORDS
) -> str:
    """Return the words of `text` around `text[start:end]`, at least `min_words` of them and
    found in no text of `others` (all of `text` if it cannot be), as an expected substring.

    Growing the answer's own words one at a time before and after keeps the chunk inside the
    sentence while making it say which sentence is meant.
    """
    words = [match.span() for match in re.finditer(r"\S+", text)]
    if not words:
        return text
    first = next((i for i, (_, e) in enumerate(words) if e > start), len(words) - 1)
    last = next((i for i, (_, e) in enumerate(words) if e >= end), len(words) - 1)
    low, high = first, max(first, last)

    def chunk() -> str:
        return text[words[low][0] : words[high][1]]

    def ambiguous() -> bool:
        piece = _folded(chunk())
        return any(piece in _folded(other) for other in others)

    grow_before = True
    while (high - low + 1 < min_words or ambiguous()) and (low > 0 or high < len(words) - 1):
        if (grow_before and low > 0) or high == len(words) - 1:
            low -= 1
        else:
            high += 1
        grow_before = not grow_before
    return chunk()


def gold_texts(
    question: SquadQuestion,
    sentences: Sequence[Sentence],
    context: str,
    offset: int,
    corpus: Sequence[Sentence] = (),
) -> tuple[list[str], bool]:
    """Return a question's expected substrings, one per gold sentence, and whether every
    answer lay in a sentence.

    `sentences` are the article's own and `corpus` every sentence a chunk must not fit
    (default: the article's); `offset` is where the paragraph `context` starts in the file.
    An answer outside every sentence (cleaning dropped its line) falls back to words of the
    paragraph, which no reply will hold.
    """
    golds: list[str] = []
    seen: set[Sentence] = set()
    located = True
    for start, answer in question.answers:
        end = start + max(len(answer), 1)
        sentence = sentence_at(sentences, offset + start)
        if sentence is None:
            located = False
            golds.append(answer_chunk(context, start, end, ()))
            continue
        if sentence in seen:
            continue
        seen.add(sentence)
        others = [s.text for s in corpus or sentences if s != sentence]
        relative = offset + start - sentence.start
        golds.append(answer_chunk(sentence.text, relative, relative + end - start, others))
    return list(dict.fromkeys(golds)), located


def convert_squad(json_path: Path, out_dir: Path) -> SquadConversion:
    """Write a SQuAD file as `out_dir/corpus/*.txt`, `out_dir/questions.yaml` and the answer
    strings of its answerable questions as `out_dir/answers.json`.

    Files of an earlier conversion in `out_dir/corpus` are replaced.
    """
    version, articles = read_squad(json_path)
    corpus = out_dir / CORPUS_FOLDER
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    texts: dict[str, tuple[SquadArticle, list[int]]] = {}
    for article in articles:
        slug = article_slug(article.title)
        while slug in texts:
            slug += "-2"
        text, offsets = article_text(article)
        (corpus / f"{slug}.txt").write_text(text, encoding="utf-8")
        texts[slug] = (article, offsets)

    cases: list[dict[str, Any]] = []
    strings: dict[str, list[str]] = {}
    unlocated: list[str] = []
    answerable = unanswerable = 0
    files = {item.id: item for item in find_article_files(corpus)}
    split = {slug: load_article(files[slug])[1] for slug in texts}
    every = [sentence for sentences in split.values() for sentence in sentences]
    for slug, (article, offsets) in texts.items():
        for paragraph, offset in zip(article.paragraphs, offsets, strict=True):
            for question in paragraph.questions:
                case: dict[str, Any] = {"id": question.id, "question": question.question}
                if question.impossible:
                    unanswerable += 1
                    case["expect"] = "abstain"
                else:
                    answerable += 1
                    golds, located = gold_texts(
                        question, split[slug], paragraph.context, offset, every
                    )
                    case["expect"] = golds
                    strings[question.id] = sorted({text for _, text in question.answers})
                    if not located:
                        unlocated.append(question.id)
                case["tags"] = [SQUAD_TAG, slug]
                cases.append(case)

    questions = out_dir / QUESTIONS_FILE
    body = yaml.safe_dump(
        {"version": 1, "cases": cases},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=None,
    )
    header = _HEADER.format(version=version or "?", source=json_path.name)
    questions.write_text(header + body, encoding="utf-8")
    # The answer strings themselves, for figures that count a sentence holding one as right.
    answers = json.dumps(strings, indent=0, sort_keys=True)
    (out_dir / ANSWERS_FILE).write_text(answers, encoding="utf-8")
    return SquadConversion(
        corpus, questions, len(articles), answerable, unanswerable, tuple(unlocated)
    )
