"""Turning replies into text: the JSON objects of the CLI contract and readable terminal output."""

from __future__ import annotations

import textwrap
from typing import Any

from bot.citations import cite_answer, cite_article, render_citation
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


def cite(answer: Answer, again: bool = False) -> str:
    """Return an answer's citation as one line of plain text (see `bot.citations`).

    `again` is for an article already cited in the same reply: its title is not repeated.
    """
    return render_citation(cite_answer(answer, again))


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
    """Return the list of articles served, one per line, each cited as a reply cites it."""
    return "\n".join(f"- {render_citation(cite_article(article))}" for article in articles)
