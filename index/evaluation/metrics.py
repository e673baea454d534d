"""Running question sets: per-case verdicts and the summary metrics (hit@k, MRR, abstention)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from index.answering.conversation import Conversation
from index.evaluation.questionset import Case, Expectation
from index.models import Answer, Reply
from index.text.analyzer import normalise

Asker = Callable[[str, Conversation], Reply]
EVAL_DEPTH = 10


@dataclass(frozen=True)
class TurnResult:
    """How one turn went: the rank of the first right answer (None if none), and abstention."""

    question: str
    expected_abstain: bool
    abstained: bool
    rank: int | None
    top: str | None

    @property
    def correct(self) -> bool:
        """Right when it abstains as expected, or ranks a right sentence first."""
        return self.abstained if self.expected_abstain else self.rank == 1


@dataclass(frozen=True)
class CaseResult:
    """A case's verdict: it passes when every turn is right."""

    id: str
    tags: tuple[str, ...]
    turns: tuple[TurnResult, ...]

    @property
    def passed(self) -> bool:
        """Tell whether every turn of the case was right."""
        return all(turn.correct for turn in self.turns)


@dataclass
class Summary:
    """The figures a question-set run is judged by.

    A figure over no cases (no answerable questions, say) is 0.0; the count beside it
    (`answerable`, `abstentions`, `abstain_expected`, `follow_ups`) tells it was not measured.
    """

    cases: int = 0
    passed: int = 0
    answerable: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    hit5: float = 0.0
    mrr: float = 0.0
    abstain_expected: int = 0
    abstentions: int = 0
    abstain_precision: float = 0.0
    abstain_recall: float = 0.0
    follow_ups: int = 0
    follow_up_accuracy: float = 0.0
    by_tag: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as plain data for JSON reports."""
        return asdict(self)


def _folded(text: str) -> str:
    return " ".join(normalise(text).split())


def is_right(answer: Answer, expect: Expectation) -> bool:
    """Tell whether an answer is one of the sentences the expectation names."""
    text = _folded(answer.text)
    if any(_folded(s) in text for s in expect.substrings):
        return True
    return any(
        answer.article.id == source and answer.sentence == number
        for source, number in expect.locations
    )


def run_case(case: Case, ask: Asker) -> CaseResult:
    """Ask a case's turns in one fresh conversation and judge each reply."""
    conversation = Conversation()
    results = []
    for turn in case.turns:
        reply = ask(turn.question, conversation)
        ranks = (i for i, a in enumerate(reply.answers, start=1) if is_right(a, turn.expect))
        rank = next(ranks, None)
        top = reply.answers[0].text if reply.answers else None
        results.append(TurnResult(turn.question, turn.expect.abstain, reply.abstained, rank, top))
    return CaseResult(case.id, case.tags, tuple(results))


def run_cases(
    cases: Iterable[Case], ask: Asker, progress: Callable[[], None] | None = None
) -> list[CaseResult]:
    """Run every case; `progress` is called once per case."""
    results = []
    for case in cases:
        results.append(run_case(case, ask))
        if progress is not None:
            progress()
    return results


def _ratio(numerator: float, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def summarise(results: Sequence[CaseResult]) -> Summary:
    """Compute hit@1/3/5 and MRR over answerable single questions, abstention and follow-ups."""
    single = [r.turns[0] for r in results if len(r.turns) == 1]
    answerable = [t for t in single if not t.expected_abstain]
    all_turns = [t for r in results for t in r.turns]
    abstained = [t for t in all_turns if t.abstained]
    expected = [t for t in all_turns if t.expected_abstain]
    conversations = [r for r in results if len(r.turns) > 1]
    summary = Summary(
        cases=len(results),
        passed=sum(r.passed for r in results),
        answerable=len(answerable),
        hit1=_ratio(sum(t.rank is not None and t.rank <= 1 for t in answerable), len(answerable)),
        hit3=_ratio(sum(t.rank is not None and t.rank <= 3 for t in answerable), len(answerable)),
        hit5=_ratio(sum(t.rank is not None and t.rank <= 5 for t in answerable), len(answerable)),
        mrr=_ratio(sum(1 / t.rank for t in answerable if t.rank), len(answerable)),
        abstain_expected=len(expected),
        abstentions=len(abstained),
        abstain_precision=_ratio(sum(t.expected_abstain for t in abstained), len(abstained)),
        abstain_recall=_ratio(sum(t.abstained for t in expected), len(expected)),
        follow_ups=len(conversations),
        follow_up_accuracy=_ratio(sum(r.passed for r in conversations), len(conversations)),
    )
    tags = sorted({tag for r in results for tag in r.tags})
    for tag in tags:
        tagged = [r for r in results if tag in r.tags]
        summary.by_tag[tag] = {
            "cases": len(tagged),
            "passed": _ratio(sum(r.passed for r in tagged), len(tagged)),
        }
    return summary


def regressions(results: Sequence[CaseResult], baseline: dict[str, Any]) -> list[str]:
    """Return the ids of cases that passed in a saved report and fail now."""
    passed_before = {c["id"] for c in baseline.get("cases", []) if c.get("passed")}
    return [r.id for r in results if r.id in passed_before and not r.passed]


def report(
    results: Sequence[CaseResult], summary: Summary, meta: dict[str, Any]
) -> dict[str, Any]:
    """Return a machine-readable report of a run."""
    return {
        **meta,
        "summary": summary.as_dict(),
        "cases": [
            {
                "id": r.id,
                "passed": r.passed,
                "tags": list(r.tags),
                "turns": [asdict(t) for t in r.turns],
            }
            for r in results
        ],
    }
