"""`citeqa eval`: the table and summary, thresholds, regressions against a baseline, the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_process import RunCli
from click.testing import Result
from jsonschema import Draft202012Validator
from tiny_corpus import BAMBOO, CORPUS, QUESTION_SET, write_files

from index import Engine, EngineSettings
from index.evaluation.questionset import load_question_set

Invoke = Callable[..., Result]

TABLE = """\
     case                                 rank  top answer when wrong
ok   bamboo                                  1
ok   vet                                     1
ok   lasagna                              abst
ok   kilometres#1                            1
ok   kilometres#2                            1
"""
SUMMARY = """\
auto engine: 4/4 cases passed
  answerable questions 2: hit@1 1.000  hit@3 1.000  hit@5 1.000  MRR 1.000
  abstention (1 expected): precision 1.000  recall 1.000
  follow-up conversations 1: accuracy 1.000
  by tag: abstain 1.00 (1)  followup 1.00 (1)  pandas 1.00 (2)  quantity 1.00 (1)  who 1.00 (1)
"""
# A case that passed in the hand-written baseline below and fails now: the bamboo question
# answered by the enclosure sentence.
MOVED = """\
  - id: moved
    question: How much bamboo do the pandas eat?
    expect: ["spent $2 million on the new enclosure"]
"""
BASELINE = {
    "cases": [
        {"id": "bamboo", "passed": True},
        {"id": "moved", "passed": True},
        {"id": "vet", "passed": False},
        {"id": "retired-case", "passed": True},
    ]
}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
COUNT = {"type": "integer", "minimum": 0}
REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["engine", "corpus", "files", "summary", "cases"],
    "properties": {
        "engine": {"type": "string"},
        "corpus": {"type": "string"},
        "files": {"type": "array", "items": {"type": "string"}},
        "summary": {
            "type": "object",
            "required": [
                "cases",
                "passed",
                "answerable",
                "hit1",
                "hit3",
                "hit5",
                "mrr",
                "abstain_expected",
                "abstentions",
                "abstain_precision",
                "abstain_recall",
                "follow_ups",
                "follow_up_accuracy",
                "by_tag",
            ],
            "properties": {
                "cases": COUNT,
                "passed": COUNT,
                "answerable": COUNT,
                "hit1": FRACTION,
                "hit3": FRACTION,
                "hit5": FRACTION,
                "mrr": FRACTION,
                "abstain_expected": COUNT,
                "abstentions": COUNT,
                "abstain_precision": FRACTION,
                "abstain_recall": FRACTION,
                "follow_ups": COUNT,
                "follow_up_accuracy": FRACTION,
                "by_tag": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["cases", "passed"],
                        "properties": {"cases": COUNT, "passed": FRACTION},
                    },
                },
            },
        },
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "passed", "tags", "turns"],
                "properties": {
                    "id": {"type": "string"},
                    "passed": {"type": "boolean"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "turns": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": [
                                "question",
                                "expected_abstain",
                                "abstained",
                                "rank",
                                "top",
                            ],
                            "properties": {
                                "question": {"type": "string"},
                                "expected_abstain": {"type": "boolean"},
                                "abstained": {"type": "boolean"},
                                "rank": {"type": ["integer", "null"], "minimum": 1},
                                "top": {"type": ["string", "null"]},
                            },
                        },
                    },
                },
            },
        },
    },
}
REPORT = Draft202012Validator(REPORT_SCHEMA)


@pytest.fixture
def question_set(tmp_path: Path) -> Path:
    """The tiny corpus's question set, as a file."""
    path = tmp_path / "tiny.yaml"
    path.write_text(QUESTION_SET, encoding="utf-8")
    return path


def test_the_report_schema_is_a_valid_schema() -> None:
    Draft202012Validator.check_schema(REPORT_SCHEMA)


def test_eval_prints_the_table_and_the_summary(
    invoke: Invoke, cli_corpus: Path, question_set: Path
) -> None:
    result = invoke("eval", question_set, "--corpus", cli_corpus)
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE + "\n" + SUMMARY
    assert result.stderr == ""


