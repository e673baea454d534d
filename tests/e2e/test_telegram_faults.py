"""End to end through a faulty Bot API: retries, restarts and signals lose and repeat nothing."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from e2e_harness import BotProcess, Emulator, new_token
from e2e_users import User
from fault_proxy import Fault, FaultProxy, Schedule
from ledger import (
    ask_in_bulk,
    ask_until,
    bot_messages,
    count_replies,
    history,
    tag_of,
    tally,
    tally_now,
    user_updates,
    wait_for_replies,
)

ProxyFactory = Callable[[Schedule], FaultProxy]
CHATS, MINIMUM_QUESTIONS = 8, 10
RESTART_AT_POLL = 5
FAULT_ENV = {"CITEQA_TELEGRAM_TIMEOUT": "2", "CITEQA_CHAT_RATE": "1000"}
"""A stalled call is retried after 2 s (10 by default); no chat is slowed by its rate."""
FAULTS: Schedule = {
    "getMe": {2: Fault.SERVER_ERROR},  # the restarted bot's first call
    "deleteWebhook": {1: Fault.DROP_REQUEST},
    "setMyCommands": {1: Fault.TOO_MANY},
    "getUpdates": {
        2: Fault.DROP_ANSWER,
        4: Fault.SERVER_ERROR,
        6: Fault.TOO_MANY,
        8: Fault.GARBAGE,
        10: Fault.STALL,
        12: Fault.DROP_ANSWER,
        14: Fault.SERVER_ERROR,
    },
    "sendMessage": {
        4: Fault.SERVER_ERROR,
        12: Fault.TOO_MANY,
        20: Fault.DROP_REQUEST,
        28: Fault.STALL,
        40: Fault.SERVER_ERROR,
        55: Fault.DROP_REQUEST,
        70: Fault.TOO_MANY,
    },
}


def until(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    """Wait until `condition()` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def bot_factory(
    emulator: Emulator, proxy: FaultProxy, folder: Path, **env: str
) -> Callable[[str], BotProcess]:
    """Return a starter of one bot (one token, one cache) through `proxy`, run after run."""
    token = new_token()

    def start(name: str) -> BotProcess:
        return BotProcess(
            emulator,
            folder / name,
            token=token,
            api_url=proxy.url,
            cache_dir=folder / "cache",
            extra_env=env,
        )

    return start


def assert_no_token(token: str, *bots: BotProcess) -> None:
    for bot in bots:
        log = bot.log_text()
        assert token not in log
        assert token.split(":", 1)[1] not in log


def test_faults_and_a_restart_lose_nothing_repeat_nothing_and_keep_each_chat_s_order(
    emulator: Emulator, make_proxy: ProxyFactory, tmp_path: Path
) -> None:
    proxy = make_proxy(FAULTS)
    start = bot_factory(emulator, proxy, tmp_path, **FAULT_ENV)
    first = start("first")
    token = first.token
    users = [User(emulator, token) for _ in range(CHATS)]
    done = threading.Event()  # set once every scheduled fault has been met
    asked: dict[int, int] = {}
    sender = threading.Thread(
        target=lambda: asked.update(ask_until(users, done, MINIMUM_QUESTIONS, 0.1))
    )
    sender.start()
    try:
        until(lambda: proxy.calls["getUpdates"] >= RESTART_AT_POLL)
        first_code, _ = first.stop(timeout=30)  # SIGTERM in the middle of the schedule
        second = start("second")
        until(lambda: proxy.calls["getUpdates"] > max(FAULTS["getUpdates"]))
    finally:
        done.set()
        sender.join()
    try:
        wait_for_replies(emulator, token, sum(asked.values()), 60)
        time.sleep(0.3)  # room for a late duplicate to show up
        result = tally(asked, bot_messages(history(emulator, token)))
    finally:
        second_code, _ = second.stop(timeout=30)

    print(f"{len(proxy.injected)} faults injected; {result}")
    assert (first_code, second_code) == (0, 0)
    assert result.perfect, str(result)
    assert proxy.kinds("getUpdates") == set(FAULTS["getUpdates"].values())
    assert proxy.kinds("sendMessage") == set(FAULTS["sendMessage"].values())
    assert Fault.SERVER_ERROR in proxy.kinds("getMe")
    logs = first.log_text() + second.log_text()
    assert "retrying" in logs and "Could not fetch updates" in logs
    assert_no_token(token, first, second)


