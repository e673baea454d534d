"""Sentences a conversation adds to a follow-up's hits though they share none of its words."""

# Sentences a conversation adds to a search's hits: those a follow-up may be answered by
# though they share none of its words ("What else?", "Why?").

from __future__ import annotations

from collections.abc import Sequence

from index.models import Hit, Sentence


def with_continuations(
    hits: list[Hit], said: set[int], sentences: Sequence[Sentence], share: float
) -> tuple[list[Hit], set[int]]:
    """Add the sentence after each one already given, at `share` of the best score, so
    "what else?" can go on; return the hits and the positions added."""
    present = {hit.position for hit in hits}
    floor = hits[0].score if hits else 1.0
    extra = [
        Hit(position + 1, floor * share)
        for position in sorted(said)
        if position + 1 not in present
        and position + 1 < len(sentences)
        and sentences[position + 1].article_id == sentences[position].article_id
    ]
    return hits + extra, {hit.position for hit in extra}


def with_local(hits: list[Hit], local: set[int]) -> list[Hit]:
    """Add the sentences around the last answer that the search missed, at the lowest score
    found: "Why?" shares no word with the sentence that says why."""
    present = {hit.position for hit in hits}
    floor = min((hit.score for hit in hits), default=1.0)
    return hits + [Hit(position, floor) for position in sorted(local - present)]
