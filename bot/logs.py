"""Logging set-up for the entry points: stderr or a file, never the bot token."""

from __future__ import annotations

import logging
import re
from pathlib import Path

_TOKEN = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token in a log record with a mark."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message and any traceback in place; always keep the record."""
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("<token>", message)
            record.args = None
        if record.exc_info and not record.exc_text:  # the formatter reuses exc_text
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _TOKEN.sub("<token>", record.exc_text)
        if record.stack_info:
            record.stack_info = _TOKEN.sub("<token>", record.stack_info)
        return True


def configure_logging(level: str = "WARNING", log_file: Path | None = None) -> None:
    """Send log records to stderr, or to `log_file`, with tokens redacted; httpx at WARNING."""
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.addFilter(RedactTokens())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