def test_sigint_mid_burst_finishes_the_replies_in_hand_and_a_restart_answers_the_rest(
    emulator: Emulator, make_proxy: ProxyFactory, tmp_path: Path
) -> None:
    proxy = make_proxy({})
    proxy.send_delay = 0.3  # slow sends, so that a batch is still being answered at the signal
    start = bot_factory(emulator, proxy, tmp_path, CITEQA_SEND_RATE="1000")
    first = start("first")
    token = first.token
    users = [User(emulator, token) for _ in range(10)]
    ask_in_bulk(users, range(1, 16))  # the burst: 150 questions at once

    while not (proxy.sending and count_replies(emulator, token) >= 10):
        time.sleep(0.02)
    proxy.hold_polls()  # no more updates reach the bot: what it holds now is fixed
    time.sleep(0.2)
    handed = list(proxy.delivered)
    # Signal while a reply is on its way: on a loaded machine the 0.2 s above can be enough
    # for the replies in hand to have gone out before the signal.
    until(lambda: proxy.sending > 0, 5.0)
    answered_then = count_replies(emulator, token)
    first.send_signal(signal.SIGINT)
    time.sleep(0.1)
    proxy.release_polls()
    first_code = first.wait(30)

    items = history(emulator, token)
    tags = {item["updateId"]: tag_of(item["message"]["text"]) for item in user_updates(items)}
    replied = {tag_of(message["message"]["text"]) for message in bot_messages(items)}
    confirmed = {tags[item["updateId"]] for item in user_updates(items) if item.get("confirmed")}
    print(f"at SIGINT: {len(handed)} updates handed to the bot, {answered_then} answered")
    assert first_code == 0
    assert answered_then < len(handed)  # replies were in flight at the signal...
    assert {tags[update_id] for update_id in handed} <= replied  # ...and all went out
    assert confirmed == replied  # acknowledged to Telegram: exactly what was answered
    assert len(replied) < len(tags)  # the rest waits for the restart

    ask_in_bulk(users, range(16, 21))  # more questions while the bot is down
    proxy.send_delay = 0.0
    second = start("second")
    try:
        wait_for_replies(emulator, token, len(users) * 20, 60)
        time.sleep(0.3)
        result = tally_now(emulator, token, users, 20)
    finally:
        second_code, _ = second.stop()
    assert second_code == 0
    assert result.perfect, str(result)


def test_a_second_signal_stops_at_once_and_the_unfinished_batch_is_answered_after_restart(
    emulator: Emulator, make_proxy: ProxyFactory, tmp_path: Path
) -> None:
    proxy = make_proxy({})
    proxy.send_delay = 5.0
    start = bot_factory(emulator, proxy, tmp_path)
    first = start("first")
    token = first.token
    users = [User(emulator, token) for _ in range(3)]
    ask_in_bulk(users, range(1, 4))
    while not proxy.sending:
        time.sleep(0.02)
    first.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    first.send_signal(signal.SIGTERM)
    assert first.wait(30) == 0
    assert "again: stopping now" in first.log_text()
    assert count_replies(emulator, token) == 0  # the sends in hand were abandoned

    proxy.send_delay = 0.0
    second = start("second")
    try:
        wait_for_replies(emulator, token, 9, 30)
        result = tally_now(emulator, token, users, 3)
    finally:
        second.stop()
    assert (result.lost, result.out_of_order, result.misdirected) == (0, 0, 0), str(result)
