"""Settings: flags over environment over .env, clear errors, and .env.example kept complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import _VARIABLES, ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_environment_wins_over_dotenv_and_flags_win_over_both(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("CITEQA_TOP=7\nCITEQA_CORPUS=from-dotenv\nCITEQA_ENGINE=naive\n")
    settings = load_settings({"CITEQA_TOP": "5"}, dotenv)
    assert settings.top == 5
    assert settings.corpus == Path("from-dotenv")
    assert settings.engine == "naive"
    assert settings.with_overrides(top=2, corpus=None).top == 2
    assert settings.with_overrides(top=2, corpus=None).corpus == Path("from-dotenv")


def test_missing_dotenv_is_fine(tmp_path: Path) -> None:
    assert load_settings({}, tmp_path / "absent.env") == load_settings({}, None)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CITEQA_TOP", "three", "CITEQA_TOP must be a whole number"),
        ("CITEQA_TOP", "0", "CITEQA_TOP must be greater than 0"),
        ("CITEQA_WEBHOOK_PORT", "-1", "CITEQA_WEBHOOK_PORT must be greater than 0"),
        ("CITEQA_ALLOWED_CHATS", "12, abc", "CITEQA_ALLOWED_CHATS must be chat ids"),
    ],
)
def test_malformed_values_name_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({variable: value}, None)


def test_chat_ids_accept_commas_and_spaces() -> None:
    settings = load_settings({"CITEQA_ADMIN_CHATS": "1, -100200 3"}, None)
    assert settings.admin_chats == frozenset({1, -100200, 3})


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "TELEGRAM_BOT_TOKEN is not set"),
        ("", "TELEGRAM_BOT_TOKEN is not set"),
        ("not-a-token", "does not look like a bot token"),
    ],
)
def test_bad_tokens_are_one_clear_line(token: str | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        Settings(telegram_token=token).require_token()
    assert "\n" not in str(raised.value)
    if token:
        assert token not in str(raised.value)


def test_token_is_not_in_the_settings_repr() -> None:
    token = "123456:" + "A" * 30
    assert token not in repr(Settings(telegram_token=token))


def test_env_example_lists_every_variable_with_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    listed = {}
    for number, line in enumerate(lines):
        match = re.match(r"^([A-Z][A-Z0-9_]+)=", line)
        if match:
            listed[match.group(1)] = number
    assert set(listed) == set(_VARIABLES)
    for number in listed.values():
        assert lines[number - 1].startswith("#"), lines[number]