def test_eval_of_the_seeds_sets_prints_every_case_and_exits_0(
    citeqa: RunCli, seeds_dir: Path, questions_dir: Path
) -> None:
    files = sorted(questions_dir.glob("*.yaml"))
    result = citeqa("eval", *files, "--corpus", seeds_dir)
    assert result.returncode == 0, result.stderr
    table, summary = result.stdout.split("\n\n")
    turns = sum(len(case.turns) for path in files for case in load_question_set(path))
    rows = table.splitlines()[1:]
    assert len(rows) == turns
    assert all(row.startswith(("ok ", "FAIL ")) for row in rows)
    cases = sum(len(load_question_set(path)) for path in files)
    lines = summary.splitlines()
    assert lines[0].startswith("auto engine: ")
    assert lines[0].endswith(f"/{cases} cases passed")
    for figure in ("hit@1", "hit@3", "MRR", "abstention", "precision", "recall", "follow-up"):
        assert figure in summary
    assert lines[-1].startswith("  by tag: ")


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--min-hit1", "hit@1 1.000 is below --min-hit1 1.01"),
        ("--min-hit3", "hit@3 1.000 is below --min-hit3 1.01"),
        ("--min-mrr", "MRR 1.000 is below --min-mrr 1.01"),
        ("--min-abstain-recall", "abstention recall 1.000 is below --min-abstain-recall 1.01"),
        ("--min-follow-ups", "follow-up accuracy 1.000 is below --min-follow-ups 1.01"),
    ],
)
def test_a_missed_threshold_exits_1(
    invoke: Invoke, cli_corpus: Path, question_set: Path, flag: str, message: str
) -> None:
    result = invoke("eval", question_set, "--corpus", cli_corpus, flag, "1.01")
    assert result.exit_code == 1
    assert result.stderr == f"citeqa: {message}\n"
    assert result.stdout == TABLE + "\n" + SUMMARY


def test_met_thresholds_exit_0(invoke: Invoke, cli_corpus: Path, question_set: Path) -> None:
    result = invoke(
        "eval", question_set, "--corpus", cli_corpus, "--min-hit1", "1", "--min-mrr", "0.9"
    )
    assert result.exit_code == 0


def test_a_quality_target_is_checked_in_one_command(
    invoke: Invoke, cli_corpus: Path, question_set: Path
) -> None:
    floors = ("--min-hit1", "1", "--min-hit3", "1", "--min-abstain-recall", "1")
    result = invoke("eval", question_set, "--corpus", cli_corpus, *floors, "--min-follow-ups", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--min-abstain-recall", "--min-abstain-recall needs unanswerable questions"),
        ("--min-follow-ups", "--min-follow-ups needs follow-up conversations"),
    ],
)
def test_a_floor_on_a_figure_the_sets_cannot_measure_fails(
    invoke: Invoke, cli_corpus: Path, tmp_path: Path, flag: str, message: str
) -> None:
    questions = tmp_path / "answerable-only.yaml"
    questions.write_text(QUESTION_SET.split("  - id: lasagna")[0], encoding="utf-8")
    result = invoke("eval", questions, "--corpus", cli_corpus, flag, "0")
    assert result.exit_code == 1
    assert result.stderr == f"citeqa: {message}; the sets have none\n"


