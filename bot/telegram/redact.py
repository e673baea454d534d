"""Keeping the bot token and the webhook secret out of every log line and traceback."""

from __future__ import annotations

import logging

from bot.logs import RedactTokens

QUIET_LOGGERS = ("httpx", "httpcore")
"""Loggers that would write request URLs, and so the token, below WARNING."""


class RedactSecret(logging.Filter):
    """Replace one secret (the token, the webhook's secret) wherever a record would show it."""

    def __init__(self, secret: str, mark: str = "<secret>") -> None:
        super().__init__()
        self.secret = secret
        self.mark = mark

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback without the secret; keep the record."""
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, self.mark)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, self.mark)
        if record.stack_info and self.secret in record.stack_info:
            record.stack_info = record.stack_info.replace(self.secret, self.mark)
        return True


def protect_token(token: str | None = None, webhook_secret: str | None = None) -> None:
    """Keep the token (and webhook secret) out of the logs however logging was set up.

    Every handler of the root logger gets a filter for anything shaped like a bot token and
    one for each exact secret given; the HTTP client loggers, which log URLs, stay at WARNING.
    """
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(existing, RedactTokens) for existing in handler.filters):
            handler.addFilter(RedactTokens())
        for secret, mark in ((token, "<token>"), (webhook_secret, "<secret>")):
            known = any(
                isinstance(existing, RedactSecret) and existing.secret == secret
                for existing in handler.filters
            )
            if secret and not known:
                handler.addFilter(RedactSecret(secret, mark))
