"""Rendering question-set runs: the per-case table and the summary, as text."""

from __future__ import annotations

from collections.abc import Sequence

from index.evaluation.metrics import CaseResult, Summary


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


def _figure(value: float, over: int) -> str:
    """Return a figure to three places, or "n/a" when there was nothing to measure it over."""
    return f"{value:.3f}" if over else "n/a"


def render_summary(summary: Summary, label: str = "") -> str:
    """Return the summary figures, then pass rates by tag."""
    head = f"{label}: " if label else ""
    answerable = summary.answerable
    lines = [
        f"{head}{summary.passed}/{summary.cases} cases passed",
        f"  answerable questions {answerable}: hit@1 {_figure(summary.hit1, answerable)}  "
        f"hit@3 {_figure(summary.hit3, answerable)}  hit@5 {_figure(summary.hit5, answerable)}  "
        f"MRR {_figure(summary.mrr, answerable)}",
        f"  abstention ({summary.abstain_expected} expected): precision "
        f"{_figure(summary.abstain_precision, summary.abstentions)}  "
        f"recall {_figure(summary.abstain_recall, summary.abstain_expected)}",
        f"  follow-up conversations {summary.follow_ups}: accuracy "
        f"{_figure(summary.follow_up_accuracy, summary.follow_ups)}",
    ]
    if summary.by_tag:
        tags = "  ".join(
            f"{tag} {figures['passed']:.2f} ({int(figures['cases'])})"
            for tag, figures in summary.by_tag.items()
        )
        lines.append(f"  by tag: {tags}")
    return "\n".join(lines)
