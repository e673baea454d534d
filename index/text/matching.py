"""Where the terms an answer matched stand in its text, as character spans."""

from __future__ import annotations

from collections.abc import Iterable

from index.text.analyzer import Analyzer


def matched_spans(
    analyzer: Analyzer, text: str, terms: Iterable[str]
) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) of each word of `text` that has one of `terms`, in text order.

    A word counts when any of its terms is wanted (both parts of "red-haired", say), so a
    front end can emphasise exactly the words the search matched.
    """
    wanted = set(terms)
    if not wanted:
        return ()
    spans = []
    for word in analyzer.words(text):
        if word.term in wanted:
            spans.append((word.start, word.end))
        elif not text[word.start : word.end].isalnum() and wanted.intersection(
            analyzer.terms(text[word.start : word.end])
        ):
            # A joined word ("red-haired", "Kim's") has terms beyond its first.
            spans.append((word.start, word.end))
    return tuple(spans)
