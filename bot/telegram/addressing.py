"""Who a message is for: any private one; in groups, those that mention or reply to the bot."""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.constants import ChatType


def addressed(message: Message) -> bool:
    """Tell whether a message is for the bot: any private one; in groups a mention or reply."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    bot = message.get_bot()
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return True
    mention = f"@{bot.username}".lower()
    entities = {**message.parse_entities(), **message.parse_caption_entities()}
    return any(
        (entity.type == MessageEntity.MENTION and text.lower() == mention)
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id)
        for entity, text in entities.items()
    )


def question_text(message: Message) -> str:
    """Return a message's question, without the mention of the bot."""
    text = message.text or ""
    mention = f"@{message.get_bot().username}"
    cuts = sorted(
        (entity.offset, entity.offset + entity.length)
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items()
        if value.lower() == mention.lower()
    )
    if not cuts:
        return text.strip()
    # Offsets count UTF-16 code units; cut on the encoded text to keep them right.
    encoded = text.encode("utf-16-le")
    kept, done = [], 0
    for start, end in cuts:
        kept.append(encoded[2 * done : 2 * start].decode("utf-16-le"))
        done = end
    kept.append(encoded[2 * done :].decode("utf-16-le"))
    return " ".join("".join(kept).split())
