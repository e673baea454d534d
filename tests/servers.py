"""Tests that need a server from outside Python: skipped saying how to get it, or failed in CI.

The Telegram end-to-end tests need Node.js and the Bot API emulator (`npm ci --prefix
tests/e2e`); the Sphinx tests need searchd (`apt-get install -y sphinxsearch`). pytest never
installs them: `.ci/run` does, and sets CITEQA_REQUIRE_SERVERS=1 so that a missing server
fails the run instead of skipping tests quietly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NoReturn

import pytest

REQUIRE_SERVERS = "CITEQA_REQUIRE_SERVERS"


def servers_required(environ: Mapping[str, str] | None = None) -> bool:
    """Tell whether CITEQA_REQUIRE_SERVERS asks that every server test run (1, true or yes)."""
    value = (os.environ if environ is None else environ).get(REQUIRE_SERVERS, "")
    return value.strip().lower() in ("1", "true", "yes")


def server_missing(reason: str, environ: Mapping[str, str] | None = None) -> NoReturn:
    """Skip the test with `reason` (one line saying how to get the server), or fail it with
    the same reason when CITEQA_REQUIRE_SERVERS is set."""
    # `from None`: called while handling the error that says the server is missing, whose
    # message is the reason already.
    if servers_required(environ):
        message = f"{reason} ({REQUIRE_SERVERS} is set, so this is a failure)"
        raise pytest.fail.Exception(message, pytrace=False) from None
    raise pytest.skip.Exception(reason) from None
