"""The bot's handlers: questions, commands, buttons, inline queries, other messages, errors."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from telegram import BotCommand, InlineQueryResultsButton, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.telegram.addressing import addressed, question_text
from bot.telegram.format import (
    escape,
    pack,
    pack_one,
    render_abstention,
    render_notice,
    render_searched,
    render_sources,
)
from bot.telegram.replies import (
    MORE_ANSWERS,
    AnsweringEngine,
    first_shown,
    inline_results,
    keyboard,
    render_shown,
)
from bot.telegram.state import ChatSession, ChatSessions, ShownReply
from bot.telegram.text import (
    ASK_HOW,
    COMMANDS,
    EXPIRED_BUTTON,
    FAILED,
    NON_TEXT_HINT,
    RESET_DONE,
    TOO_FAST,
    UNKNOWN_COMMAND,
    example_questions,
    render_help,
    render_start,
)
from index import CiteqaError, Conversation, Reply

logger = logging.getLogger(__name__)

INLINE_RESULTS = 5
Context = ContextTypes.DEFAULT_TYPE


class CiteqaBot:
    """Answers chats from one engine; holds each chat's session and the process's exit code."""

    def __init__(
        self,
        engine: AnsweringEngine,
        settings: Settings,
        reopen: Callable[[], AnsweringEngine] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.reopen = reopen
        self.clock = clock
        self.serve(engine)

    def serve(self, engine: AnsweringEngine) -> None:
        """Answer from `engine` from now on, every chat starting afresh."""
        self.engine = engine
        self.examples = example_questions(engine)
        self.sessions = ChatSessions(self.settings.context_ttl_seconds, timer=self.clock)

    # --- start-up -------------------------------------------------------------------------

    async def post_init(self, application: Application) -> None:  # type: ignore[type-arg]
        """Register the command menu (a failure is only logged) and say what is served."""
        commands = [BotCommand(name, description) for name, description in COMMANDS]
        try:
            await application.bot.set_my_commands(commands)
        except TelegramError as error:
            logger.warning("Could not register the command menu with Telegram: %s", error)
        logger.info(
            "Serving @%s: %d articles from %s",
            application.bot.username,
            len(self.engine.articles),
            self.settings.describe_served(),
        )

    # --- who is talking to whom -----------------------------------------------------------

    def allowed(self, chat_id: int) -> bool:
        """Tell whether a chat may use the bot: every chat, unless allowed_chats is set; admins."""
        return (
            not self.settings.allowed_chats
            or chat_id in self.settings.allowed_chats
            or chat_id in self.settings.admin_chats
        )

    async def admit(self, message: Message) -> bool:
        """Tell whether to reply to a message: its chat is allowed and within its rate.

        Every reply counts against the chat's rate (questions and commands alike), so one
        chat cannot take the bot's sending budget from the others; it is told once a minute.
        """
        if not self.allowed(message.chat.id):
            return False
        session = self.sessions.get(message.chat.id)
        now = self.clock()
        if session.admit(self.settings.chat_rate_per_minute, now):
            return True
        if session.should_warn(now):
            await message.reply_text(TOO_FAST.format(rate=self.settings.chat_rate_per_minute))
        return False

    # --- commands -------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Say what the bot does, with three example questions (or list sources if asked)."""
        message = update.effective_message
        if message is None or not await self.admit(message):
            return
        if context.args == ["sources"]:
            await self.send_sources(message)
            return
        await message.reply_text(render_start(len(self.engine.articles), self.examples))

    async def help(self, update: Update, context: Context) -> None:
        """Explain how to ask, the buttons, inline mode and groups."""
        message = update.effective_message
        if message is None or not await self.admit(message):
            return
        await message.reply_text(render_help(context.bot.username))

    async def sources(self, update: Update, context: Context) -> None:
        """List the articles with publisher, title and date, split over messages if long."""
        message = update.effective_message
        if message is None or not await self.admit(message):
            return
        await self.send_sources(message)

    async def send_sources(self, message: Message) -> None:
        """Send the list of articles, in as few messages as fit."""
        for text in pack(render_sources(self.engine.articles), separator="\n"):
            await message.reply_text(text)

    async def reset(self, update: Update, context: Context) -> None:
        """Forget this chat's conversation and its recent replies."""
        message = update.effective_message
        if message is None or not await self.admit(message):
            return
        self.sessions.get(message.chat.id).restart()
        await message.reply_text(RESET_DONE)

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point to /help for a command the bot lacks, sent privately or naming the bot."""
        message = update.effective_message
        if message is None or not self.allowed(message.chat.id):
            return
        command = (message.text or "").split(maxsplit=1)[0].lower()
        named = command.endswith(f"@{context.bot.username}".lower())
        if (message.chat.type == ChatType.PRIVATE or named) and await self.admit(message):
            await message.reply_text(
                UNKNOWN_COMMAND, do_quote=message.chat.type != ChatType.PRIVATE
            )

    async def reload(self, update: Update, context: Context) -> None:
        """Re-read the corpus, for admin chats only, so new or changed articles are served."""
        message = update.effective_message
        if message is None:
            return
        if message.chat.id not in self.settings.admin_chats or self.reopen is None:
            await self.unknown_command(update, context)
            return
        if not await self.admit(message):
            return
        try:
            engine = await asyncio.to_thread(self.reopen)
        except CiteqaError as error:
            await message.reply_text(f"Still serving the old articles: {escape(str(error))}")
            return
        self.serve(engine)
        served = self.settings.describe_served()
        logger.info("Reloaded %d articles from %s", len(engine.articles), served)
        await message.reply_text(f"Reloaded: {len(engine.articles)} articles.")

    # --- questions ------------------------------------------------------------------------

    async def question(self, update: Update, context: Context) -> None:
        """Answer a text message (new or edited) with cited sentences from the articles."""
        message = update.effective_message
        if message is None or not addressed(message) or not await self.admit(message):
            return
        await self.answer(message, question_text(message))

    async def ask(self, update: Update, context: Context) -> None:
        """Answer `/ask question`: how groups ask when the bot cannot see plain messages."""
        message = update.effective_message
        if message is None or not await self.admit(message):
            return
        question = " ".join(context.args or ())
        if not question:
            await message.reply_text(ASK_HOW)
            return
        await self.answer(message, question)

    async def answer(self, message: Message, question: str) -> None:
        """Ask the engine in the chat's conversation and reply."""
        session = self.sessions.get(message.chat.id)
        reply = self.engine.ask(
            question, conversation=session.conversation, top=self.settings.top + MORE_ANSWERS
        )
        await self.send_reply(message, reply, session)

    async def send_reply(self, message: Message, reply: Reply, session: ChatSession) -> None:
        """Send the engine's reply: the answers with their buttons, or why there are none."""
        quote = message.chat.type != ChatType.PRIVATE
        if not reply.answers:
            blocks = [render_notice(reply.notice)] if reply.notice else []
            blocks += render_searched(reply)
            if reply.abstained or not reply.notice:
                blocks.append(render_abstention(reply))
            await message.reply_text(pack_one(blocks), do_quote=quote)
            return
        shown = ShownReply(reply, first_shown(reply, self.settings.top))
        key = session.remember(shown)
        await message.reply_text(
            self.render(shown), reply_markup=keyboard(key, shown), do_quote=quote
        )

    def render(self, shown: ShownReply) -> str:
        """Return the message text for a reply as much of it as is shown."""
        return render_shown(shown)

    async def non_text(self, update: Update, context: Context) -> None:
        """Answer a sticker, photo, voice note or other non-text message with a one-line hint."""
        message = update.effective_message
        if message is None or not addressed(message) or not await self.admit(message):
            return
        await message.reply_text(NON_TEXT_HINT, do_quote=message.chat.type != ChatType.PRIVATE)

    # --- buttons and inline mode ----------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Extend the reply a button sits under: more answers, or their context."""
        query = update.callback_query
        if query is None:
            return
        action, _, key = (query.data or "").partition(":")
        message = query.message
        if message is None or not self.allowed(message.chat.id):
            await query.answer()
            return
        shown = self.sessions.get(message.chat.id).recall(key)
        if shown is None:
            await query.answer(EXPIRED_BUTTON)
            return
        before = (shown.shown, shown.with_context)
        if action == "more":
            shown.shown = len(shown.reply.answers)
        elif action == "ctx":
            shown.with_context = True
        await query.answer()
        if (shown.shown, shown.with_context) != before:
            await query.edit_message_text(self.render(shown), reply_markup=keyboard(key, shown))

    async def inline(self, update: Update, context: Context) -> None:
        """Offer the top answers to an inline query (`@bot question`), each with its citation."""
        query = update.inline_query
        if query is None or not self.allowed(query.from_user.id):
            return
        text = query.query.strip()
        if not text:
            await query.answer([], cache_time=300)
            return
        reply = self.engine.ask(text, conversation=Conversation(), top=INLINE_RESULTS)
        results = inline_results(text, reply)
        button = None
        if not results:
            button = InlineQueryResultsButton(
                text="The articles don't answer that: see the sources", start_parameter="sources"
            )
        await query.answer(results, cache_time=60, button=button)

    # --- errors ---------------------------------------------------------------------------

    async def error(self, update: object, context: Context) -> None:
        """Log an error in a handler with its traceback, and tell the chat something failed."""
        logger.error("Error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message:
            try:
                await update.effective_message.reply_text(FAILED)
            except TelegramError:
                logger.warning("Could not tell the chat about the error either")
