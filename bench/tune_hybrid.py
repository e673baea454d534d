"""Fit the hybrid ranker's weights: a grid over HybridSettings, scored on the SQuAD design part,
the paraphrased questions about its design articles (`paraphrase.yaml`) and the seeds' question
sets (the held-out SQuAD articles only with --heldout, totals only).

    python -m bench.tune_hybrid --grid lexical_weight=0,0.1,0.2 --grid answer.type_bonus=0,0.5

A field named answer.FIELD is one of AnswerSettings (the lexical re-ranking and the checks).
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bench.outside_quality import ROOT, SQUAD, part_figures
from index import AnswerSettings, Conversation, Engine, EngineSettings, Reply
from index.evaluation.metrics import EVAL_DEPTH, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.evaluation.squad_figures import DESIGN_ARTICLES, HELDOUT_ARTICLES
from index.semantic import HybridSettings, opening
from index.semantic import encoder as encoder_module

SEED_SETS = sorted((ROOT / "tests" / "questions").glob("seeds-*.yaml"))
PARAPHRASE = SQUAD / "paraphrase.yaml"


class MemoEncoder:
    """The packaged encoder, remembering question vectors across grid points."""

    def __init__(self, inner: encoder_module.Encoder) -> None:
        self.inner = inner
        self.identity = inner.identity
        self.dim = inner.dim
        self._queries: dict[str, np.ndarray] = {}

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._queries]
        if missing:
            for text, row in zip(missing, self.inner.queries(missing), strict=True):
                self._queries[text] = row
        return np.stack([self._queries[t] for t in texts])

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.passages(texts)


def seeds_figures(engine: Engine) -> dict[str, float]:
    """hit@1, hit@3, abstention and follow-ups over all the seeds' question sets."""
    return set_figures(engine, [c for path in SEED_SETS for c in load_question_set(path)])


def set_figures(engine: Engine, cases: Sequence[Case]) -> dict[str, float]:
    """hit@1, hit@3, abstention and follow-ups over question-set cases."""

    def ask(question: str, conversation: Conversation) -> Reply:
        return engine.ask(question, conversation, EVAL_DEPTH)

    summary = summarise(run_cases(cases, ask))
    return {
        "hit1": summary.hit1,
        "hit3": summary.hit3,
        "abstain_recall": summary.abstain_recall,
        "abstain_precision": summary.abstain_precision,
        "follow_ups": summary.follow_up_accuracy,
        "passed": summary.passed,
    }


def _value(text: str) -> Any:
    return int(text) if text.isdigit() else float(text)


def main() -> None:
    """Print the figures of each grid point, one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grid", action="append", default=[], help="FIELD=V1,V2,...")
    parser.add_argument("--ranker", default="hybrid")
    parser.add_argument("--heldout", action="store_true", help="also the held-out totals")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/citeqa-tune"))
    options = parser.parse_args()
    memo = MemoEncoder(encoder_module.load_encoder())
    opening.load_encoder = lambda: memo  # type: ignore[assignment]
    fields = [item.split("=", 1) for item in options.grid]
    choices = [[_value(v) for v in values.split(",")] for _, values in fields]
    for point in itertools.product(*choices) if fields else [()]:
        tuned = dict(zip([name for name, _ in fields], point, strict=True))
        hybrid = {k: v for k, v in tuned.items() if not k.startswith("answer.")}
        answer = {k[len("answer.") :]: v for k, v in tuned.items() if k.startswith("answer.")}
        settings = EngineSettings(
            ranker=options.ranker,
            hybrid=replace(HybridSettings(), **hybrid),
            answer=replace(AnswerSettings(), **answer),
        )
        row: dict[str, Any] = {"settings": tuned}
        seeds = Engine.open(ROOT / "seeds", options.cache, "rank-bm25", settings)
        row["seeds"] = seeds_figures(seeds)
        squad = Engine.open(SQUAD / "corpus", options.cache, "rank-bm25", settings)
        row["squad_design"] = part_figures(squad, DESIGN_ARTICLES)
        row["paraphrase"] = set_figures(squad, load_question_set(PARAPHRASE))
        if options.heldout:
            row["squad_heldout"] = part_figures(squad, HELDOUT_ARTICLES)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
