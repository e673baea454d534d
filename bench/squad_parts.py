"""The SQuAD sample's design and held-out parts, read from a `citeqa eval --json` report.

    citeqa eval tests/questions/squad/questions.yaml --corpus tests/questions/squad/corpus \\
        --json report.json && python -m bench.squad_parts report.json

Since `citeqa eval` and its report are a public contract, the same two commands measure any
revision, the code from before the hybrid ranker included: the figures of one change's
before and after come from one command. A top sentence holding a gold answer string counts as
right in the string figure (the report keeps only the top answer, so there is no string hit@3;
`python -m bench.outside_quality` has it, on the current code).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.outside_quality import PARTS, SQUAD
from index.evaluation.squad_figures import load_answer_strings
from index.text.analyzer import normalise


def report_figures(report: dict[str, Any], articles: tuple[str, ...]) -> dict[str, float]:
    """Return hit@1, hit@3, string hit@1 and the abstention shares of one part."""
    strings = load_answer_strings(SQUAD)
    turns = [
        (case["id"], case["turns"][0])
        for case in report["cases"]
        if set(case["tags"]) & set(articles)
    ]
    answerable = [(key, turn) for key, turn in turns if not turn["expected_abstain"]]
    unanswerable = [turn for _, turn in turns if turn["expected_abstain"]]

    def holds_answer(key: str, top: str | None) -> bool:
        text = normalise(top or "").lower()
        return any(normalise(s).lower() in text for s in strings.get(key, ()) if s.strip())

    n = max(len(answerable), 1)
    return {
        "hit1": sum(t["rank"] == 1 for _, t in answerable) / n,
        "hit3": sum((t["rank"] or 99) <= 3 for _, t in answerable) / n,
        "string_hit1": sum(t["rank"] == 1 or holds_answer(k, t["top"]) for k, t in answerable) / n,
        "unanswerable_abstained": sum(t["abstained"] for t in unanswerable)
        / max(len(unanswerable), 1),
        "answerable_abstained": sum(t["abstained"] for _, t in answerable) / n,
    }


def main() -> None:
    """Print each part's figures from the report named."""
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for part, articles in PARTS.items():
        figures = report_figures(report, articles)
        print(part, " ".join(f"{name} {value:.3f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
