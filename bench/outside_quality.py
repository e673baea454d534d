"""The outside-data quality gate: SQuAD design and held-out figures against their baseline.

    python -m bench.outside_quality                  # print figures, OK/FAIL per figure
    python -m bench.outside_quality --write          # after an intended change: new baseline
    python -m bench.outside_quality --ranker lexical

The baseline (tests/questions/squad/baseline.json) holds each figure and the tolerance within
which a new run must stay; `tests/test_outside_quality.py` runs the same check under pytest.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index import Engine, EngineSettings
from index.evaluation.squad_figures import (
    DESIGN_ARTICLES,
    HELDOUT_ARTICLES,
    load_answer_strings,
    squad_cases,
    squad_figures,
)

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT / "tests" / "questions" / "squad"
BASELINE = SQUAD / "baseline.json"
TOLERANCE = 0.01
PARTS = {"design": DESIGN_ARTICLES, "heldout": HELDOUT_ARTICLES}
# Figures where higher is better; answerable_abstained is better lower.
LOWER_IS_BETTER = {"answerable_abstained"}


def part_figures(engine: Engine, articles: Sequence[str]) -> dict[str, float]:
    """Return the figures of the sample's questions about the articles named."""
    figures = squad_figures(
        squad_cases(SQUAD, articles),
        load_answer_strings(SQUAD),
        lambda question, top: engine.ask(question, None, top),
    )
    return figures.as_dict()


def measure(ranker: str, cache: Path) -> dict[str, dict[str, float]]:
    """Return each part's figures with the ranker named."""
    engine = Engine.open(SQUAD / "corpus", cache, "rank-bm25", EngineSettings(ranker=ranker))
    return {part: part_figures(engine, articles) for part, articles in PARTS.items()}


def shortfalls(measured: dict[str, dict[str, float]], baseline: dict[str, Any]) -> list[str]:
    """Return a line for each figure that fell past the tolerance from its baseline."""
    tolerance = baseline["tolerance"]
    problems = []
    for part, figures in baseline["figures"].items():
        for name, expected in figures.items():
            got = measured[part][name]
            worse = got - expected if name in LOWER_IS_BETTER else expected - got
            if worse > tolerance:
                problems.append(f"{part} {name}: {got:.4f}, baseline {expected:.4f} ± {tolerance}")
    return problems


def main() -> int:
    """Print the figures against the baseline; exit 1 if one fell past the tolerance."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ranker", default="hybrid", choices=("hybrid", "lexical"))
    parser.add_argument("--write", action="store_true", help="write the baseline anew")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        measured = measure(options.ranker, Path(cache))
    if options.write:
        baseline = {"ranker": options.ranker, "tolerance": TOLERANCE, "figures": measured}
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    for part, figures in measured.items():
        for name, value in figures.items():
            expected = baseline["figures"][part][name]
            print(f"{part:8} {name:24} {value:8.4f}  baseline {expected:8.4f}")
    problems = shortfalls(measured, baseline)
    for problem in problems:
        print(f"FAIL {problem}")
    print("FAIL" if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
