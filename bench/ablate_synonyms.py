"""Measure synonym groups with the model in place: the seeds' sets and the SQuAD design part,
with every group, and with the groups holding a word that a pattern matches left out.

    python -m bench.ablate_synonyms --drop '^(nuclear|atomic)$' --drop '^times$'

Prints one JSON line per run: all groups, then each --drop on its own, then all drops at once.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from bench.outside_quality import ROOT, SQUAD, part_figures
from bench.tune_hybrid import seeds_figures
from index import Engine, EngineSettings
from index.evaluation.squad_figures import DESIGN_ARTICLES
from index.text import expansion

KEEP_ALL = expansion.read_curated_groups


def _without(patterns: list[str]) -> list[list[str]]:
    compiled = [re.compile(p) for p in patterns]
    return [
        group
        for group in KEEP_ALL()
        if not any(c.search(word) for c in compiled for word in group)
    ]


def run(patterns: list[str], ranker: str, cache: Path) -> dict[str, object]:
    """Return the figures with the groups matching any pattern left out."""
    groups = _without(patterns)
    expansion.read_curated_groups = lambda: groups  # type: ignore[assignment]
    try:
        settings = EngineSettings(ranker=ranker)
        seeds = Engine.open(ROOT / "seeds", cache, "rank-bm25", settings)
        squad = Engine.open(SQUAD / "corpus", cache, "rank-bm25", settings)
        return {
            "dropped": patterns,
            "groups_left": len(groups),
            "seeds": seeds_figures(seeds),
            "squad_design": part_figures(squad, DESIGN_ARTICLES),
        }
    finally:
        expansion.read_curated_groups = KEEP_ALL  # type: ignore[assignment]


def main() -> None:
    """Print the figures of each run, one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drop", action="append", default=[], help="regex on a group's words")
    parser.add_argument("--ranker", default="hybrid")
    options = parser.parse_args()
    runs = [[], *([p] for p in options.drop)] + ([options.drop] if len(options.drop) > 1 else [])
    with tempfile.TemporaryDirectory() as cache:
        for patterns in runs:
            print(json.dumps(run(patterns, options.ranker, Path(cache))), flush=True)


if __name__ == "__main__":
    main()
