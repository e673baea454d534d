"""The naive baseline's backend: BM25Okapi over each sentence's lower-cased `\\w+` words."""

# What the baseline measures is plain BM25 over the sentences the library cuts: the text is
# read, cleaned and split as for every engine, but the words are not stemmed, no stopword is
# dropped, no synonym is added, and its answerer (index.answering.baseline) neither re-ranks
# nor abstains. rank-bm25's BM25Okapi with its own defaults (k1 1.5, b 0.75) is the scorer.

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from index.models import Hit
from index.search.backend import QueryTerm
from index.search.bm25_backend import RankBM25Backend

_WORD = re.compile(r"\w+")
# rank-bm25's BM25Okapi defaults: the baseline takes the library as it comes.
OKAPI_K1 = 1.5
OKAPI_B = 0.75


def naive_words(text: str) -> list[str]:
    """Return the text's lower-cased `\\w+` words, the baseline's only analysis."""
    return _WORD.findall(text.lower())


def naive_query(question: str) -> list[QueryTerm]:
    """Return the question's words, each weighted by how often it occurs, as BM25 sums them."""
    counts = Counter(naive_words(question))
    return [QueryTerm(word, float(count)) for word, count in counts.items()]


class NaiveBackend:
    """Scores sentence texts with BM25Okapi over `naive_words`; built in memory, never saved."""

    name = "naive"

    def __init__(self, texts: Sequence[str]) -> None:
        self.words = [naive_words(text) for text in texts]
        self._bm25 = RankBM25Backend(self.words, "okapi", OKAPI_K1, OKAPI_B)

    def __len__(self) -> int:
        return len(self._bm25)

    def idf(self, term: str) -> float:
        """Return BM25Okapi's idf of the word (0 if no sentence holds it)."""
        return self._bm25.idf(term)

    def search(self, query: Sequence[QueryTerm], k: int) -> list[Hit]:
        """Return the k sentences with the highest positive score, ties by position."""
        return self._bm25.search(query, k)
