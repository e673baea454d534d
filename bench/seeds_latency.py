"""Latency on the seeds: in-process answer time per question, and `citeqa ask` as a fresh process.

Run: python bench/seeds_latency.py [--repeat 20] [--processes 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index import Conversation, Engine
from index.questionset import load_question_set

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process(cache: Path, repeat: int) -> list[float]:
    """Return per-question answer times (ms) over the seeds' question sets, warm engine."""
    engine = Engine.open(ROOT / "seeds", cache)
    questions = [
        turn.question
        for path in sorted((ROOT / "tests" / "questions").glob("seeds-*.yaml"))
        for case in load_question_set(path)
        for turn in case.turns
    ]
    for question in questions:
        engine.ask(question, Conversation())
    times = []
    for _ in range(repeat):
        for question in questions:
            start = time.perf_counter()
            engine.ask(question, Conversation())
            times.append((time.perf_counter() - start) * 1000)
    return times


def fresh_process(cache: Path, runs: int) -> list[float]:
    """Return wall times (s) of `citeqa ask` started anew with a warm cache."""
    env = {**os.environ, "CITEQA_CACHE_DIR": str(cache), "CITEQA_CORPUS": str(ROOT / "seeds")}
    command = [
        sys.executable,
        "-c",
        "from bot.cli import main; main()",
        "ask",
        "When was Kim's first foreign trip?",
    ]
    subprocess.run(command, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print the latency figures the core issue asks for."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--processes", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        times = in_process(cache, args.repeat)
        print(
            f"in-process answer latency over {len(times)} questions: "
            f"p50 {statistics.median(times):.3f} ms, p99 {_percentile(times, 0.99):.3f} ms"
        )
        walls = fresh_process(cache, args.processes)
        print(
            f"`citeqa ask` fresh process, warm cache, {len(walls)} runs: "
            f"median {statistics.median(walls):.3f} s, max {max(walls):.3f} s"
        )


if __name__ == "__main__":
    main()
