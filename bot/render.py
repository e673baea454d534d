"""Turning replies into text: the JSON objects of the CLI contract and readable terminal output."""

from __future__ import annotations

import textwrap
from typing import Any

from index.models import Answer, Article, Reply

ABSTAINED = "I found nothing in the articles that answers that."
SOURCES_HINT = "Try /sources to see what the articles cover."
INDEX_INFO_HINT = "Try `citeqa index info` to see what the articles cover."


def article_to_dict(article: Article) -> dict[str, Any]:
    """Return an article's citation fields as the JSON `source` object."""
    return {
        "id": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "author": article.author,
        "date": article.date,
        "url": article.url,
        "path": article.path,
    }


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """Return one answer as the JSON object of the CLI contract."""
    return {
        "text": answer.text,
        "score": answer.score,
        "source": article_to_dict(answer.article),
        "paragraph": answer.paragraph,
        "sentence": answer.sentence,
        "sentence_in_paragraph": answer.sentence_in_paragraph,
        "context": {"before": answer.before, "after": answer.after},
    }


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """Return a reply as the JSON object printed by `citeqa ask --json` (one per line)."""
    data: dict[str, Any] = {
        "question": reply.question,
        "abstained": reply.abstained,
        "answers": [answer_to_dict(a) for a in reply.answers],
    }
    if reply.notice is not None:
        data["notice"] = reply.notice
    if reply.searched is not None:
        data["searched"] = reply.searched
    return data


def place(answer: Answer) -> str:
    """Return where in its article an answer is: the paragraph, and the sentence within it."""
    if answer.sentence_in_paragraph is None:
        return f"paragraph {answer.paragraph}"
    return f"paragraph {answer.paragraph}, sentence {answer.sentence_in_paragraph}"


def cite(answer: Answer, again: bool = False) -> str:
    """Return a one-line citation: publisher (if known), title, date, and where in the article.

    `again` is for an article already cited in the same reply: its title is not repeated.
    """
    article = answer.article
    parts = [article.publisher] if article.publisher else []
    if again:
        parts.append("same article")
    else:
        parts.append(f"\u201c{article.title}\u201d")
        if article.date:
            parts.append(article.date)
    parts.append(place(answer))
    return ", ".join(parts)


def render_reply(reply: Reply, width: int = 88, hint: str = SOURCES_HINT) -> str:
    """Return a reply as readable text: numbered answers, each with its citation.

    `hint` follows an abstention: how to see what the articles cover, in this front end.
    """
    if reply.notice:
        return reply.notice
    searched = [f"(Searched for: {reply.searched})"] if reply.searched else []
    if reply.abstained:
        return "\n".join([*searched, f"{ABSTAINED} {hint}"])
    lines: list[str] = searched
    cited: set[str] = set()
    for number, answer in enumerate(reply.answers, start=1):
        lines.extend(
            textwrap.wrap(
                answer.text, width, initial_indent=f"{number}. ", subsequent_indent="   "
            )
        )
        lines.extend(
            textwrap.wrap(
                cite(answer, again=answer.article.id in cited),
                width,
                initial_indent="   \u2014 ",
                subsequent_indent="     ",
            )
        )
        cited.add(answer.article.id)
    return "\n".join(lines)


def render_sources(articles: tuple[Article, ...]) -> str:
    """Return the list of articles served, one per line."""
    lines = []
    for article in articles:
        details = ", ".join(p for p in (article.publisher, article.date, article.author) if p)
        lines.append(f"- {article.title}" + (f" ({details})" if details else ""))
    return "\n".join(lines)
