"""The same questions typed all in lower case: the seeds' fifteen dev sets and the SQuAD
sample's design part, as written and lower-cased, with the default (hybrid) ranker.

Run: python -m bench.lower_case [--ranker lexical]

People type "when did kim meet trump"; the figures should not depend on the capitals.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from index import Conversation, Engine, EngineSettings, Reply
from index.evaluation.metrics import EVAL_DEPTH, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.evaluation.squad_figures import DESIGN_ARTICLES, squad_cases

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "questions"
SEEDS_SETS = sorted(QUESTIONS.glob("seeds-dev*.yaml"))


def lower_cased(cases: list[Case]) -> list[Case]:
    """Return the cases with every question typed in lower case."""
    return [
        replace(case, turns=tuple(replace(t, question=t.question.lower()) for t in case.turns))
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
    """Print one JSON line per set and casing."""
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
            for casing, asked in (("as written", cases), ("lower case", lower_cased(cases))):
                result = {"set": name, "typed": casing, **figures(engines[name], asked)}
                print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
