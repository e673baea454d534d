"""Server tests skip saying how to get the server; under CITEQA_REQUIRE_SERVERS they fail."""

from __future__ import annotations

from typing import Any

import pytest
import sphinx_cluster
from servers import REQUIRE_SERVERS, server_missing, servers_required
from sphinx_cluster import SearchdMissing, find_searchd

REASON = "needs searchd, the Sphinx search daemon: run `apt-get install -y sphinxsearch`"


@pytest.mark.parametrize(
    ("environ", "required"),
    [
        ({}, False),
        ({REQUIRE_SERVERS: ""}, False),
        ({REQUIRE_SERVERS: "0"}, False),
        ({REQUIRE_SERVERS: "1"}, True),
        ({REQUIRE_SERVERS: " true"}, True),
        ({REQUIRE_SERVERS: "YES"}, True),
    ],
)
def test_the_switch_is_read_from_the_environment(environ: dict[str, str], required: bool) -> None:
    assert servers_required(environ) is required


def test_a_missing_server_skips_with_the_reason() -> None:
    with pytest.raises(pytest.skip.Exception) as skipped:
        server_missing(REASON, environ={})
    assert skipped.value.msg == REASON


def test_a_missing_server_fails_with_the_reason_when_servers_are_required() -> None:
    with pytest.raises(pytest.fail.Exception) as failed:
        server_missing(REASON, environ={REQUIRE_SERVERS: "1"})
    assert failed.value.msg is not None
    assert failed.value.msg.startswith(REASON)
    assert REQUIRE_SERVERS in failed.value.msg


def test_the_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_SERVERS, "1")
    assert servers_required()
    with pytest.raises(pytest.fail.Exception):
        server_missing(REASON)
    monkeypatch.delenv(REQUIRE_SERVERS)
    assert not servers_required()


def test_looking_for_searchd_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"the tests ran {args}: they must not change the system")

    monkeypatch.setattr(sphinx_cluster.shutil, "which", lambda name: None)
    monkeypatch.setattr(sphinx_cluster.os, "access", lambda path, mode: False)
    monkeypatch.setattr(sphinx_cluster.subprocess, "run", forbidden)
    with pytest.raises(SearchdMissing, match=r"^needs searchd.*apt-get install -y sphinxsearch"):
        find_searchd()
