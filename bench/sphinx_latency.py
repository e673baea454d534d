"""sphinxql beside the embedded engines: question-set metrics and query latency over loopback.

Starts a throwaway two-shard Sphinx cluster (tests/sphinx_cluster.py; needs searchd from
Debian's sphinxsearch), loads each corpus into it, and runs the seeds' question sets and the
SQuAD sample through rank-bm25 (the default), tantivy and sphinxql. Prints, per corpus and
engine, hit@1, hit@5, MRR, abstention precision/recall, and the p50/p99 of one backend search
and of one whole answer; fails (exit 1) when a sphinxql metric is over 0.02 from rank-bm25's.

Run: python bench/sphinx_latency.py [--repeat 3] [--shards 2] [--squad FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

from index import Conversation, Engine
from index.evaluation.metrics import Summary, run_cases, summarise
from index.evaluation.questionset import Case, load_question_set
from index.evaluation.squad import convert_squad
from index.search.backend import QueryTerm
from index.search.sphinx_backend import SphinxBackend

ROOT = Path(__file__).resolve().parent.parent
SQUAD = Path("/work/shared/eval/squad-v2.0-dev-first5.json")
METRICS = ("hit1", "hit5", "mrr", "abstain_precision", "abstain_recall")
LABELS = ("hit@1", "hit@5", "MRR", "abst-P", "abst-R")
TOLERANCE = 0.02


def _cluster_module() -> ModuleType:
    """Load tests/sphinx_cluster.py by path: the tests' cluster, without touching sys.path."""
    spec = importlib.util.spec_from_file_location(
        "sphinx_cluster", ROOT / "tests/sphinx_cluster.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load tests/sphinx_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _timed(call: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _ask_fresh(engine: Engine, question: str) -> None:
    engine.ask(question, Conversation())


def measure(
    engine: Engine, cases: list[Case], repeat: int
) -> tuple[Summary, list[float], list[float]]:
    """Return the summary of the cases and per-question search and answer times (ms)."""
    summary = summarise(run_cases(cases, lambda question, chat: engine.ask(question, chat)))
    questions = [turn.question for case in cases for turn in case.turns]
    search: list[float] = []
    answer: list[float] = []
    candidates = engine.settings.answer.candidates
    for question in questions:
        terms = dict.fromkeys(engine.analyzer.question_terms(question))
        query = [QueryTerm(term, 1.0) for term in terms]
        engine.backend.search(query, candidates)
        search += _timed(partial(engine.backend.search, query, candidates), repeat)
        answer += _timed(partial(_ask_fresh, engine, question), repeat)
    return summary, search, answer


def _row(
    corpus: str, name: str, summary: Summary, search: list[float], answer: list[float]
) -> str:
    metrics = " ".join(f"{getattr(summary, m):>6.3f}" for m in METRICS)
    times = (
        f"{statistics.median(search):7.2f} {_percentile(search, 0.99):7.2f} "
        f"{statistics.median(answer):7.2f} {_percentile(answer, 0.99):7.2f}"
    )
    return f"{corpus:<6} {name:<24} {metrics} {times}"


def main() -> int:
    """Measure every corpus and engine; print the table; exit 1 if sphinxql strays."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings per question")
    parser.add_argument("--shards", type=int, default=2, help="shard nodes in the cluster")
    parser.add_argument("--squad", type=Path, default=SQUAD, help="SQuAD JSON sample")
    args = parser.parse_args()
    cluster_module = _cluster_module()
    failures = []
    with tempfile.TemporaryDirectory(prefix="citeqa-sphinx-bench-") as raw:
        work = Path(raw)
        converted = convert_squad(args.squad, work / "squad")
        corpora = {
            "seeds": (
                ROOT / "seeds",
                sorted((ROOT / "tests/questions").glob("seeds-*.yaml")),
            ),
            "squad": (converted.corpus, [converted.questions]),
        }
        print(
            f"{'corpus':<6} {'engine':<24} "
            + " ".join(f"{label:>6}" for label in LABELS)
            + "  search p50/p99 ms  answer p50/p99 ms"
        )
        for corpus, (folder, question_files) in corpora.items():
            cases = [case for path in question_files for case in load_question_set(path)]
            reference = Engine.open(folder, work / "cache" / corpus, "rank-bm25")
            baseline, search, answer = measure(reference, cases, args.repeat)
            print(_row(corpus, "rank-bm25", baseline, search, answer))
            tantivy = Engine.open(folder, work / "cache" / corpus, "tantivy")
            print(_row(corpus, "tantivy", *measure(tantivy, cases, args.repeat)))
            with cluster_module.running_cluster(work / f"sphinx-{corpus}", args.shards) as cluster:
                for rescore in (True, False):
                    backend = SphinxBackend(
                        cluster.url,
                        reference.data.terms,
                        reference.data.sentences,
                        rescore=rescore,
                    )
                    engine = Engine(reference.data, reference.settings, backend=backend)
                    summary, search, answer = measure(engine, cases, args.repeat)
                    name = f"sphinxql x{args.shards}" + ("" if rescore else " (no rescore)")
                    print(_row(corpus, name, summary, search, answer))
                    backend.close()
                    if rescore:
                        failures += [
                            f"{corpus} {metric}"
                            for metric in METRICS
                            if abs(getattr(summary, metric) - getattr(baseline, metric))
                            > TOLERANCE
                        ]
    if failures:
        print(f"FAIL: sphinxql differs from rank-bm25 by over {TOLERANCE}: {', '.join(failures)}")
        return 1
    print(f"OK: sphinxql metrics within {TOLERANCE} of rank-bm25 on every corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
