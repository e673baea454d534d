"""Loading a corpus's sentences into Sphinx shards, each checked to hold only that corpus."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, NamedTuple

import pymysql

from index.errors import BackendError
from index.models import Sentence
from index.search.sphinx_client import ConnectionPool, SphinxUnavailable
from index.search.sphinx_config import Endpoint, sphinx_token

logger = logging.getLogger(__name__)

BATCH_ROWS = 500
COLUMNS = "id, terms, corpus, position, article, paragraph, sentence"


class ShardPlace(NamedTuple):
    """Where a shard's sentences go: the index, its endpoint, the shard's number and count."""

    index_name: str
    endpoint: Endpoint
    shard: int
    shards: int
    corpus: int


def load_shard(
    place: ShardPlace,
    pool: ConnectionPool | None,
    terms: Sequence[Sequence[str]],
    sentences: Sequence[Sentence],
) -> None:
    """Load the corpus's sentences of one shard (position mod shards) that it lacks.

    `pool` is a connection to the endpoint when the caller holds one; else one is opened here
    and closed after. A shard that holds another corpus is refused.
    """
    index, endpoint, shard, shards, corpus = place
    own = pool or ConnectionPool(endpoint, 5.0)
    try:
        ours = _count(own, f"SELECT COUNT(*) FROM {index} WHERE corpus={corpus}")
        total = _count(own, f"SELECT COUNT(*) FROM {index}")
        if total > ours:
            raise BackendError(
                f"{index} at {endpoint} holds {total - ours} sentences of another corpus: "
                f"empty it (TRUNCATE RTINDEX {index}) or name another index in the URL"
            )
        positions = range(shard, len(sentences), shards)
        if ours == len(positions):
            return
        logger.info(
            "sphinxql: loading %d sentences into %s at %s", len(positions), index, endpoint
        )
        sql = f"REPLACE INTO {index} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        for start in range(0, len(positions), BATCH_ROWS):
            rows = [
                _row(p, terms[p], sentences[p], corpus)
                for p in positions[start : start + BATCH_ROWS]
            ]
            own.execute_many(sql, rows)
    except SphinxUnavailable as error:
        logger.warning("sphinxql: cannot load shard %d at %s (%s)", shard, endpoint, error)
    except pymysql.MySQLError as error:
        raise BackendError(f"loading {index} at {endpoint} failed: {error}") from error
    finally:
        if own is not pool:
            own.close()


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
