"""The default search backend: rank-bm25 over analysed sentences, held in memory."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from index.errors import BackendError
from index.models import Hit
from index.search.backend import QueryTerm

BM25_VARIANTS = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}


class RankBM25Backend:
    """Scores sentences with rank-bm25: exact and simple, for corpora up to ~100k sentences."""

    name = "rank-bm25"

    def __init__(
        self,
        token_lists: Sequence[Sequence[str]],
        variant: str = "plus",
        k1: float = 1.2,
        b: float = 0.75,
        delta: float | None = None,
    ) -> None:
        if variant not in BM25_VARIANTS:
            raise BackendError(
                f"unknown BM25 variant {variant!r}: choose one of {', '.join(BM25_VARIANTS)}"
            )
        kwargs: dict[str, float] = {"k1": k1, "b": b}
        if delta is not None and variant != "okapi":
            kwargs["delta"] = delta
        # rank-bm25 divides by zero on an empty corpus or an all-empty one; pad with a dummy.
        documents = [list(tokens) for tokens in token_lists] or [[]]
        if not any(documents):
            documents.append(["\0"])
        self._size = len(token_lists)
        self._bm25 = BM25_VARIANTS[variant](documents, **kwargs)
        self._postings = _postings(documents)

    def __len__(self) -> int:
        return self._size

    def idf(self, term: str) -> float:
        """Return rank-bm25's idf for the term (its negative-idf floor included), 0 if unknown."""
        return float(self._bm25.idf.get(term, 0.0))

    def search(self, query: Sequence[QueryTerm], k: int) -> list[Hit]:
        """Score the sentences that hold a query term; return the k best, ties by position."""
        scores: dict[int, float] = {}
        for term, weight in query:
            positions = self._postings.get(term)
            if not positions:
                continue
            term_scores = self._bm25.get_batch_scores([term], positions)
            for position, score in zip(positions, term_scores, strict=True):
                scores[position] = scores.get(position, 0.0) + weight * float(score)
        ranked = sorted(
            ((p, s) for p, s in scores.items() if s > 0 and p < self._size and math.isfinite(s)),
            key=lambda item: (-item[1], item[0]),
        )
        return [Hit(position, score) for position, score in ranked[:k]]

    def get_scores(self, terms: Sequence[str]) -> np.ndarray:
        """Return rank-bm25's own scores of every sentence, for reference and tests."""
        return np.asarray(self._bm25.get_scores(list(terms)))[: self._size]


def _postings(documents: Sequence[Sequence[str]]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = {}
    for position, tokens in enumerate(documents):
        for term in set(tokens):
            postings.setdefault(term, []).append(position)
    return postings
