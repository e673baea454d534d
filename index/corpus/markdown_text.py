"""Markdown articles as plain text: what a reader sees, without the syntax around it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Inline tokens whose content is text the reader sees; link marks, emphasis marks and images
# (whose alt text describes a picture, not the story) are dropped.
_VISIBLE = frozenset({"text", "text_special", "code_inline"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


@cache
def _parser() -> MarkdownIt:
    # CommonMark without raw HTML: a `<` in the text stays text instead of vanishing as a tag.
    return MarkdownIt("commonmark", {"html": False})


def _inline_text(children: Sequence[Token]) -> str:
    # A line break in the source stays one: every line of an article is a paragraph to the
    # sentence splitter, whether the file is .txt or .md.
    return "".join(
        child.content if child.type in _VISIBLE else "\n" if child.type in _BREAKS else ""
        for child in children
    )


def _blocks(tokens: Sequence[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type == "inline":
            yield _inline_text(token.children or [])
        elif token.type in ("fence", "code_block"):
            yield token.content
        # Everything else opens or closes a heading, quote, list or paragraph, or is a rule:
        # marks with no text of their own.


def markdown_to_text(markdown: str) -> str:
    """Return Markdown as the text a reader sees, each block a paragraph after a blank line."""
    blocks = (block.strip("\n") for block in _blocks(_parser().parse(markdown)))
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"
