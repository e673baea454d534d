"""Lexical answer time on the million-sentence bench for two checkouts, in alternating passes.

Run: python -m bench.alternate OTHER_CHECKOUT [--passes 12] [--size 1m]

The machine this runs on is noisy: one run of `bench.hybrid_latency` may be 30% slower than
the next. Here each checkout answers in a process of its own, kept open, and the two answer
the same questions in turns, pass after pass, so a slow spell falls on both. Each pass starts
with the column readers' caches emptied, like the bench's single pass after opening. Prints
per checkout the median over passes of each pass's p50, and the median over questions of each
question's fastest time. The other checkout needs `bench/` and the same corpus format.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.run import ROOT

WORKER = """
import json, sys, time
from pathlib import Path
from bench.generate import make_questions
from index import Engine
data = Path(sys.argv[1])
questions = make_questions(int(sys.argv[2]))
try:
    from index import EngineSettings
    lexical = EngineSettings(ranker="lexical")
    engine = Engine.open(data / "corpus", data / "cache", "tantivy", lexical)
except (ImportError, TypeError):
    engine = Engine.open(data / "corpus", data / "cache", "tantivy")
engine.ask(questions[0])
data_of = getattr(engine, "data", None) or engine.answerer.data
columns = [getattr(data_of, name) for name in ("sentences", "terms", "features")]
print("ready", flush=True)
for _ in sys.stdin:
    for column in columns:
        getattr(column, "_cache", {}).clear()
    times = []
    for question in questions:
        start = time.perf_counter()
        engine.ask(question)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps(times), flush=True)
"""


def start(checkout: Path, data: Path, sample: int) -> subprocess.Popen[str]:
    """Start a worker answering from `checkout`'s code; return once it is ready."""
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(data), str(sample)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=checkout,
        env=dict(os.environ, PYTHONPATH=str(checkout)),
    )
    assert worker.stdout is not None
    if worker.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {checkout} did not start")
    return worker


def main() -> None:
    """Print one JSON line per checkout."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("other", type=Path)
    parser.add_argument("--passes", type=int, default=12)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--size", default="1m")
    options = parser.parse_args()
    data = ROOT / "bench" / "out" / "data" / options.size
    checkouts = [ROOT, options.other.resolve()]
    workers = [start(checkout, data, options.sample) for checkout in checkouts]
    passes: list[list[list[float]]] = [[] for _ in workers]
    for _ in range(options.passes):
        for worker, times in zip(workers, passes, strict=True):
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
            times.append(json.loads(worker.stdout.readline()))
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    for checkout, times in zip(checkouts, passes, strict=True):
        fastest = [min(question) for question in zip(*times, strict=True)]
        result = {
            "checkout": str(checkout),
            "pass_p50_ms": round(statistics.median(statistics.median(t) for t in times), 2),
            "fastest_p50_ms": round(statistics.median(fastest), 2),
        }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
