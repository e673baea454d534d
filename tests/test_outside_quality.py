"""The outside-data gate: the SQuAD sample's design and held-out figures stay near their baseline.

The baseline and its tolerance are committed in tests/questions/squad/baseline.json; after an
intended change, rewrite it with `python -m bench.outside_quality --write` and say why.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.outside_quality import BASELINE, measure, shortfalls


def test_squad_figures_stay_within_the_tolerance_of_their_baseline(tmp_path: Path) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    measured = measure(baseline["ranker"], tmp_path / "cache")
    assert shortfalls(measured, baseline) == []


def test_a_figure_past_the_tolerance_is_reported() -> None:
    baseline = {
        "tolerance": 0.01,
        "figures": {"design": {"hit1": 0.80, "answerable_abstained": 0.01}},
    }
    assert shortfalls({"design": {"hit1": 0.795, "answerable_abstained": 0.015}}, baseline) == []
    problems = shortfalls({"design": {"hit1": 0.78, "answerable_abstained": 0.03}}, baseline)
    assert [line.split(":")[0] for line in problems] == [
        "design hit1",
        "design answerable_abstained",
    ]
