"""Telegram HTML for replies: escaping, emphasis, citations, clipping, splitting."""

# Every piece of article or user text goes through `html.escape` here and nowhere else; plain
# text is clipped *before* it is escaped, so no tag or entity is ever cut in half.

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

from bot.citations import Part, cite_answer, cite_article, quote, render_citation
from index.models import Answer, Article, Reply

logger = logging.getLogger(__name__)

Spans = tuple[tuple[int, int], ...]

MESSAGE_LIMIT = 4096
"""Telegram's limit on one message's text, counted in UTF-16 code units."""
MESSAGE_BUDGET = 4000
"""What this module packs into one message, leaving room for a closing line."""
ANSWER_CHARS = 1200
CONTEXT_CHARS = 500
QUESTION_ECHO_CHARS = 160
INLINE_TITLE_CHARS = 120
TITLE_CHARS = 200
ELLIPSIS = "…"
_TAG = re.compile(r"<[^>]*>")
_CHUNK = re.compile(r"\S+")
_ALLOWED_TAGS = {"b": (), "i": (), "u": (), "s": (), "code": (), "pre": (), "a": ("href",)}
_NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}


def telegram_length(text: str) -> int:
    """Return the length of a text the way Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape user or article text for Telegram's HTML parse mode."""
    return html.escape(text, quote=True)


def clip(text: str, limit: int) -> str:
    """Cut plain text to at most `limit` characters, at a word boundary, marking the cut."""
    return clip_spans(text, (), limit)[0]


def clip_spans(text: str, spans: Spans, limit: int) -> tuple[str, Spans]:
    """Clip text as `clip` does, and move spans of it along: those past the cut are dropped."""
    text, spans = squeeze(text, spans)
    if len(text) <= limit:
        return text, spans
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit], ()
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    cut = cut.rstrip(" ,;:-")
    return cut + ELLIPSIS, tuple(span for span in spans if span[1] <= len(cut))


def squeeze(text: str, spans: Spans = ()) -> tuple[str, Spans]:
    """Return text with each run of white space made one space and the ends trimmed, and the
    spans (each within a word) moved to the same words."""
    chunks = list(_CHUNK.finditer(text))
    squeezed = " ".join(chunk.group() for chunk in chunks)
    starts = [chunk.start() for chunk in chunks]
    shifts, at = [], 0
    for chunk in chunks if spans else ():
        shifts.append(at - chunk.start())
        at += len(chunk.group()) + 1
    moved = []
    for start, end in spans:
        index = bisect_right(starts, start) - 1
        if index >= 0 and end <= chunks[index].end():
            moved.append((start + shifts[index], end + shifts[index]))
    return squeezed, tuple(moved)


def emphasise(text: str, spans: Spans) -> str:
    """Escape a sentence and put <b>…</b> around each span of it (the words the search matched)."""
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if start < done or end > len(text) or start >= end:
            continue
        pieces.append(escape(text[done:start]))
        pieces.append(f"<b>{escape(text[start:end])}</b>")
        done = end
    pieces.append(escape(text[done:]))
    return "".join(pieces)


def html_part(part: Part) -> str:
    """Return a part of a citation as HTML: the publisher italic, the title quoted and linked."""
    if part.kind == "publisher":
        return f"<i>{escape(part.text)}</i>"
    if part.kind == "title":
        title = escape(clip(part.text, TITLE_CHARS))
        if part.link:
            title = f'<a href="{escape(part.link)}">{title}</a>'
        return quote(title)
    return escape(part.text)


def cite(answer: Answer, again: bool = False) -> str:
    """Return an answer's citation as HTML (`bot.citations` says what it holds).

    `again` is for an article already cited in the same message: its title is not repeated.
    """
    return render_citation(cite_answer(answer, again), html_part)


def cite_plain(answer: Answer) -> str:
    """Return an answer's citation as plain text, for inline results' descriptions."""
    return render_citation(cite_answer(answer))


def render_answer(
    answer: Answer,
    *,
    number: int | None = None,
    with_context: bool = False,
    cited_before: bool = False,
) -> str:
    """Return one answer as an HTML block: the sentence (matched words bold) and its citation
    (shortened when `cited_before`: an earlier answer in the message cites the article)."""
    sentence = emphasise(*clip_spans(answer.text, answer.matched_spans, ANSWER_CHARS))
    if with_context:
        before = escape(clip(answer.before, CONTEXT_CHARS)) if answer.before.strip() else ""
        after = escape(clip(answer.after, CONTEXT_CHARS)) if answer.after.strip() else ""
        sentence = " ".join(part for part in (before, f"<u>{sentence}</u>", after) if part)
    prefix = f"{number}. " if number is not None else ""
    return f"{prefix}{sentence}\n— {cite(answer, again=cited_before)}"


