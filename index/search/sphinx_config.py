"""searchd configuration for citeqa's Sphinx/Manticore indexes: the shard schema, the cluster."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from index.errors import BackendError

DEFAULT_INDEX = "citeqa"
DEFAULT_PORT = 9306
TERMS_FIELD = "terms"
# The characters of the tokens SphinxBackend sends: the analyser's own terms, or a hashed
# stand-in for a term with other characters, so Sphinx never re-tokenises what it is given.
CHARSET_TABLE = "0..9, a..z, _"
_PLAIN_TOKEN = re.compile(r"[a-z0-9]{1,40}")
_INDEX_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Endpoint(NamedTuple):
    """A SphinxQL listener: host and port."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class SphinxTarget:
    """Where to search (the head's index) and, to load it, each shard's SphinxQL mirrors."""

    head: Endpoint
    index: str
    shards: tuple[tuple[Endpoint, ...], ...] = ()


def _endpoint(text: str, url: str) -> Endpoint:
    host, _, port = text.strip().rpartition(":")
    if not host or not port.isdigit():
        raise BackendError(f"{text!r} in {url!r} is not HOST:PORT")
    return Endpoint(host, int(port))


def parse_sphinx_url(url: str) -> SphinxTarget:
    """Read mysql://HOST:PORT[/INDEX][?shards=H:P,H:P|MIRROR:P] into a target.

    `shards` lists each shard's SphinxQL address (mirrors joined by "|") in agent order;
    they are only needed to load the corpus into a distributed index.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("mysql", "sphinxql") or not parts.hostname:
        raise BackendError(
            f"the Sphinx URL {url!r} should look like mysql://127.0.0.1:9306/citeqa "
            "(set --sphinx-url or CITEQA_SPHINX_URL)"
        )
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as error:
        raise BackendError(f"the port in the Sphinx URL {url!r} is not a number") from error
    index = parts.path.strip("/") or DEFAULT_INDEX
    if not _INDEX_NAME.fullmatch(index):
        raise BackendError(f"{index!r} in {url!r} is not a Sphinx index name (letters, digits, _)")
    shards = tuple(
        tuple(_endpoint(mirror, url) for mirror in shard.split("|"))
        for raw in parse_qs(parts.query).get("shards", [])
        for shard in raw.split(",")
        if shard.strip()
    )
    return SphinxTarget(Endpoint(parts.hostname, port), index, shards)


def sphinx_token(term: str) -> str:
    """Return the token Sphinx indexes for an analysed term: the term, or a stand-in for it.

    A term of other characters than a-z and 0-9, or longer than 40, becomes "_" and a hash:
    characters Sphinx keeps whole, and never the same as a plain term.
    """
    if _PLAIN_TOKEN.fullmatch(term):
        return term
    return "_" + hashlib.blake2b(term.encode("utf-8"), digest_size=8).hexdigest()


def corpus_key(terms: Sequence[Sequence[str]]) -> int:
    """Return a 63-bit fingerprint of the analysed corpus, stored with every row."""
    digest = hashlib.blake2b(digest_size=8)
    for tokens in terms:
        digest.update(" ".join(tokens).encode("utf-8") + b"\n")
    return int.from_bytes(digest.digest(), "big") >> 1


def shard_index(name: str, folder: Path) -> str:
    """Return a real-time index block for one shard: pre-analysed terms, citation attributes.

    No morphology, stopwords or minimum word length: the project's analyser has already
    decided the terms. Field lengths are kept so BM25 can normalise by sentence length.
    """
    return f"""index {name}
{{
    type = rt
    path = {folder / name}
    rt_field = {TERMS_FIELD}
    rt_attr_bigint = corpus
    rt_attr_uint = position
    rt_attr_string = article
    rt_attr_uint = paragraph
    rt_attr_uint = sentence
    dict = keywords
    charset_table = {CHARSET_TABLE}
    min_word_len = 1
    index_field_lengths = 1
    rt_mem_limit = 256M
}}
"""


def distributed_index(
    name: str,
    agents: Sequence[str],
    connect_timeout_ms: int = 300,
    query_timeout_ms: int = 3000,
) -> str:
    """Return a distributed index block over shard agents.

    Each agent is "HOST:PORT:INDEX" at a shard's native (API) listener; give mirrors of one
    shard as "HOST1:PORT1|HOST2:PORT2:INDEX" and searchd fails over between them.
    """
    lines = "".join(f"    agent = {agent}\n" for agent in agents)
    return f"""index {name}
{{
    type = distributed
{lines}    agent_connect_timeout = {connect_timeout_ms}
    agent_query_timeout = {query_timeout_ms}
    ha_strategy = nodeads
}}
"""


def searchd_section(folder: Path, sphinxql: str, api: str | None = None) -> str:
    """Return the searchd block: a SphinxQL listener, an optional API one for agents, files."""
    listen = f"    listen = {sphinxql}:mysql41\n"
    if api is not None:
        listen += f"    listen = {api}\n"
    return f"""searchd
{{
{listen}    log = {folder / "searchd.log"}
    query_log = {folder / "query.log"}
    pid_file = {folder / "searchd.pid"}
    binlog_path = {folder}
    workers = threads
    read_timeout = 5
    client_timeout = 300
    max_packet_size = 32M
}}
"""


def shard_config(folder: Path, sphinxql: str, api: str, index: str = DEFAULT_INDEX) -> str:
    """Return a whole config for a shard node: its real-time index and both listeners."""
    return shard_index(index, folder) + searchd_section(folder, sphinxql, api)


def head_config(
    folder: Path, sphinxql: str, agents: Sequence[str], index: str = DEFAULT_INDEX
) -> str:
    """Return a whole config for a head node: one distributed index over the shards' agents."""
    return distributed_index(index, agents) + searchd_section(folder, sphinxql)
