"""Settings read once from flags, the environment, then `.env` files, into a frozen object."""

# `.env` is read from the working folder, then from the user config folder (for example
# ~/.config/citeqa/.env); for a variable both set, the working folder's wins.

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import platformdirs
from dotenv import dotenv_values

from bot.logs import TOKEN_PATTERN
from index import ENGINES, Engine, EngineSettings
from index.corpus.finding import describe_corpus, seeds_folder
from index.errors import BackendError
from index.search.sphinx_config import parse_sphinx_url
from index.semantic import RANKERS

if TYPE_CHECKING:
    from index.store.updates import ProgressFactory

DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_TOP = 50
# What Telegram accepts as a webhook's secret token.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
HOST_PATTERN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9-]{1,63})*$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the front ends need to know, after flags, environment and `.env` are merged."""

    # None: the seeds and the library; a folder: that folder alone.
    corpus: Path | None = None
    library: Path = field(
        default_factory=lambda: Path(platformdirs.user_data_dir("citeqa")) / "articles"
    )
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir("citeqa")))
    engine: str = "auto"
    ranker: str = "hybrid"
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

    def engine_settings(self) -> EngineSettings:
        """Return the library's settings for an engine: the ranker chosen."""
        return EngineSettings(ranker=self.ranker)

    def open_engine(
        self,
        warn: Callable[[str], None] | None = None,
        progress: ProgressFactory | None = None,
    ) -> Engine:
        """Open the engine over what is served: the one way every front end opens it."""
        return Engine.open(
            self.served(),
            self.cache_dir,
            self.engine,
            self.engine_settings(),
            warn=warn,
            progress=progress,
            sphinx_url=self.sphinx_url,
        )

    def with_overrides(self, **flags: Any) -> Settings:
        """Return a copy with every flag that was given (not None) taking precedence."""
        given = {name: value for name, value in flags.items() if value is not None}
        return replace(self, **given)

    def served(self) -> tuple[Path, ...]:
        """Return the folders answered from: the corpus if one was given, else the seeds and
        the library (once `citeqa add` has made it)."""
        if self.corpus is not None:
            return (self.corpus,)
        return (seeds_folder(), self.library) if self.library.is_dir() else (seeds_folder(),)

    def describe_served(self) -> str:
        """Return the folders answered from, for messages: "A", or "A and B"."""
        return describe_corpus(self.served())

    def add_folder(self) -> Path:
        """Return where `citeqa add` puts articles: the corpus if given, else the library."""
        return self.library if self.corpus is None else self.corpus

    def require_token(self) -> str:
        """Return the Telegram bot token, or raise ConfigError saying how to set it."""
        token = (self.telegram_token or "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
                "or the environment"
            )
        if not TOKEN_PATTERN.fullmatch(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected '123456:ABC...'): "
                "copy it again from @BotFather"
            )
        return token

    def check_webhook_url(self) -> None:
        """Raise ConfigError if a webhook URL is set that Telegram would not call.

        Telegram's cloud calls only https:// webhooks; a self-hosted Bot API server (another
        TELEGRAM_API_URL) may also call http:// ones. The message never repeats the URL, whose
        path may hold a secret.
        """
        if not self.webhook_url:
            return
        try:
            parts = urlsplit(self.webhook_url.strip())
            scheme, host = parts.scheme.lower(), parts.hostname
        except ValueError:
            scheme, host = "", None
        cloud = urlsplit(self.telegram_api_url).hostname == "api.telegram.org"
        if scheme == "http" and cloud:
            raise ConfigError(
                "the webhook URL (--webhook or CITEQA_WEBHOOK_URL) starts with http://, but "
                "Telegram only sends updates to https:// URLs: give the https:// URL of a "
                "TLS-terminating proxy, or leave the webhook out to long-poll"
            )
        if scheme not in ("http", "https") or not host:
            raise ConfigError(
                "the webhook URL (--webhook or CITEQA_WEBHOOK_URL) must be a full https:// URL "
                "with a host, e.g. https://bot.example.com/citeqa"
            )


def _chat_ids(name: str, raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in re.split(r"[,\s]+", raw.strip()) if part)
    except ValueError as error:
        raise ConfigError(f"{name} must be chat ids separated by commas, got {raw!r}") from error


def _whole_number(high: int | None = None) -> Callable[[str, str], int]:
    """Return a parser of whole numbers from 1 (to `high`) whose errors say the range."""
    allowed = f"from 1 to {high}" if high else "greater than 0"

    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError as error:
            raise ConfigError(f"{name} must be a whole number {allowed}, got {raw!r}") from error
        if value <= 0 or (high and value > high):
            limit = f" and at most {high}" if high else ""
            raise ConfigError(f"{name} must be greater than 0{limit}, got {value}")
        return value

    return parse


