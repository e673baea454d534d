"""Rendering question-set runs: the per-case table and the summary, as text."""

from __future__ import annotations

from collections.abc import Sequence

from index.evaluation import CaseResult, Summary


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def render_table(results: Sequence[CaseResult], show_passed: bool = True) -> str:
    """Return a line per case turn: verdict, id, rank of the right answer, top answer if wrong."""
    lines = [f"{'':4} {'case':36} {'rank':>4}  top answer when wrong"]
    for result in results:
        if result.passed and not show_passed:
            continue
        for number, turn in enumerate(result.turns, start=1):
            verdict = "ok" if turn.correct else "FAIL"
            name = result.id if len(result.turns) == 1 else f"{result.id}#{number}"
            if turn.expected_abstain:
                rank = "abst" if turn.abstained else "-"
            else:
                rank = str(turn.rank) if turn.rank else ("abst" if turn.abstained else "-")
            wrong = ""
            if not turn.correct:
                wrong = "(abstained)" if turn.abstained else _clip(turn.top or "", 70)
            lines.append(f"{verdict:4} {_clip(name, 36):36} {rank:>4}  {wrong}".rstrip())
    return "\n".join(lines)


def render_summary(summary: Summary, label: str = "") -> str:
    """Return the summary figures, then pass rates by tag."""
    head = f"{label}: " if label else ""
    lines = [
        f"{head}{summary.passed}/{summary.cases} cases passed",
        f"  answerable questions {summary.answerable}: hit@1 {summary.hit1:.3f}  "
        f"hit@3 {summary.hit3:.3f}  hit@5 {summary.hit5:.3f}  MRR {summary.mrr:.3f}",
        f"  abstention ({summary.abstain_expected} expected): precision "
        f"{summary.abstain_precision:.3f}  recall {summary.abstain_recall:.3f}",
        f"  follow-up conversations {summary.follow_ups}: accuracy "
        f"{summary.follow_up_accuracy:.3f}",
    ]
    if summary.by_tag:
        tags = "  ".join(
            f"{tag} {figures['passed']:.2f} ({int(figures['cases'])})"
            for tag, figures in summary.by_tag.items()
        )
        lines.append(f"  by tag: {tags}")
    return "\n".join(lines)
