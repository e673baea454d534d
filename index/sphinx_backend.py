"""The SphinxQL search backend: BM25 over a Sphinx or Manticore index, one shard or many."""

from __future__ import annotations

import logging
import math
import re
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pymysql

from index.backend import QueryTerm
from index.errors import BackendError
from index.models import Hit, Sentence
from index.sphinx_client import ConnectionPool, Rows, SphinxUnavailable
from index.sphinx_config import (
    Endpoint,
    SphinxTarget,
    corpus_key,
    parse_sphinx_url,
    sphinx_token,
)

logger = logging.getLogger(__name__)

# Sphinx's expression ranker returns a 32-bit unsigned integer: scores are kept to 1e-6.
WEIGHT_SCALE = 1_000_000
BATCH_ROWS = 500
WARN_EVERY_SECONDS = 60.0
COLUMNS = "id, terms, corpus, position, article, paragraph, sentence"
_MIRROR = re.compile(r"_mirror_\d+$")


class SphinxBackend:
    """Ranks sentences with searchd over SphinxQL; loads the corpus into its shards if asked.

    Sphinx computes each term's idf from the shard that holds the sentence, as
    log(N_s/n_s)/(2 log(N_s+1)); a per-term IDF boost (`term^boost`) turns that into the
    reference backend's idf (rank-bm25's, over the whole corpus), exactly when one shard
    holds a term's sentences and as a document-weighted average when several do. With
    `rescore`, the candidates searchd returns are scored again with corpus-wide statistics,
    so rankings equal rank-bm25's whatever the shards hold.
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
        rescore: bool = True,
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
        self.rescore = rescore
        self._terms = terms
        self._k1, self._b = k1, b
        lengths = sum(len(tokens) for tokens in terms)
        self._average_length = lengths / self._size if lengths else 1.0
        self._ranker = _ranker(k1, b, self._delta, self._average_length)
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
        """Return the k best sentences for the weighted terms, ties by position.

        searchd ranks with each shard's statistics and returns the best `candidates(k)`;
        with `rescore`, those are scored again with corpus-wide idf, as the reference does.
        """
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
        limit = self.candidates(k) if self.rescore else k
        sql = (
            f"SELECT id, WEIGHT() AS w FROM {self.target.index} WHERE MATCH(%s) "
            f"ORDER BY w DESC, id ASC LIMIT {limit} OPTION {self._ranker}, max_matches={limit}"
        )
        rows, warning = self._query(sql, (" | ".join(parts),))
        self._note(warning)
        found = [(int(row[0]) - 1, int(row[1])) for row in rows if 0 < int(row[0]) <= self._size]
        if self.rescore:
            hits = self._rescore([position for position, _ in found], query)
        else:
            hits = [Hit(p, weight / WEIGHT_SCALE * self._scale) for p, weight in found]
        return [hit for hit in hits if hit.score > 0 and math.isfinite(hit.score)][:k]

    @staticmethod
    def candidates(k: int) -> int:
        """Return how many of searchd's best to re-score for the k best: 2k, at least k + 20."""
        return max(2 * k, k + 20)

    def _rescore(self, positions: Sequence[int], query: Sequence[QueryTerm]) -> list[Hit]:
        """Score sentences with the reference's BM25 over the whole corpus; best first."""
        k1, b, delta = self._k1, self._b, self._delta
        hits = []
        for position in positions:
            tokens = self._terms[position]
            norm = k1 * (1 - b + b * len(tokens) / self._average_length)
            score = 0.0
            for term, weight in query:
                tf = tokens.count(term)
                if tf:
                    bm25 = tf * (k1 + 1) / (norm + tf)
                    score += weight * (self._idf.get(term, 0.0) * (delta + bm25))
            hits.append(Hit(position, score))
        hits.sort(key=lambda hit: (-hit.score, hit.position))
        return hits

    def _boost(self, term: str, weight: float) -> float:
        """Return the IDF boost that turns Sphinx's shard idf into weight times reference idf."""
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

    def _query(self, sql: str, args: tuple[Any, ...]) -> tuple[Rows, str | None]:
        """Run a statement on the head; raise BackendError saying what to fix.

        A query that no agent answered is tried once more: searchd then picks other mirrors.
        """
        for attempt in (1, 2):
            try:
                return self._pool.query(sql, args)
            except SphinxUnavailable as error:
                raise BackendError(
                    f"the SphinxQL server at {self.target.head} is not answering ({error}): "
                    "start searchd there, or fix --sphinx-url / CITEQA_SPHINX_URL"
                ) from error
            except pymysql.MySQLError as error:
                message = str(error.args[-1]).rstrip("\0") if error.args else str(error)
                if "agent" in message and attempt == 1:
                    logger.warning("sphinxql: no shard answered, trying again: %s", message)
                    continue
                if "agent" in message:
                    raise BackendError(
                        f"no shard of {self.target.index} answered through {self.target.head} "
                        f"({message}): start the shards' searchd"
                    ) from error
                raise BackendError(
                    f"SphinxQL at {self.target.head} refused a query: {message}"
                ) from error
        raise AssertionError("unreachable")

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
        # A distributed index lists its parts as (name, "local") and (agent, "remote_N"),
        # with "_mirror_M" after N for each mirror of agent N; a real-time one its columns.
        parts = {
            (str(name), "local") if kind == "local" else ("", _MIRROR.sub("", str(kind)))
            for name, kind, *_ in rows
        }
        distributed = bool(parts) and all(
            kind == "local" or kind.startswith("remote") for _, kind in parts
        )
        agents = len(parts) if distributed else 1
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


def _ranker(k1: float, b: float, delta: float, average_length: float) -> str:
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
