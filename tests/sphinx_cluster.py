"""A throwaway Sphinx cluster on loopback: two shard searchd nodes and a head over both."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pymysql

from index.search.sphinx_config import DEFAULT_INDEX, head_config, shard_config

SEARCHD_MISSING = (
    "needs searchd, the Sphinx search daemon: "
    "run `apt-get install -y sphinxsearch` (as .ci/run does) or put searchd on PATH"
)
START_SECONDS = 20.0
STOP_SECONDS = 20.0


class SearchdMissing(RuntimeError):
    """searchd is not installed; the message says how to install it."""


def _installed_searchd() -> str | None:
    found = shutil.which("searchd")
    for path in (found, "/usr/bin/searchd", "/usr/sbin/searchd", "/usr/local/bin/searchd"):
        if path and os.access(path, os.X_OK):
            return path
    return None


def find_searchd() -> str:
    """Return the path of searchd; raise SearchdMissing saying how to install it.

    Tests never install it (.ci/run does): they skip, or fail under CITEQA_REQUIRE_SERVERS.
    """
    path = _installed_searchd()
    if path is None:
        raise SearchdMissing(SEARCHD_MISSING)
    return path


def free_ports(count: int) -> list[int]:
    """Return distinct 127.0.0.1 ports that were free a moment ago."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


class Node:
    """One searchd process: its folder, config and SphinxQL port; started and stopped by pid."""

    def __init__(self, searchd: str, folder: Path, config: str, sphinxql_port: int) -> None:
        self.searchd = searchd
        self.folder = folder
        self.port = sphinxql_port
        folder.mkdir(parents=True, exist_ok=True)
        self.config = folder / "searchd.conf"
        self.config.write_text(config, encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        """Return the node's SphinxQL address, HOST:PORT."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start searchd in the foreground of its own process group and wait until it answers."""
        if self.process is not None and self.process.poll() is None:
            return
        with (self.folder / "stdout.log").open("ab") as log:
            self.process = subprocess.Popen(
                [self.searchd, "--config", str(self.config), "--nodetach"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"searchd at {self.address} exited:\n{self.log_tail()}")
            try:
                connection = pymysql.connect(
                    host="127.0.0.1", port=self.port, connect_timeout=1, autocommit=True
                )
            except pymysql.MySQLError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"searchd at {self.address} did not answer in {START_SECONDS:.0f} s:\n"
                        f"{self.log_tail()}"
                    ) from None
                time.sleep(0.05)
                continue
            with connection:
                connection.cursor().execute("SHOW STATUS")
            return

    def stop(self) -> None:
        """Stop searchd by its pid (SIGTERM, which saves its data; SIGKILL if it hangs)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @property
    def running(self) -> bool:
        """Tell whether the process is alive."""
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        """Return the end of the node's output and log, for error messages."""
        text = ""
        for name in ("stdout.log", "searchd.log"):
            path = self.folder / name
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


class SphinxCluster:
    """Shard nodes, each with a real-time index, and a head whose distributed index spans them.

    With `copies` over 1, each shard has that many mirror nodes, which the head fails over
    between.
    """

    def __init__(
        self, folder: Path, shards: int = 2, index: str = DEFAULT_INDEX, copies: int = 1
    ) -> None:
        searchd = find_searchd()
        ports = iter(free_ports(2 * shards * copies + 1))
        self.index = index
        self.mirrors: list[list[Node]] = []
        agents = []
        for number in range(shards):
            mirrors, apis = [], []
            for copy in range(copies):
                sphinxql, api = next(ports), next(ports)
                node_folder = folder / f"shard{number}" / f"copy{copy}"
                sql, api_address = f"127.0.0.1:{sphinxql}", f"127.0.0.1:{api}"
                config = shard_config(node_folder, sql, api_address, index)
                mirrors.append(Node(searchd, node_folder, config, sphinxql))
                apis.append(api_address)
            self.mirrors.append(mirrors)
            agents.append(f"{'|'.join(apis)}:{index}")
        head_port = next(ports)
        head_folder = folder / "head"
        config = head_config(head_folder, f"127.0.0.1:{head_port}", agents, index)
        self.head = Node(searchd, head_folder, config, head_port)

    @property
    def shards(self) -> list[Node]:
        """Return the first copy of each shard."""
        return [mirrors[0] for mirrors in self.mirrors]

    @property
    def nodes(self) -> list[Node]:
        """Return every node, shards first."""
        return [*(node for mirrors in self.mirrors for node in mirrors), self.head]

    @property
    def url(self) -> str:
        """Return the URL that searches through the head and can load the shards."""
        shards = ",".join("|".join(node.address for node in copies) for copies in self.mirrors)
        return f"mysql://{self.head.address}/{self.index}?shards={shards}"

    @property
    def search_url(self) -> str:
        """Return the URL a bot worker uses: the head only, the corpus already loaded."""
        return f"mysql://{self.head.address}/{self.index}"

    def start(self) -> None:
        """Start every node, stopping those already started if one fails."""
        try:
            for node in self.nodes:
                node.start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop every node that runs."""
        for node in self.nodes:
            node.stop()


@contextmanager
def running_cluster(folder: Path, shards: int = 2, copies: int = 1) -> Iterator[SphinxCluster]:
    """Start a cluster under `folder` and stop it afterwards, also when the body fails."""
    cluster = SphinxCluster(folder, shards, copies=copies)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
