"""Without Node.js or the emulator the e2e tests say how to get them; they never install them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import e2e_harness
import pytest
from e2e_harness import EmulatorMissing, find_emulator


@pytest.fixture
def no_installing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any command the harness runs fail the test."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"the tests ran {args}: they must not change the system")

    monkeypatch.setattr(e2e_harness.subprocess, "run", forbidden)
    monkeypatch.setattr(e2e_harness.subprocess, "Popen", forbidden)


@pytest.mark.usefixtures("no_installing")
def test_without_node_the_message_says_to_install_it_and_run_npm_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(e2e_harness.shutil, "which", lambda name: None)
    with pytest.raises(EmulatorMissing) as missing:
        find_emulator()
    assert str(missing.value) == (
        "needs Node.js 18 or later and npm: install them, then run `npm ci --prefix tests/e2e`"
    )


@pytest.mark.usefixtures("no_installing")
def test_without_the_emulator_the_message_says_to_run_npm_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(e2e_harness.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(e2e_harness, "E2E_DIR", tmp_path)
    with pytest.raises(EmulatorMissing, match=r"^needs the Bot API emulator: run `npm ci"):
        find_emulator()
