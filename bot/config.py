"""Settings, read once from flags, then the environment, then `.env`, into a frozen object."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs
from dotenv import dotenv_values

DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the front ends need to know, after flags, environment and `.env` are merged."""

    corpus: Path = Path("seeds")
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir("citeqa")))
    engine: str = "auto"
    sphinx_url: str | None = None
    top: int = 3
    log_level: str = "WARNING"
    log_file: Path | None = None
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    allowed_chats: frozenset[int] = frozenset()
    admin_chats: frozenset[int] = frozenset()
    chat_rate_per_minute: int = 30
    context_ttl_seconds: int = 1800
    send_rate_per_second: int = 30
    telegram_timeout_seconds: int = 10

    def with_overrides(self, **flags: Any) -> Settings:
        """Return a copy with every flag that was given (not None) taking precedence."""
        given = {name: value for name, value in flags.items() if value is not None}
        return replace(self, **given)

    def require_token(self) -> str:
        """Return the Telegram bot token, or raise ConfigError saying how to set it."""
        token = (self.telegram_token or "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
                "or the environment"
            )
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected '123456:ABC...'): "
                "copy it again from @BotFather"
            )
        return token


def _chat_ids(name: str, raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in re.split(r"[,\s]+", raw.strip()) if part)
    except ValueError as error:
        raise ConfigError(f"{name} must be chat ids separated by commas, got {raw!r}") from error


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as error:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from error
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0, got {value}")
    return value


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")
) -> Settings:
    """Read settings from the environment, falling back to a `.env` file for what is unset."""
    values: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    settings = Settings()
    kwargs: dict[str, Any] = {}
    if raw := values.get("CITEQA_CORPUS"):
        kwargs["corpus"] = Path(raw).expanduser()
    if raw := values.get("CITEQA_CACHE_DIR"):
        kwargs["cache_dir"] = Path(raw).expanduser()
    if raw := values.get("CITEQA_ENGINE"):
        kwargs["engine"] = raw.strip()
    if raw := values.get("CITEQA_SPHINX_URL"):
        kwargs["sphinx_url"] = raw.strip()
    if raw := values.get("CITEQA_TOP"):
        kwargs["top"] = _positive_int("CITEQA_TOP", raw)
    if raw := values.get("CITEQA_LOG_LEVEL"):
        kwargs["log_level"] = raw.strip().upper()
    if raw := values.get("CITEQA_LOG_FILE"):
        kwargs["log_file"] = Path(raw).expanduser()
    if raw := values.get("TELEGRAM_BOT_TOKEN"):
        kwargs["telegram_token"] = raw.strip()
    if raw := values.get("TELEGRAM_API_URL"):
        kwargs["telegram_api_url"] = raw.strip().rstrip("/")
    if raw := values.get("CITEQA_WEBHOOK_URL"):
        kwargs["webhook_url"] = raw.strip()
    if raw := values.get("CITEQA_WEBHOOK_SECRET"):
        kwargs["webhook_secret"] = raw.strip()
    if raw := values.get("CITEQA_WEBHOOK_LISTEN"):
        kwargs["webhook_listen"] = raw.strip()
    if raw := values.get("CITEQA_WEBHOOK_PORT"):
        kwargs["webhook_port"] = _positive_int("CITEQA_WEBHOOK_PORT", raw)
    if raw := values.get("CITEQA_ALLOWED_CHATS"):
        kwargs["allowed_chats"] = _chat_ids("CITEQA_ALLOWED_CHATS", raw)
    if raw := values.get("CITEQA_ADMIN_CHATS"):
        kwargs["admin_chats"] = _chat_ids("CITEQA_ADMIN_CHATS", raw)
    if raw := values.get("CITEQA_CHAT_RATE"):
        kwargs["chat_rate_per_minute"] = _positive_int("CITEQA_CHAT_RATE", raw)
    if raw := values.get("CITEQA_CONTEXT_TTL"):
        kwargs["context_ttl_seconds"] = _positive_int("CITEQA_CONTEXT_TTL", raw)
    if raw := values.get("CITEQA_SEND_RATE"):
        kwargs["send_rate_per_second"] = _positive_int("CITEQA_SEND_RATE", raw)
    if raw := values.get("CITEQA_TELEGRAM_TIMEOUT"):
        kwargs["telegram_timeout_seconds"] = _positive_int("CITEQA_TELEGRAM_TIMEOUT", raw)
    return replace(settings, **kwargs)
