"""Settings: flags over environment over .env, clear errors, and .env.example kept complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_process import RunCli

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


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("CITEQA_LOG_LEVEL", "verbose", "one of DEBUG, INFO, WARNING, ERROR"),
        ("CITEQA_ENGINE", "lucene", "one of auto, rank-bm25, tantivy, sphinxql, naive"),
        ("CITEQA_TOP", "51", "at most 50"),
        ("CITEQA_TOP", "lots", "a whole number from 1 to 50"),
        ("CITEQA_WEBHOOK_PORT", "70000", "at most 65535"),
        ("CITEQA_WEBHOOK_PORT", "https", "a whole number from 1 to 65535"),
        ("CITEQA_CHAT_RATE", "0", "greater than 0"),
        ("CITEQA_SEND_RATE", "fast", "a whole number greater than 0"),
        ("CITEQA_CONTEXT_TTL", "-30", "greater than 0"),
        ("CITEQA_TELEGRAM_TIMEOUT", "1.5", "a whole number greater than 0"),
        ("TELEGRAM_API_URL", "api.telegram.org", "an http:// or https:// URL with a host"),
        ("TELEGRAM_API_URL", "ftp://files.example", "an http:// or https:// URL with a host"),
        ("CITEQA_SPHINX_URL", "127.0.0.1:9306", "mysql://127.0.0.1:9306/citeqa"),
        ("CITEQA_WEBHOOK_LISTEN", "every interface", "an IP address or a host name"),
    ],
)
def test_bad_values_are_one_line_naming_variable_value_and_what_is_allowed(
    variable: str, value: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({variable: value}, None)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{variable} ")
    assert value in message
    assert allowed in message


def test_a_bad_webhook_secret_is_refused_without_repeating_it() -> None:
    secret = "has spaces and $ signs"
    with pytest.raises(ConfigError, match="CITEQA_WEBHOOK_SECRET must be 1 to 256 letters") as e:
        load_settings({"CITEQA_WEBHOOK_SECRET": secret}, None)
    assert secret not in str(e.value)


def test_good_values_are_read_and_normalised() -> None:
    settings = load_settings(
        {
            "CITEQA_LOG_LEVEL": "debug",
            "CITEQA_ENGINE": "Tantivy",
            "CITEQA_TOP": "50",
            "CITEQA_WEBHOOK_PORT": "65535",
            "CITEQA_WEBHOOK_LISTEN": "0.0.0.0",
            "CITEQA_WEBHOOK_SECRET": "s3cret-token_1",
            "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "CITEQA_SPHINX_URL": "mysql://127.0.0.1:9306/citeqa",
        },
        None,
    )
    assert (settings.log_level, settings.engine, settings.top) == ("DEBUG", "tantivy", 50)
    assert (settings.webhook_port, settings.webhook_listen) == (65535, "0.0.0.0")
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert load_settings({"CITEQA_WEBHOOK_LISTEN": "bot.internal"}, None).webhook_listen == (
        "bot.internal"
    )


def test_a_bad_setting_stops_the_command_with_one_error_line(
    citeqa: RunCli, cli_env: dict[str, str]
) -> None:
    cli_env["CITEQA_LOG_LEVEL"] = "verbose"
    result = citeqa("ask", "Who?")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: CITEQA_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, got 'verbose'"
    )


def test_a_log_file_in_a_missing_folder_is_one_error_line(citeqa: RunCli, tmp_path: Path) -> None:
    log = tmp_path / "no-such-folder" / "citeqa.log"
    result = citeqa("--log-file", log, "ask", "Who?")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write the log to {log} (No such file or directory): "
        "give --log-file or CITEQA_LOG_FILE a file in a folder that exists"
    )


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
