"""The SphinxQL search backend: BM25 over a Sphinx or Manticore index, one shard or many."""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Sequence
from typing import Any

import pymysql

from index.errors import BackendError
from index.models import Hit, Sentence
from index.search.backend import QueryTerm
from index.search.sphinx_client import ConnectionPool, Rows, SphinxUnavailable
from index.search.sphinx_config import (
    SphinxTarget,
    corpus_key,
    parse_sphinx_url,
    sphinx_token,
)
from index.search.sphinx_loading import ShardPlace, load_shard
from index.search.sphinx_scoring import WEIGHT_SCALE, bm25_ranker, reference_idf, term_frequencies
from index.search.sphinx_versions import retire_older_versions

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60.0
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
        self.bm25_ranker = bm25_ranker(k1, b, self._delta, self._average_length)
        self._pool = ConnectionPool(self.target.head, timeout)
        self._corpus = corpus_key(terms)
        self._degraded: str | None = None
        self._warned_at = 0.0
        shards = self._describe()
        self._df, self._shard_df = term_frequencies(terms, shards)
        self._idf = reference_idf(variant, self._size, self._df)
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

        Only this corpus's rows are searched: once a grown version replaces them, a process
        still holding the older one finds nothing rather than citing the wrong sentences.
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
            f"AND corpus={self._corpus} ORDER BY w DESC, id ASC LIMIT {limit} "
            f"OPTION {self.bm25_ranker}, max_matches={limit}"
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
            index, head = self.target.index, self._pool
            retire_older_versions(index, writable, head, self._corpus, terms, sentences)
            for shard, mirrors in enumerate(writable):
                for endpoint in mirrors:
                    pool = self._pool if endpoint == self.target.head else None
                    place = ShardPlace(self.target.index, endpoint, shard, shards, self._corpus)
                    load_shard(place, pool, terms, sentences)
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
