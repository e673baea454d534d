"""The same questions in the forms people type them: the seeds' fifteen dev sets and the SQuAD
sample's design part, as written, all in lower case, wrapped in a request, between a
greeting and thanks, after a remark, and after a label.

Run: python -m bench.question_forms [--ranker lexical]

People type "when did kim meet trump", "Can you tell me when Kim met Trump?", "Hi! When did
Kim meet Trump? Thanks", "I have a question about the articles. When did Kim meet Trump?" and
"Quick question: when did Kim meet Trump?"; the figures should not depend on the form.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from index import Conversation, Engine, EngineSettings, Reply
from index.evaluation.metrics import EVAL_DEPTH, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.evaluation.squad_figures import DESIGN_ARTICLES, squad_cases

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "questions"
SEEDS_SETS = sorted(QUESTIONS.glob("seeds-dev*.yaml"))


def lower_case(question: str) -> str:
    """Return a question typed all in lower case."""
    return question.lower()


def request(question: str) -> str:
    """Return a question wrapped in a request: "Can you tell me who...?"."""
    return f"Can you tell me {question[:1].lower()}{question[1:]}"


def greeted(question: str) -> str:
    """Return a question with a greeting before it and thanks after it."""
    return f"Hi! {question} Thanks"


def remarked(question: str) -> str:
    """Return a question after a remark that names nothing."""
    return f"I have a question about the articles. {question}"


def labelled(question: str) -> str:
    """Return a question after a label: "Quick question: who...?"."""
    return f"Quick question: {question[:1].lower()}{question[1:]}"


# Each form, and whether it applies to every turn of a conversation or to its first only (a
# follow-up such as "And with Trump?" is not asked as a request).
FORMS: dict[str, tuple[Callable[[str], str], bool]] = {
    "as written": (str, True),
    "lower case": (lower_case, True),
    "a request": (request, False),
    "greeting and thanks": (greeted, False),
    "after a remark": (remarked, False),
    "after a label": (labelled, False),
}


def retyped(cases: list[Case], form: Callable[[str], str], every_turn: bool) -> list[Case]:
    """Return the cases with their questions typed in another form."""
    return [
        replace(
            case,
            turns=tuple(
                replace(turn, question=form(turn.question)) if every_turn or not n else turn
                for n, turn in enumerate(case.turns)
            ),
        )
        for case in cases
    ]


def figures(engine: Engine, cases: list[Case]) -> dict[str, float]:
    """Return hit@1, abstention precision and recall, and follow-ups right, over the cases."""

    def ask(question: str, conversation: Conversation) -> Reply:
        return engine.ask(question, conversation, EVAL_DEPTH)

    summary = summarise(run_cases(cases, ask))
    return {
        "hit1": round(summary.hit1, 3),
        "abstain_precision": round(summary.abstain_precision, 3),
        "abstain_recall": round(summary.abstain_recall, 3),
        "follow_ups_right": round(summary.follow_up_accuracy * summary.follow_ups),
    }


def main() -> None:
    """Print one JSON line per set and form."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ranker", default="hybrid", choices=("hybrid", "lexical"))
    options = parser.parse_args()
    settings = EngineSettings(ranker=options.ranker)
    seeds = [case for path in SEEDS_SETS for case in load_question_set(path)]
    squad = squad_cases(QUESTIONS / "squad", DESIGN_ARTICLES)
    with tempfile.TemporaryDirectory() as cache:
        engines = {
            "seeds dev": Engine.open(ROOT / "seeds", Path(cache), settings=settings),
            "SQuAD design": Engine.open(
                QUESTIONS / "squad" / "corpus", Path(cache), "rank-bm25", settings
            ),
        }
        for name, cases in (("seeds dev", seeds), ("SQuAD design", squad)):
            for typed, (form, every_turn) in FORMS.items():
                measured = figures(engines[name], retyped(cases, form, every_turn))
                print(json.dumps({"set": name, "typed": typed, **measured}), flush=True)


if __name__ == "__main__":
    main()