def render_answers(answers: Sequence[Answer], *, with_context: bool = False) -> list[str]:
    """Return HTML blocks for answers, numbered when there is more than one."""
    numbered = len(answers) > 1
    return [
        render_answer(
            answer,
            number=index if numbered else None,
            with_context=with_context,
            cited_before=any(a.article.id == answer.article.id for a in answers[: index - 1]),
        )
        for index, answer in enumerate(answers, start=1)
    ]


def render_abstention(reply: Reply) -> str:
    """Say plainly that the articles do not answer the question, and point to /sources."""
    question = escape(clip(reply.question, QUESTION_ECHO_CHARS))
    return (
        f"The articles I have don't answer “{question}”.\n"
        "Try other words, or see what they cover with /sources."
    )


def render_searched(reply: Reply) -> list[str]:
    """Return the question as searched, when a misspelt word in it was corrected, as HTML."""
    if reply.searched is None:
        return []
    return [f"<i>Searched for: {escape(clip(reply.searched, QUESTION_ECHO_CHARS))}</i>"]


def render_notice(notice: str) -> str:
    """Return the engine's notice (an empty question, say) as HTML."""
    return f"<i>{escape(clip(notice, 500))}</i>"


def render_sources(articles: Sequence[Article]) -> list[str]:
    """Return one HTML line per article: number, publisher, title (linked if known), date."""
    if not articles:
        return ["I have no articles loaded."]
    lines = [f"<b>{len(articles)} article{'s' if len(articles) != 1 else ''}</b> I answer from:"]
    for number, article in enumerate(articles, start=1):
        lines.append(f"{number}. {render_citation(cite_article(article), html_part)}")
    return lines


def strip_tags(markup: str) -> str:
    """Return the visible text of a block of Telegram HTML."""
    return html.unescape(_TAG.sub("", markup))


class _HtmlChecker(HTMLParser):
    """Collects what Telegram's HTML parse mode would reject in a piece of markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _ALLOWED_TAGS.get(tag)
        if allowed is None:
            self.problems.append(f"tag <{tag}> is not supported")
        elif any(name not in allowed for name, _ in attrs):
            self.problems.append(f"tag <{tag}> has unsupported attributes")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/> is not supported")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the innermost open tag")
        else:
            self.open.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            self.problems.append(f"named entity &{name}; is not supported")

    def handle_data(self, data: str) -> None:
        if any(char in data for char in "<>&"):
            self.problems.append(f"unescaped <, > or & in {data[:40]!r}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comments are not supported")


def html_problems(markup: str) -> list[str]:
    """List what Telegram's HTML parse mode would reject in `markup` (empty when valid)."""
    checker = _HtmlChecker()
    checker.feed(markup)
    checker.close()
    if checker.rawdata:
        checker.problems.append(f"unfinished markup at {checker.rawdata[:40]!r}")
    checker.problems.extend(f"<{tag}> is never closed" for tag in checker.open)
    return checker.problems


def fit_block(block: str, limit: int = MESSAGE_BUDGET) -> str:
    """Return a block unchanged if it fits and is valid, else its visible text clipped, escaped."""
    problems = html_problems(block)
    if problems:
        logger.error("Sending as plain text a block Telegram would reject: %s", problems[0])
    elif telegram_length(block) <= limit:
        return block
    text = " ".join(strip_tags(block).split())
    low, high = 0, min(len(text), limit)
    while low < high:  # the longest clip whose escaped form still fits
        middle = (low + high + 1) // 2
        if telegram_length(escape(clip(text, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return escape(clip(text, low)) if low else ""


def pack(blocks: Iterable[str], limit: int = MESSAGE_BUDGET, separator: str = "\n\n") -> list[str]:
    """Pack HTML blocks into as few messages as fit under `limit`, never splitting a block."""
    messages: list[str] = []
    current = ""
    for block in (fit_block(block, limit) for block in blocks):
        candidate = f"{current}{separator}{block}" if current else block
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages


def pack_one(blocks: Sequence[str], limit: int = MESSAGE_BUDGET, separator: str = "\n\n") -> str:
    """Pack blocks into one message, dropping the last ones that do not fit and saying so."""
    whole = separator.join(fit_block(block, limit) for block in blocks)
    if telegram_length(whole) <= limit:
        return whole
    room = limit - 100
    kept: list[str] = []
    for block in (fit_block(block, room) for block in blocks):
        if telegram_length(separator.join([*kept, block])) > room:
            break
        kept.append(block)
    dropped = len(blocks) - len(kept)
    note = f"<i>({dropped} more not shown: a Telegram message has to stay short)</i>"
    return separator.join([*kept, note])
