"""Run citeqa as a Telegram bot: build the PTB `Application`, then poll or serve a webhook."""

# Long polling is citeqa's own loop (`bot.telegram.polling`), which confirms updates to Telegram
# only once they are answered; SIGINT or SIGTERM finishes the replies in hand, then exits 0.
# Both modes start the same way (getMe, then post_init), so a failure there is one log line;
# once the bot is up, one line on stdout says which bot serves what, and how to stop it.
#
# Usage::
#
#     TELEGRAM_BOT_TOKEN=123456:ABC... citeqa telegram [--webhook URL] [--corpus DIR]
#
# Settings come from flags, the environment and `.env` (see `bot.config`); TELEGRAM_API_URL
# points the bot at another Bot API server (a self-hosted one, or the test emulator).

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from collections.abc import Callable
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
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
from bot.logs import protect_token
from bot.telegram.handlers import CiteqaBot
from bot.telegram.polling import OffsetStore, Poller
from bot.telegram.replies import AnsweringEngine
from bot.telegram.sending import PatientRateLimiter
from index import Engine

logger = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_TELEGRAM = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def open_engine(settings: Settings) -> Engine:
    """Open (build or load from the cache) the engine over the configured corpus."""
    return settings.open_engine()


def build_application(
    settings: Settings,
    engine: AnsweringEngine,
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
        .rate_limiter(PatientRateLimiter(settings.send_rate_per_second))
        .post_init(citeqa.post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        timeout = settings.telegram_timeout_seconds
        builder = builder.read_timeout(timeout).get_updates_read_timeout(timeout)
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


def offset_file(settings: Settings, bot_id: int) -> OffsetStore:
    """Return where the offset after the last handled update of this bot is kept."""
    return OffsetStore(settings.cache_dir / "telegram" / f"offset-{bot_id}.json")


def startup_line(settings: Settings, username: str, articles: int) -> str:
    """Return the line printed once the bot is up: which bot, what it serves, how to stop it.

    Of the webhook URL only the host is shown: its path may hold a secret.
    """
    served = f"{articles} article{'' if articles == 1 else 's'} from {settings.describe_served()}"
    if settings.webhook_url:
        host = urlsplit(settings.webhook_url).hostname
        listening = f"{settings.webhook_listen}:{settings.webhook_port}"
        how = f"by webhook at {host}, listening on {listening}"
    else:
        how = "by long polling"
    return f"Serving @{username}: {served}, {how}; Ctrl-C to stop"


async def start_webhook(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    secret: str,
) -> None:
    """Register the webhook with Telegram and start the local server that Telegram calls."""
    url = settings.webhook_url
    if application.updater is None or url is None:
        raise RuntimeError("a webhook needs the application's Updater and a webhook URL")
    await application.updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=webhook_path(url),
        webhook_url=url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )


async def serve(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    secret: str,
    ready: Callable[[], None],
) -> int:
    """Long-poll or serve the webhook until SIGINT or SIGTERM, finish the replies in hand.

    `ready` is called once the bot is up. Returns the exit code. A second signal stops at
    once; the updates then in hand are answered again after a restart.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    serving = asyncio.current_task()

    def on_signal(number: int) -> None:
        name = signal.Signals(number).name
        if not stop.is_set():
            logger.info("%s: finishing the replies in hand, then stopping", name)
            stop.set()
        elif serving is not None:
            logger.warning(
                "%s again: stopping now; the updates in hand will be answered after a restart",
                name,
            )
            serving.cancel()

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, on_signal, number)
    try:
        async with application:  # getMe first (retried on network faults), shutdown at the end
            if application.post_init:
                await application.post_init(application)
            updater = application.updater
            if settings.webhook_url:
                await start_webhook(application, settings, secret)
            try:
                await application.start()
                ready()
                if settings.webhook_url:
                    await stop.wait()  # the webhook server takes updates meanwhile
                    return 0
                offsets = offset_file(settings, application.bot.id)
                poller = Poller(application, settings.telegram_timeout_seconds, offsets)
                return await poller.run(stop)
            finally:
                if updater is not None and updater.running:  # no new updates, then finish
                    await updater.stop()
                if application.running:
                    await application.stop()
    except asyncio.CancelledError:
        return 0
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)


def run_bot(settings: Settings, request: BaseRequest | None = None) -> int:
    """Serve the bot until stopped; return the exit code (0 after a clean stop or SIGTERM).

    Raises ConfigError for a missing or malformed token or a webhook URL Telegram would not
    call, and CorpusError for a bad corpus, each with a one-line message for the CLI to print.
    """
    token = settings.require_token()
    settings.check_webhook_url()
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    protect_token(token, secret if settings.webhook_url else None)
    engine = open_engine(settings)
    application, _ = build_application(settings, engine, token, request)

    def ready() -> None:
        line = startup_line(settings, application.bot.username, len(engine.articles))
        print(line, flush=True)  # stdout may be a file: say it now, not at exit

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        code = loop.run_until_complete(serve(application, settings, secret, ready))
    except InvalidToken:
        logger.error("Telegram rejected the bot token: copy it again from @BotFather")
        return EXIT_CONFIG
    except TelegramError as error:
        logger.error("Could not start the bot against %s: %s", settings.telegram_api_url, error)
        return EXIT_TELEGRAM
    except Exception:
        logger.critical("The bot stopped on an unexpected error", exc_info=True)
        return EXIT_TELEGRAM
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    logger.info("Stopped")
    return code
