"""Throughput and reply latency of the real bot under load: many chats asking at once.

Usage (after `npm ci --prefix tests/e2e` and `pip install -e .`)::

    python tests/e2e/bench_load.py [--chats 100] [--questions 20] [--send-rate 1000]

Starts the Bot API emulator and `citeqa telegram` on 127.0.0.1; every chat then asks its
questions as fast as the emulator takes them (4 threads, each chat's questions in order).
Prints the tally (lost, duplicated, out of order), the throughput from the first question
reaching the emulator to the last reply stored there, and p50/p99 of each reply's latency
(question stored → reply stored, both on the emulator's clock). The questions are tagged
ones the articles cannot answer, so each reply names its question (see ledger.py); ranking
them costs the engine well under a millisecond either way. `--send-rate` is CITEQA_SEND_RATE:
Telegram allows a bot about 30 messages a second, so `--send-rate 30` measures that limit.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from e2e_harness import BotProcess, Emulator
from e2e_users import User
from ledger import (
    ask_in_bulk,
    bot_messages,
    history,
    tag_of,
    tally,
    user_updates,
    wait_for_replies,
)


def percentile(values: list[float], share: int) -> float:
    """Return the `share`-th percentile of values (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def latencies(items: list[dict[str, Any]]) -> tuple[list[float], float, float]:
    """Return each reply's latency (ms), the seconds the questions took to arrive, and the
    seconds from the first question to the last reply."""
    asked_at = {
        tag_of(str(item["message"].get("text", ""))): float(item["time"])
        for item in user_updates(items)
    }
    replied_at: dict[tuple[int, int] | None, float] = {}
    for message in bot_messages(items):
        replied_at.setdefault(tag_of(str(message["message"]["text"])), float(message["time"]))
    waits = [replied_at[tag] - asked_at[tag] for tag in replied_at if tag in asked_at]
    arriving = (max(asked_at.values()) - min(asked_at.values())) / 1000
    span = (max(replied_at.values()) - min(asked_at.values())) / 1000
    return sorted(waits), arriving, span


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=100, help="chats asking at once")
    parser.add_argument("--questions", type=int, default=20, help="questions each chat asks")
    parser.add_argument(
        "--send-rate", type=int, default=1000, help="CITEQA_SEND_RATE (Telegram: about 30)"
    )
    args = parser.parse_args()
    total = args.chats * args.questions

    with tempfile.TemporaryDirectory(prefix="citeqa-bench-") as folder:
        emulator = Emulator(Path(folder))
        try:
            bot = BotProcess(
                emulator,
                Path(folder) / "bot",
                log_level="INFO",
                extra_env={"CITEQA_SEND_RATE": str(args.send_rate)},
            )
            try:
                users = [User(emulator, bot.token) for _ in range(args.chats)]
                started = time.monotonic()
                ask_in_bulk(users, range(1, args.questions + 1), threads=4)
                wait_for_replies(emulator, bot.token, total, 60 + total / args.send_rate * 2)
                wall = time.monotonic() - started
                items = history(emulator, bot.token)
            finally:
                bot.stop(timeout=30)
        finally:
            emulator.stop()

    asked = {user.chat_id: args.questions for user in users}
    waits, arriving, span = latencies(items)
    p50, p99 = percentile(waits, 50), percentile(waits, 99)
    print(f"{total} questions from {args.chats} chats ({args.questions} each), ", end="")
    print(f"CITEQA_SEND_RATE={args.send_rate}, over loopback")
    print(tally(asked, bot_messages(items)))
    print(f"questions arrived over {arriving:.2f} s ({total / max(arriving, 1e-3):.0f}/s)")
    print(f"throughput {len(waits) / span:.0f} replies/s ({span:.2f} s first ask to last reply)")
    print(f"latency p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {waits[-1]:.0f} ms ", end="")
    print(f"(question stored → reply stored); wall {wall:.1f} s")


if __name__ == "__main__":
    main()
