"""Older versions of a corpus in a Sphinx index: told apart from other corpora, and deleted."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pymysql

from index.errors import BackendError
from index.models import Sentence
from index.search.sphinx_client import ConnectionPool, SphinxUnavailable
from index.search.sphinx_config import Endpoint, corpus_key

logger = logging.getLogger(__name__)

PAGE_ROWS = 1000
Place = tuple[str, int, int]  # a sentence's article id, paragraph and sentence numbers


def retire_older_versions(
    index: str,
    shards: Sequence[Sequence[Endpoint]],
    head: ConnectionPool,
    corpus: int,
    terms: Sequence[Sequence[str]],
    sentences: Sequence[Sentence],
) -> None:
    """Delete the rows of older versions of this corpus from every copy of every shard.

    A corpus key other than `corpus` is an older version when its rows, taken from all the
    shards in order of position, are sentences of this corpus whose terms it fingerprints:
    the corpus has grown since. Rows of any other corpus stay, for `load_shard` to refuse.
    """
    pools: dict[Endpoint, ConnectionPool] = {head.endpoint: head}
    try:
        held: dict[int, dict[int, Place]] = {}
        holders: dict[int, list[ConnectionPool]] = {}
        silent: list[str] = []
        for mirrors in shards:
            answered = False
            for endpoint in mirrors:
                pool = pools.setdefault(endpoint, ConnectionPool(endpoint, head.timeout))
                try:
                    found = {key: _places(pool, index, key) for key in _keys(pool, index, corpus)}
                except SphinxUnavailable:
                    continue
                answered = True
                for key, places in found.items():
                    held.setdefault(key, {}).update(places)
                    holders.setdefault(key, []).append(pool)
            if not answered:
                silent.append("|".join(str(endpoint) for endpoint in mirrors))
        if not held:
            return
        if silent:
            raise BackendError(
                f"{index} holds sentences of another corpus, or of an older version of this one, "
                f"which cannot be told apart while no copy of shard {', '.join(silent)} answers: "
                "start its searchd"
            )
        where = {(s.article_id, s.paragraph, s.sentence): p for p, s in enumerate(sentences)}
        for key, places in held.items():
            if _is_older_version(key, places, where, terms):
                for pool in holders[key]:
                    logger.info(
                        "sphinxql: deleting an older version of the corpus from %s at %s",
                        index,
                        pool.endpoint,
                    )
                    pool.query(f"DELETE FROM {index} WHERE corpus={key}")
    except (SphinxUnavailable, pymysql.MySQLError) as error:
        raise BackendError(
            f"replacing an older version of the corpus in {index} failed: {error}"
        ) from error
    finally:
        for pool in pools.values():
            if pool is not head:
                pool.close()


def _is_older_version(
    key: int,
    places: dict[int, Place],
    where: dict[Place, int],
    terms: Sequence[Sequence[str]],
) -> bool:
    """Tell whether the rows of `key`, by id, fingerprint to it with this corpus's terms."""
    positions = []
    for row in sorted(places):
        position = where.get(places[row])
        if position is None:
            return False
        positions.append(position)
    return corpus_key([terms[position] for position in positions]) == key


def _keys(pool: ConnectionPool, index: str, corpus: int) -> list[int]:
    """Return the corpus keys other than `corpus` that rows of the shard carry."""
    sql = f"SELECT corpus, COUNT(*) FROM {index} WHERE corpus<>{corpus} GROUP BY corpus LIMIT 100"
    rows, _ = pool.query(sql, ())
    return [int(row[0]) for row in rows]


def _places(pool: ConnectionPool, index: str, key: int) -> dict[int, Place]:
    """Return the article, paragraph and sentence of each row of `key` in the shard, by id."""
    places: dict[int, Place] = {}
    last = 0
    while True:
        sql = (
            f"SELECT id, article, paragraph, sentence FROM {index} WHERE corpus={key} "
            f"AND id>{last} ORDER BY id ASC LIMIT {PAGE_ROWS} OPTION max_matches={PAGE_ROWS}"
        )
        rows, _ = pool.query(sql, ())
        for row_id, article, paragraph, sentence in rows:
            places[int(row_id)] = (str(article), int(paragraph), int(sentence))
        if len(rows) < PAGE_ROWS:
            return places
        last = int(rows[-1][0])
