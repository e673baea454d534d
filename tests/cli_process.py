"""Running the installed `citeqa` command as a separate process, as users and scripts do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def citeqa_command() -> list[str]:
    """Return the command that starts citeqa: the console script beside this Python if any."""
    script = Path(sys.executable).with_name("citeqa")
    if script.is_file():
        return [str(script)]
    found = shutil.which("citeqa")
    if found:
        return [found]
    return [sys.executable, "-c", "from bot.cli import main; main()"]
