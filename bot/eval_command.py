"""`citeqa eval`: run question-set files, print the table and summary, check thresholds."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from bot.config import Settings
from bot.eval_report import render_summary, render_table
from index import CiteqaError
from index.answering.conversation import Conversation
from index.evaluation.metrics import EVAL_DEPTH, regressions, report, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.models import Reply

AskerFactory = Callable[[Settings], Callable[[str, Conversation | None, int], Reply]]

# The floors `citeqa eval` can be held to: option name, what the message calls the figure, the
# Summary field it reads, and the field counting what it is measured over. Together they check
# a quality target in one command: --min-hit1 0.9 --min-hit3 0.98 --min-abstain-recall 1 ...
THRESHOLDS = (
    ("min_hit1", "hit@1", "hit1", "answerable"),
    ("min_hit3", "hit@3", "hit3", "answerable"),
    ("min_mrr", "MRR", "mrr", "answerable"),
    ("min_abstain_recall", "abstention recall", "abstain_recall", "abstain_expected"),
    ("min_follow_ups", "follow-up accuracy", "follow_up_accuracy", "follow_ups"),
)
_MEASURED_OVER = {
    "answerable": "answerable questions",
    "abstain_expected": "unanswerable questions",
    "follow_ups": "follow-up conversations",
}


def _is_report(data: object) -> bool:
    cases = data.get("cases") if isinstance(data, dict) else None
    return isinstance(cases, list) and all(
        isinstance(case, dict) and isinstance(case.get("id"), str) for case in cases
    )


def run_eval(
    settings: Settings,
    make_asker: AskerFactory,
    files: tuple[Path, ...],
    json_out: Path | None,
    baseline: Path | None,
    floors: Mapping[str, float | None],
    failures_only: bool,
) -> int:
    """Run the files' cases; return 0, or 1 when a floor is missed or a case regressed.

    `floors` maps the option names of THRESHOLDS ("min_hit1") to the figure's floor, or None.
    """
    try:
        cases: list[Case] = [case for path in files for case in load_question_set(path)]
        previous: dict[str, Any] | None = None
        if baseline is not None:
            previous = json.loads(baseline.read_text(encoding="utf-8"))
            if not _is_report(previous):
                raise click.ClickException(
                    f"baseline {baseline} is not a report written by `citeqa eval --json`"
                )
    except CiteqaError as error:
        raise click.ClickException(str(error)) from error
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot read baseline {baseline}: {error}") from error
    ask = make_asker(settings)

    def ask_turn(question: str, conversation: Conversation) -> Reply:
        return ask(question, conversation, EVAL_DEPTH)

    with tqdm(
        total=len(cases),
        disable=not sys.stderr.isatty() or len(cases) < 200,
        file=sys.stderr,
        unit="case",
    ) as bar:
        results = run_cases(cases, ask_turn, progress=lambda: bar.update())
    summary = summarise(results)
    meta = {
        "engine": settings.engine,
        "corpus": str(settings.corpus),
        "files": [str(f) for f in files],
    }
    data = report(results, summary, meta)
    if json_out is not None:
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if str(json_out) == "-":
            click.echo(text)
        else:
            json_out.write_text(text + "\n", encoding="utf-8")
    out = (lambda s: click.echo(s, err=True)) if str(json_out) == "-" else click.echo
    out(render_table(results, show_passed=not failures_only))
    out("")
    out(render_summary(summary, label=f"{settings.engine} engine"))
    failures: list[str] = []
    for option, label, field, count in THRESHOLDS:
        floor = floors.get(option)
        if floor is None:
            continue
        flag = "--" + option.replace("_", "-")
        value = getattr(summary, field)
        if not getattr(summary, count):
            # An empty figure is no pass: the sets hold nothing the floor could be judged on.
            failures.append(f"{flag} needs {_MEASURED_OVER[count]}; the sets have none")
        elif value < floor:
            failures.append(f"{label} {value:.3f} is below {flag} {floor}")
    if previous is not None:
        regressed = regressions(results, previous)
        if regressed:
            failures.append(
                f"{len(regressed)} case(s) passed in {baseline} and fail now: "
                + ", ".join(regressed)
            )
    for failure in failures:
        click.echo(f"citeqa: {failure}", err=True)
    return 1 if failures else 0
