"""Run citeqa as a Telegram bot: build the PTB `Application`, then long-poll or serve a webhook.

Usage::

    TELEGRAM_BOT_TOKEN=123456:ABC... citeqa telegram [--webhook URL] [--corpus DIR]

Settings come from flags, the environment and `.env` (see `bot.config`); TELEGRAM_API_URL
points the bot at another Bot API server (a self-hosted one, or the test emulator).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.logs import RedactTokens
from bot.telegram_handlers import CiteqaBot
from bot.telegram_replies import Answerer
from index import Engine

logger = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_TELEGRAM = 1
QUIET_LOGGERS = ("httpx", "httpcore")
"""Loggers that would write request URLs, and so the token, below WARNING."""


class DropConflictTraceback(logging.Filter):
    """Drop PTB's traceback for a 409 Conflict: the error handler already said it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but one carrying a Conflict."""
        return not (record.exc_info and isinstance(record.exc_info[1], Conflict))


class RedactSecret(logging.Filter):
    """Replace one secret (the webhook's secret token) wherever a log record would show it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without the secret; always keep the record."""
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, "<secret>")
            record.args = None
        return True


def protect_token(webhook_secret: str | None = None) -> None:
    """Keep the token (and webhook secret) out of the logs however they were set up."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(existing, RedactTokens) for existing in handler.filters):
            handler.addFilter(RedactTokens())
        if webhook_secret:
            handler.addFilter(RedactSecret(webhook_secret))


def open_engine(settings: Settings) -> Engine:
    """Open (build or load from the cache) the engine over the configured corpus."""
    return Engine.open(
        corpus=settings.corpus, cache_dir=settings.cache_dir, engine=settings.engine
    )


def build_application(
    settings: Settings,
    engine: Answerer,
    token: str,
    request: BaseRequest | None = None,
) -> tuple[Application, CiteqaBot]:  # type: ignore[type-arg]
    """Build the Application with every handler registered; `request` replaces HTTP in tests."""
    citeqa = CiteqaBot(engine, settings, reopen=lambda: open_engine(settings))
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{settings.telegram_api_url}/bot")
        .base_file_url(f"{settings.telegram_api_url}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        .rate_limiter(AIORateLimiter())
        .post_init(citeqa.post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()

    messages = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
    application.add_handler(CommandHandler("start", citeqa.start))
    application.add_handler(CommandHandler("ask", citeqa.ask))
    application.add_handler(CommandHandler("help", citeqa.help))
    application.add_handler(CommandHandler("sources", citeqa.sources))
    application.add_handler(CommandHandler("reset", citeqa.reset))
    application.add_handler(CommandHandler("reload", citeqa.reload))
    application.add_handler(MessageHandler(messages & filters.COMMAND, citeqa.unknown_command))
    application.add_handler(MessageHandler(messages & filters.TEXT, citeqa.question))
    application.add_handler(MessageHandler(messages & filters.ATTACHMENT, citeqa.non_text))
    application.add_handler(CallbackQueryHandler(citeqa.button, pattern=r"^(more|ctx):"))
    application.add_handler(InlineQueryHandler(citeqa.inline))
    application.add_error_handler(citeqa.error)
    return application, citeqa


def webhook_path(url: str) -> str:
    """Return the path the local webhook server listens on: the path of the public URL."""
    return urlsplit(url).path.strip("/")


def run_bot(settings: Settings, request: BaseRequest | None = None) -> int:
    """Serve the bot until stopped; return the exit code (0 after a clean stop or SIGTERM).

    Raises ConfigError for a missing or malformed token and CorpusError for a bad corpus,
    each with a one-line message for the CLI to print.
    """
    token = settings.require_token()
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    protect_token(secret if settings.webhook_url else None)
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(existing, DropConflictTraceback) for existing in updater_log.filters):
        updater_log.addFilter(DropConflictTraceback())
    application, citeqa = build_application(settings, open_engine(settings), token, request)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling and run_webhook run on the current loop
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                close_loop=False,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    except InvalidToken:
        logger.error("Telegram rejected the bot token: copy it again from @BotFather")
        return EXIT_CONFIG
    except TelegramError as error:
        logger.error("Could not start the bot against %s: %s", settings.telegram_api_url, error)
        return EXIT_TELEGRAM
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    logger.info("Stopped")
    return citeqa.exit_code
