"""The SphinxQL search backend: BM25 over a Sphinx or Manticore index, one shard or many."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pymysql

from index.backend import QueryTerm
from index.errors import BackendError
from index.models import Hit, Sentence
from index.sphinx_config import (
    Endpoint,
    SphinxTarget,
    corpus_key,
    parse_sphinx_url,
    sphinx_token,
)
from index.sphinx_pool import ConnectionPool, SphinxUnavailable

logger = logging.getLogger(__name__)

# Sphinx's expression ranker returns a 32-bit unsigned integer: scores are kept to 1e-6.
WEIGHT_SCALE = 1_000_000
BATCH_ROWS = 500
WARN_EVERY_SECONDS = 60.0
COLUMNS = "id, terms, corpus, position, article, paragraph, sentence"


class SphinxBackend:
    """Ranks sentences with searchd over SphinxQL; loads the corpus into its shards if asked.

    Sphinx computes each term's idf from the shard that holds the sentence, as
    log(N_s/n_s)/(2 log(N_s+1)); a per-term boost turns that into the reference backend's
    idf (rank-bm25's, over the whole corpus), exactly when one shard holds a term's
    sentences and as a document-weighted average when several do.
    """

    name = "sphinxql"

    def __init__(
        self,
        url: str | SphinxTarget,
        terms: Sequence[Sequence[str]],
        sentences: Sequence[Sentence],
        variant: str = "plus",
        k1: float = 1.2,
        b: float = 0.75,
        delta: float | None = None,
        timeout: float = 5.0,
    ) -> None:
        if variant not in ("plus", "okapi"):
            raise BackendError(
                f"the sphinxql engine ranks with BM25 'plus' or 'okapi', not {variant!r}: "
                "Sphinx has no expression for BM25L's term frequency"
            )
        if len(terms) != len(sentences):
            raise BackendError("terms and sentences differ in length: rebuild the index")
        self.target = parse_sphinx_url(url) if isinstance(url, str) else url
        self._size = len(terms)
        self._delta = 0.0 if variant == "okapi" else (1.0 if delta is None else delta)
        self._ranker = (
            f"ranker=expr('{WEIGHT_SCALE}*({k1 + 1:g}*(bm25a({k1:g},{b:g})-0.5)"
            f"+{self._delta:g}*sum(sum_idf))'), idf='plain,tfidf_unnormalized'"
        )
        self._pool = ConnectionPool(self.target.head, timeout)
        self._corpus = corpus_key(terms)
        self._degraded: str | None = None
        self._warned_at = 0.0
        shards = self._describe()
        self._df, self._shard_df = _frequencies(terms, shards)
        self._idf = _reference_idf(variant, self._size, self._df)
        self._shard_sizes = [len(range(s, self._size, shards)) for s in range(shards)]
        self._scale = 2 * math.log(self._size / shards + 1) if self._size else 1.0
        self._ensure_loaded(terms, sentences, shards)

    def __len__(self) -> int:
        return self._size

    def close(self) -> None:
        """Close the pooled connections."""
        self._pool.close()

    def idf(self, term: str) -> float:
        """Return the reference idf of the term over the whole corpus, 0 if unknown."""
        return self._idf.get(term, 0.0)

    def search(self, query: Sequence[QueryTerm], k: int) -> list[Hit]:
        """Return the k best sentences for the weighted terms, ties by position."""
        weights: dict[str, float] = {}
        for term, weight in query:
            weights[term] = weights.get(term, 0.0) + weight
        parts = []
        for term, weight in weights.items():
            boost = self._boost(term, weight)
            if boost > 0:
                parts.append(f"{sphinx_token(term)}^{boost:.6f}")
        if not parts or k <= 0:
            return []
        sql = (
            f"SELECT id, WEIGHT() AS w FROM {self.target.index} WHERE MATCH(%s) "
            f"ORDER BY w DESC, id ASC LIMIT {k} OPTION {self._ranker}, max_matches={k}"
        )
        rows, warning = self._query(sql, (" | ".join(parts),))
        self._note(warning)
        hits = [Hit(int(row[0]) - 1, int(row[1]) / WEIGHT_SCALE * self._scale) for row in rows]
        return [hit for hit in hits if hit.score > 0 and 0 <= hit.position < self._size]

    def _boost(self, term: str, weight: float) -> float:
        """Return the IDF boost that turns Sphinx's shard idf into weight × reference idf."""
        reference = self._idf.get(term, 0.0)
        if weight <= 0 or reference <= 0:
            return 0.0
        shard_idf = total = 0.0
        for shard, df in self._shard_df[term].items():
            size = self._shard_sizes[shard]
            if df < size:
                shard_idf += df * math.log(size / df) / (2 * math.log(size + 1))
                total += df
        if not total:
            return weight
        return weight * reference / self._scale / (shard_idf / total)

    def _query(self, sql: str, args: tuple[Any, ...]) -> tuple[list[tuple[Any, ...]], str | None]:
        try:
            return self._pool.query(sql, args)
        except SphinxUnavailable as error:
            raise BackendError(
                f"the SphinxQL server at {self.target.head} is not answering ({error}): "
                "start searchd there, or fix --sphinx-url / CITEQA_SPHINX_URL"
            ) from error
        except pymysql.MySQLError as error:
            raise BackendError(
                f"SphinxQL at {self.target.head} refused a query: {error}"
            ) from error

    def _note(self, warning: str | None) -> None:
        """Log when the cluster answers only in part, again each minute, and when it recovers."""
        now = time.monotonic()
        if warning is None:
            if self._degraded is not None:
                logger.info("sphinxql: every shard of %r answers again", self.target.index)
                self._degraded = None
            return
        if warning != self._degraded or now - self._warned_at >= WARN_EVERY_SECONDS:
            logger.warning(
                "sphinxql: answering from the shards that respond, results may be incomplete: %s",
                warning,
            )
            self._warned_at = now
        self._degraded = warning

    def _describe(self) -> int:
        """Return how many shards the index has: the agents of a distributed index, or 1."""
        rows, _ = self._query(f"DESCRIBE {self.target.index}", ())
        if rows and rows[0][1] in ("local", "remote") or str(rows[0][1]).startswith("remote"):
            agents = len(rows)
        else:
            agents = 1
        if self.target.shards and len(self.target.shards) != agents:
            raise BackendError(
                f"{self.target.index} at {self.target.head} has {agents} shard(s) but the URL "
                f"names {len(self.target.shards)}: list one shards= entry per agent"
            )
        return agents

    def _ensure_loaded(
        self, terms: Sequence[Sequence[str]], sentences: Sequence[Sentence], shards: int
    ) -> None:
        """Check the index holds this corpus; load what is missing into the shards it can reach."""
        writable = (
            self.target.shards or ((self.target.head,),) if shards == 1 else self.target.shards
        )
        if writable:
            for shard, mirrors in enumerate(writable):
                for endpoint in mirrors:
                    self._load_shard(endpoint, shard, shards, terms, sentences)
            return
        where = f"SELECT COUNT(*) FROM {self.target.index} WHERE corpus={self._corpus}"
        rows, warning = self._query(where, ())
        held = int(rows[0][0]) if rows else 0
        self._note(warning)
        if held == 0 and warning is None:
            raise BackendError(
                f"{self.target.index} at {self.target.head} holds none of this corpus: name its "
                "shards in the URL to load them (mysql://HEAD:PORT/INDEX?shards=HOST:PORT,...)"
            )
        if held != self._size:
            logger.warning(
                "sphinxql: %s holds %d of the corpus's %d sentences",
                self.target.index,
                held,
                self._size,
            )

    def _load_shard(
        self,
        endpoint: Endpoint,
        shard: int,
        shards: int,
        terms: Sequence[Sequence[str]],
        sentences: Sequence[Sentence],
    ) -> None:
        index = self.target.index
        pool = self._pool if endpoint == self.target.head else ConnectionPool(endpoint, 5.0)
        try:
            ours = _count(pool, f"SELECT COUNT(*) FROM {index} WHERE corpus={self._corpus}")
            total = _count(pool, f"SELECT COUNT(*) FROM {index}")
            if total > ours:
                raise BackendError(
                    f"{index} at {endpoint} holds {total - ours} sentences of another corpus: "
                    f"empty it (TRUNCATE RTINDEX {index}) or name another index in the URL"
                )
            positions = range(shard, self._size, shards)
            if ours == len(positions):
                return
            logger.info(
                "sphinxql: loading %d sentences into %s at %s", len(positions), index, endpoint
            )
            sql = f"REPLACE INTO {index} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            for start in range(0, len(positions), BATCH_ROWS):
                rows = [
                    _row(p, terms[p], sentences[p], self._corpus)
                    for p in positions[start : start + BATCH_ROWS]
                ]
                pool.execute_many(sql, rows)
        except SphinxUnavailable as error:
            logger.warning("sphinxql: cannot load shard %d at %s (%s)", shard, endpoint, error)
        except pymysql.MySQLError as error:
            raise BackendError(f"loading {index} at {endpoint} failed: {error}") from error
        finally:
            if pool is not self._pool:
                pool.close()


def _row(position: int, terms: Sequence[str], sentence: Sentence, corpus: int) -> tuple[Any, ...]:
    text = " ".join(sphinx_token(term) for term in terms)
    return (
        position + 1,
        text,
        corpus,
        position,
        sentence.article_id,
        sentence.paragraph,
        sentence.sentence,
    )


def _count(pool: ConnectionPool, sql: str) -> int:
    rows, _ = pool.query(sql, ())
    return int(rows[0][0]) if rows else 0


def _frequencies(
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


def _reference_idf(variant: str, size: int, df: Counter[str]) -> dict[str, float]:
    """Return rank-bm25's idf for every term: BM25Plus's, or BM25Okapi's with its floor."""
    if variant == "plus":
        return {term: math.log((size + 1) / n) for term, n in df.items()}
    raw = {term: math.log(size - n + 0.5) - math.log(n + 0.5) for term, n in df.items()}
    floor = 0.25 * (sum(raw.values()) / len(raw)) if raw else 0.0
    return {term: value if value >= 0 else floor for term, value in raw.items()}