def test_a_planted_regression_exits_nonzero_naming_the_case(
    citeqa: RunCli, cli_corpus: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "planted.yaml"
    questions.write_text(QUESTION_SET + MOVED, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(BASELINE), encoding="utf-8")
    result = citeqa("eval", questions, "--corpus", cli_corpus, "--baseline", baseline)
    assert result.returncode == 1
    assert result.stderr == f"citeqa: 1 case(s) passed in {baseline} and fail now: moved\n"
    assert "\nFAIL moved " in result.stdout


def test_cases_that_failed_before_or_are_new_are_no_regression(
    invoke: Invoke, cli_corpus: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "set.yaml"
    questions.write_text(QUESTION_SET + MOVED.replace("id: moved", "id: new-case"), "utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(BASELINE), encoding="utf-8")
    result = invoke("eval", questions, "--corpus", cli_corpus, "--baseline", baseline)
    assert result.exit_code == 0, result.stderr
    assert "\nFAIL new-case " in result.stdout


def test_a_baseline_report_catches_a_corpus_edit(
    invoke: Invoke, question_set: Path, tmp_path: Path
) -> None:
    corpus = write_files(tmp_path / "corpus", CORPUS)
    report = tmp_path / "report.json"
    first = invoke("eval", question_set, "--corpus", corpus, "--json", report)
    assert first.exit_code == 0, first.output
    pandas = corpus / "pandas.txt"
    edited = pandas.read_text(encoding="utf-8").replace(BAMBOO, "Keepers said they are shy.")
    pandas.write_text(edited, encoding="utf-8")
    second = invoke("eval", question_set, "--corpus", corpus, "--baseline", report)
    assert second.exit_code == 1
    assert second.stderr == f"citeqa: 1 case(s) passed in {report} and fail now: bamboo\n"


def test_the_json_report(invoke: Invoke, cli_corpus: Path, question_set: Path) -> None:
    result = invoke("eval", question_set, "--corpus", cli_corpus, "--json", "-")
    assert result.exit_code == 0
    report: dict[str, Any] = json.loads(result.stdout)
    REPORT.validate(report)
    assert (report["engine"], report["corpus"], report["files"]) == (
        "auto",
        str(cli_corpus),
        [str(question_set)],
    )
    summary = report["summary"]
    assert (summary["cases"], summary["passed"], summary["answerable"]) == (4, 4, 2)
    assert (summary["abstain_expected"], summary["follow_ups"]) == (1, 1)
    assert summary["by_tag"]["pandas"] == {"cases": 2, "passed": 1.0}
    assert [case["id"] for case in report["cases"]] == ["bamboo", "vet", "lasagna", "kilometres"]
    lasagna = report["cases"][2]["turns"][0]
    assert (lasagna["expected_abstain"], lasagna["abstained"], lasagna["rank"]) == (
        True,
        True,
        None,
    )
    assert [len(case["turns"]) for case in report["cases"]] == [1, 1, 1, 2]
    assert result.stderr == TABLE + "\n" + SUMMARY


def test_the_json_report_goes_to_a_file(
    invoke: Invoke, cli_corpus: Path, question_set: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    result = invoke("eval", question_set, "--corpus", cli_corpus, "--json", path)
    assert result.stdout == TABLE + "\n" + SUMMARY
    REPORT.validate(json.loads(path.read_text(encoding="utf-8")))


def test_failures_only_lists_the_failures(
    invoke: Invoke, cli_corpus: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "set.yaml"
    questions.write_text(QUESTION_SET + MOVED, encoding="utf-8")
    result = invoke("eval", questions, "--corpus", cli_corpus, "--failures-only")
    table = result.stdout.split("\n\n")[0].splitlines()
    assert [row.split()[:2] for row in table[1:]] == [["FAIL", "moved"]]


def test_the_naive_engine_runs_the_same_set(
    invoke: Invoke, cli_corpus: Path, question_set: Path
) -> None:
    result = invoke(
        "eval", question_set, "--corpus", cli_corpus, "--engine", "naive", "--json", "-"
    )
    report = json.loads(result.stdout)
    REPORT.validate(report)
    assert report["engine"] == "naive"
    assert report["summary"]["abstain_recall"] == 0.0
    assert report["cases"][0] == {
        "id": "bamboo",
        "passed": True,
        "tags": ["quantity", "pandas"],
        "turns": [
            {
                "question": "How much bamboo do the pandas eat?",
                "expected_abstain": False,
                "abstained": False,
                "rank": 1,
                "top": BAMBOO,
            }
        ],
    }


def test_a_malformed_question_set_is_one_error_line(
    invoke: Invoke, cli_corpus: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("cases:\n  - id: a\n    question: Q?\n", encoding="utf-8")
    result = invoke("eval", broken, "--corpus", cli_corpus)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {broken}:2: case a: every turn needs expect\n"


def test_an_unknown_key_is_named_with_its_file_and_line(
    citeqa: RunCli, cli_corpus: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "version: 1\ncases:\n  - id: a\n    question: Q?\n    expected: abstain\n",
        encoding="utf-8",
    )
    result = citeqa("eval", broken, "--corpus", cli_corpus)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {broken}:5: unknown key 'expected' (did you mean 'expect'?)\n"
    )


def test_figures_measured_over_no_cases_are_n_a(
    citeqa: RunCli, cli_corpus: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "one.yaml"
    questions.write_text(QUESTION_SET.split("  - id: vet")[0], encoding="utf-8")
    result = citeqa("eval", questions, "--corpus", cli_corpus, "--json", "-")
    assert result.returncode == 0, result.stderr
    assert result.stderr.split("\n\n")[1] == (
        "auto engine: 1/1 cases passed\n"
        "  answerable questions 1: hit@1 1.000  hit@3 1.000  hit@5 1.000  MRR 1.000\n"
        "  abstention (0 expected): precision n/a  recall n/a\n"
        "  follow-up conversations 0: accuracy n/a\n"
        "  by tag: pandas 1.00 (1)  quantity 1.00 (1)\n"
    )
    summary = json.loads(result.stdout)["summary"]
    REPORT.validate(json.loads(result.stdout))
    assert (summary["abstentions"], summary["abstain_expected"], summary["follow_ups"]) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize("content", [None, "{not json"])
def test_an_unreadable_baseline_is_one_error_line(
    invoke: Invoke, cli_corpus: Path, question_set: Path, tmp_path: Path, content: str | None
) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = invoke("eval", question_set, "--corpus", cli_corpus, "--baseline", baseline)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(baseline) in result.stderr


def test_the_naive_engine_cites_paragraph_and_sentence(corpus_dir: Path) -> None:
    question = "How much bamboo do the pandas eat?"
    best = Engine.open(corpus_dir, None, "naive").ask(question).answers[0]
    assert best.text == BAMBOO
    # The sentences every engine reads, so the same citation: front matter is no paragraph.
    lexical = Engine.open(corpus_dir, None, "rank-bm25", EngineSettings(ranker="lexical"))
    cited = lexical.ask(question).answers[0]
    assert (best.article, best.paragraph, best.sentence) == (cited.article, 3, cited.sentence)
