"""Logging set-up for the entry points: stderr or a file, never the bot token or webhook secret."""

from __future__ import annotations

import logging
import re
from pathlib import Path

TOKEN_PATTERN = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,}")
"""What a Telegram bot token looks like ("123456:ABC-DEF..."): `fullmatch` checks one given,
`sub` removes any from a text."""
TOKEN_MARK = "<token>"
SECRET_MARK = "<secret>"
QUIET_LOGGERS = ("httpx", "httpcore")
"""Loggers that would write request URLs, and so the token, below WARNING."""


class Redact(logging.Filter):
    """Replace anything shaped like a bot token, and each secret it is told of, wherever a log
    record would show it: message, traceback and stack."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[str, str] = {}

    def add(self, secret: str, mark: str = SECRET_MARK) -> None:
        """Also replace this exact secret (a token of another shape, a webhook's secret)."""
        self.secrets[secret] = mark

    def redact(self, text: str) -> str:
        """Return text with every token-shaped string and every secret replaced by its mark."""
        text = TOKEN_PATTERN.sub(TOKEN_MARK, text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, self.secrets[secret])
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message and any traceback in place; always keep the record."""
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:  # the formatter reuses exc_text
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(level: str = "WARNING", log_file: Path | None = None) -> None:
    """Send log records to stderr, or to `log_file`, with tokens redacted; httpx at WARNING."""
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.addFilter(Redact())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def protect_token(token: str | None = None, webhook_secret: str | None = None) -> None:
    """Keep the token (and webhook secret) out of the logs however logging was set up.

    Every handler of the root logger gets one `Redact` filter (or keeps the one it has), told
    of each secret given; the HTTP client loggers, which log URLs, stay at WARNING.
    """
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        redact = next((f for f in handler.filters if isinstance(f, Redact)), None)
        if redact is None:
            redact = Redact()
            handler.addFilter(redact)
        for secret, mark in ((token, TOKEN_MARK), (webhook_secret, SECRET_MARK)):
            if secret:
                redact.add(secret, mark)