_positive_int = _whole_number()


def _choice(choices: tuple[str, ...], fold: Callable[[str], str]) -> Callable[[str, str], str]:
    """Return a parser taking one of `choices` (after `fold`, e.g. upper-casing)."""

    def parse(name: str, raw: str) -> str:
        value = fold(raw)
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
        return value

    return parse


def _http_url(name: str, raw: str) -> str:
    try:
        parts = urlsplit(raw)
        good = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        good = good and (parts.port is None or parts.port > 0)
    except ValueError:
        good = False
    if not good:
        raise ConfigError(
            f"{name} must be an http:// or https:// URL with a host, such as "
            f"{DEFAULT_TELEGRAM_API_URL}, got {raw!r}"
        )
    return raw.rstrip("/")


def _sphinx_url(name: str, raw: str) -> str:
    try:
        parse_sphinx_url(raw)
    except BackendError as error:
        raise ConfigError(f"{name} is not a SphinxQL address: {error}") from error
    return raw


def _listen_address(name: str, raw: str) -> str:
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not HOST_PATTERN.match(raw) or len(raw) > 253:
            raise ConfigError(
                f"{name} must be an IP address or a host name to listen on, such as "
                f"127.0.0.1 or 0.0.0.0, got {raw!r}"
            ) from None
    return raw


def _webhook_secret(name: str, raw: str) -> str:
    if not SECRET_PATTERN.match(raw):
        raise ConfigError(
            f"{name} must be 1 to 256 letters, digits, _ or - (what Telegram accepts); "
            "the value set is not, and is not repeated here"
        )
    return raw


def _path(_: str, raw: str) -> Path:
    return Path(raw).expanduser()


def _text(_: str, raw: str) -> str:
    return raw


# Environment variable -> (Settings field, parser taking the variable's name and its value).
_VARIABLES: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "CITEQA_CORPUS": ("corpus", _path),
    "CITEQA_LIBRARY": ("library", _path),
    "CITEQA_CACHE_DIR": ("cache_dir", _path),
    "CITEQA_ENGINE": ("engine", _choice(ENGINES, str.lower)),
    "CITEQA_RANKER": ("ranker", _choice(RANKERS, str.lower)),
    "CITEQA_SPHINX_URL": ("sphinx_url", _sphinx_url),
    "CITEQA_TOP": ("top", _whole_number(MAX_TOP)),
    "CITEQA_LOG_LEVEL": ("log_level", _choice(LOG_LEVELS, str.upper)),
    "CITEQA_LOG_FILE": ("log_file", _path),
    "TELEGRAM_BOT_TOKEN": ("telegram_token", _text),
    "TELEGRAM_API_URL": ("telegram_api_url", _http_url),
    "CITEQA_WEBHOOK_URL": ("webhook_url", _text),
    "CITEQA_WEBHOOK_SECRET": ("webhook_secret", _webhook_secret),
    "CITEQA_WEBHOOK_LISTEN": ("webhook_listen", _listen_address),
    "CITEQA_WEBHOOK_PORT": ("webhook_port", _whole_number(65535)),
    "CITEQA_ALLOWED_CHATS": ("allowed_chats", _chat_ids),
    "CITEQA_ADMIN_CHATS": ("admin_chats", _chat_ids),
    "CITEQA_CHAT_RATE": ("chat_rate_per_minute", _positive_int),
    "CITEQA_CONTEXT_TTL": ("context_ttl_seconds", _positive_int),
    "CITEQA_SEND_RATE": ("send_rate_per_second", _positive_int),
    "CITEQA_TELEGRAM_TIMEOUT": ("telegram_timeout_seconds", _positive_int),
}


def dotenv_files() -> tuple[Path, ...]:
    """Return the `.env` files the command line reads, the one that wins first: the working
    folder's, then the user config folder's."""
    return (Path(".env"), Path(platformdirs.user_config_dir("citeqa")) / ".env")


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | Sequence[Path] | None = Path(".env"),
) -> Settings:
    """Read settings from the environment, falling back to `.env` files for what is unset.

    Of several `.env` files, one earlier in `dotenv_path` wins for a variable both set to
    something (an empty value sets nothing).
    """
    values: dict[str, str] = {}
    paths = [dotenv_path] if isinstance(dotenv_path, Path) else list(dotenv_path or ())
    for path in reversed(paths):
        if path.is_file():
            values.update({k: v for k, v in dotenv_values(path).items() if v and v.strip()})
    values.update(os.environ if environ is None else environ)

    settings = Settings()
    kwargs: dict[str, Any] = {}
    for variable, (field_name, parse) in _VARIABLES.items():
        raw = values.get(variable)
        if raw and raw.strip():
            kwargs[field_name] = parse(variable, raw.strip())
    return replace(settings, **kwargs)
