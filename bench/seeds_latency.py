"""Latency on the seeds: the index build (with vectors for the hybrid ranker), in-process answer
time per question, `citeqa ask` as a fresh process, and the serving process's peak memory.

Run: python bench/seeds_latency.py [--ranker hybrid|lexical] [--repeat 20] [--processes 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index import Conversation, Engine, EngineSettings
from index.evaluation.questionset import load_question_set

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def build_time(cache: Path, ranker: str) -> float:
    """Return the seconds to build the seeds' index (and embed its sentences) from nothing."""
    start = time.perf_counter()
    Engine.open(ROOT / "seeds", cache, settings=EngineSettings(ranker=ranker))
    return time.perf_counter() - start


def in_process(cache: Path, repeat: int, ranker: str) -> list[float]:
    """Return per-question answer times (ms) over the seeds' question sets, warm engine."""
    engine = Engine.open(ROOT / "seeds", cache, settings=EngineSettings(ranker=ranker))
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


def fresh_process(cache: Path, runs: int, ranker: str) -> list[float]:
    """Return wall times (s) of `citeqa ask` started anew with a warm cache."""
    env = {
        **os.environ,
        "CITEQA_CACHE_DIR": str(cache),
        "CITEQA_CORPUS": str(ROOT / "seeds"),
        "CITEQA_RANKER": ranker,
    }
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
    parser.add_argument("--ranker", default="hybrid", choices=("hybrid", "lexical"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        print(
            f"ranker {args.ranker}; seeds index build from nothing: "
            f"{build_time(cache, args.ranker):.2f} s"
        )
        times = in_process(cache, args.repeat, args.ranker)
        print(
            f"in-process answer latency over {len(times)} questions: "
            f"p50 {statistics.median(times):.3f} ms, p99 {_percentile(times, 0.99):.3f} ms"
        )
        walls = fresh_process(cache, args.processes, args.ranker)
        print(
            f"`citeqa ask` fresh process, warm cache, {len(walls)} runs: "
            f"median {statistics.median(walls):.3f} s, max {max(walls):.3f} s"
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory of a `citeqa ask` process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
