"""The search-backend interface: rank sentence positions for a weighted bag of terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from index.models import Hit


class QueryTerm(NamedTuple):
    """One analysed term of a question and how much it counts (1.0 for the question's own)."""

    term: str
    weight: float


class SearchBackend(Protocol):
    """What the answer layer needs from a search engine over analysed sentences.

    Sentences are addressed by position (0-based, in corpus order). Scores are BM25 sums of
    the terms' weights times their per-term scores; ties break by position.
    """

    name: str

    def __len__(self) -> int:
        """Return the number of sentences indexed."""
        ...

    def search(self, query: Sequence[QueryTerm], k: int) -> list[Hit]:
        """Return up to k hits with positive score, best first."""
        ...

    def idf(self, term: str) -> float:
        """Return the term's inverse document frequency (0 for an unknown term)."""
        ...
