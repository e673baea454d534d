"""BM25 as Sphinx computes it: the ranker expression, and the idf rank-bm25 would give."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

# Sphinx's expression ranker returns a 32-bit unsigned integer: scores are kept to 1e-6.
WEIGHT_SCALE = 1_000_000


def bm25_ranker(k1: float, b: float, delta: float, average_length: float) -> str:
    """Return the OPTION clause of a BM25 ranker with length normalisation.

    Per matched term, BM25 is idf * (k1+1) * tf / (tf + K) with K = k1 * (1 - b + b * dl/avgdl).
    Sphinx gives no per-term tf to an expression, only sums over the matched terms: S, the
    sum of their (boosted) idfs, and T, the sum of tf * idf. With t = T/S their idf-weighted
    mean tf, S * (k1+1) * t / (t + K) is BM25 exactly when the matched terms share one tf
    (in sentences, nearly always 1), and BM25+ adds delta * S. dl is the field length Sphinx
    keeps (terms_len, from index_field_lengths); avgdl is the corpus's. bm25a(k1, b) would do
    the same, but Sphinx 2.2 keeps no average field length for real-time indexes.
    """
    norm = f"{k1:g}*({1 - b:g}+{b:g}*terms_len/{average_length:.6f})"
    bm25 = f"{k1 + 1:g}*sum(tf_idf)/(sum(tf_idf)+{norm}*sum(sum_idf))"
    expression = f"if(sum(sum_idf)>0,{WEIGHT_SCALE}*sum(sum_idf)*({bm25}+{delta:g}),0)"
    return f"ranker=expr('{expression}'), idf='plain,tfidf_unnormalized'"


def term_frequencies(
    terms: Sequence[Sequence[str]], shards: int
) -> tuple[Counter[str], dict[str, Counter[int]]]:
    """Return each term's document frequency overall and per shard (position mod shards)."""
    df: Counter[str] = Counter()
    shard_df: dict[str, Counter[int]] = {}
    for position, tokens in enumerate(terms):
        for term in set(tokens):
            df[term] += 1
            shard_df.setdefault(term, Counter())[position % shards] += 1
    return df, shard_df


def reference_idf(variant: str, size: int, df: Counter[str]) -> dict[str, float]:
    """Return rank-bm25's idf for every term: BM25Plus's, or BM25Okapi's with its floor."""
    if variant == "plus":
        return {term: math.log((size + 1) / n) for term, n in df.items()}
    raw = {term: math.log(size - n + 0.5) - math.log(n + 0.5) for term, n in df.items()}
    floor = 0.25 * (sum(raw.values()) / len(raw)) if raw else 0.0
    return {term: value if value >= 0 else floor for term, value in raw.items()}
