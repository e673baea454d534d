"""Figures on the SQuAD sample: sentence and answer-string hits and abstention, by article."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from index.evaluation.metrics import EVAL_DEPTH, is_right
from index.evaluation.questionset import Case, load_question_set
from index.evaluation.squad import ANSWERS_FILE
from index.models import Reply
from index.text.analyzer import normalise

# The sample's articles, split once: fitting looks at the design part only; the held-out
# part is read as totals, to tell whether what was fitted generalises.
DESIGN_ARTICLES = ("normans", "computational-complexity-theory", "southern-california")
HELDOUT_ARTICLES = ("sky-united-kingdom", "victoria-australia")
Ask = Callable[[str, int], Reply]


@dataclass(frozen=True)
class SquadFigures:
    """How one engine did on some SQuAD articles."""

    answerable: int
    unanswerable: int
    hit1: float
    """The gold sentence first."""
    hit3: float
    string_hit1: float
    """The gold sentence, or one holding a gold answer string, first."""
    string_hit3: float
    unanswerable_abstained: float
    answerable_abstained: float

    def as_dict(self) -> dict[str, float]:
        """Return the figures as plain data."""
        return asdict(self)


def load_answer_strings(folder: Path) -> dict[str, tuple[str, ...]]:
    """Return the gold answer strings of each question id, from `answers.json` in `folder`."""
    raw = json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))
    return {key: tuple(values) for key, values in raw.items()}


def _first(ranks: Sequence[int]) -> int:
    return min(ranks, default=EVAL_DEPTH + 1)


def squad_figures(
    cases: Sequence[Case], answers: dict[str, tuple[str, ...]], ask: Ask
) -> SquadFigures:
    """Ask every single-question case and count hits and abstentions."""
    hit1 = hit3 = string1 = string3 = wrongly = abstained = 0
    answerable = [c for c in cases if not c.turns[0].expect.abstain]
    unanswerable = [c for c in cases if c.turns[0].expect.abstain]
    for case in answerable:
        turn = case.turns[0]
        reply = ask(turn.question, EVAL_DEPTH)
        gold = [normalise(text).lower() for text in answers.get(case.id, ()) if text.strip()]
        ranks = [i for i, a in enumerate(reply.answers, 1) if is_right(a, turn.expect)]
        holding = [
            i
            for i, a in enumerate(reply.answers, 1)
            if any(g in normalise(a.text).lower() for g in gold)
        ]
        first, either = _first(ranks), _first([*ranks, *holding])
        hit1 += first <= 1
        hit3 += first <= 3
        string1 += either <= 1
        string3 += either <= 3
        wrongly += reply.abstained
    for case in unanswerable:
        abstained += ask(case.turns[0].question, 1).abstained
    n, m = max(len(answerable), 1), max(len(unanswerable), 1)
    return SquadFigures(
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        hit1=round(hit1 / n, 4),
        hit3=round(hit3 / n, 4),
        string_hit1=round(string1 / n, 4),
        string_hit3=round(string3 / n, 4),
        unanswerable_abstained=round(abstained / m, 4),
        answerable_abstained=round(wrongly / n, 4),
    )


def squad_cases(folder: Path, articles: Sequence[str]) -> list[Case]:
    """Return the cases of the converted sample in `folder` about the articles named."""
    wanted = set(articles)
    return [c for c in load_question_set(folder / "questions.yaml") if wanted & set(c.tags)]
