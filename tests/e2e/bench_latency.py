"""Reply latency of the real bot over loopback: message sent → reply stored by the emulator.

Usage (after `npm ci --prefix tests/e2e` and `pip install -e .`)::

    python tests/e2e/bench_latency.py [--questions 200] [--rate 20]

Starts the Bot API emulator and `citeqa telegram` on 127.0.0.1, asks the seeds question set's
questions (cycling) each from a chat of its own, and prints p50/p99 of the time from the user's
message reaching the emulator to the bot's reply being stored there. `--rate` paces the
questions per second: Telegram allows a bot about 30 messages a second, and PTB's rate limiter
holds replies back above that, so `--rate 0` (back to back) measures the limiter too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from e2e_harness import REPO_ROOT, BotProcess, Emulator
from e2e_users import User

QUESTION_SET = REPO_ROOT / "tests" / "questions" / "seeds-dev.yaml"
WARM_UP = 5


def load_questions(path: Path) -> list[str]:
    """Return every question of a question-set file, follow-up turns included."""
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    questions: list[str] = []
    for case in cases:
        if "question" in case:
            questions.append(case["question"])
        questions.extend(turn["question"] for turn in case.get("turns", []))
    return questions


def percentile(values: list[float], share: int) -> float:
    """Return the `share`-th percentile of values (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def measure(emulator: Emulator, token: str, questions: list[str], rate: float) -> list[float]:
    """Ask each question from a new chat; return the seconds each reply took."""
    latencies: list[float] = []
    gap = 1.0 / rate if rate > 0 else 0.0
    for question in questions:
        started = time.perf_counter()
        user = User(emulator, token)
        sent = time.perf_counter()
        user.say(question)
        user.reply()
        latencies.append(time.perf_counter() - sent)
        time.sleep(max(0.0, gap - (time.perf_counter() - started)))
    return latencies


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--questions", type=int, default=200, help="questions to time")
    parser.add_argument(
        "--rate", type=float, default=20.0, help="questions a second (0: no pause)"
    )
    args = parser.parse_args()

    pool = load_questions(QUESTION_SET)
    questions = [pool[index % len(pool)] for index in range(args.questions)]
    with tempfile.TemporaryDirectory(prefix="citeqa-bench-") as folder:
        emulator = Emulator(Path(folder))
        try:
            bot = BotProcess(emulator, Path(folder) / "bot", log_level="INFO")
            try:
                measure(emulator, bot.token, pool[:WARM_UP], args.rate)
                latencies = measure(emulator, bot.token, questions, args.rate)
            finally:
                bot.stop()
        finally:
            emulator.stop()

    milliseconds = sorted(value * 1000 for value in latencies)
    print(f"{len(milliseconds)} questions at {args.rate:g}/s over loopback (sent → reply stored)")
    print(f"p50 {percentile(milliseconds, 50):.1f} ms")
    print(f"p99 {percentile(milliseconds, 99):.1f} ms")
    print(f"mean {statistics.fmean(milliseconds):.1f} ms, max {milliseconds[-1]:.1f} ms")


if __name__ == "__main__":
    main()
