"""Progress bars for long builds and adds: tqdm on a terminal's stderr, silent otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

logger = logging.getLogger(__name__)


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """Yield a factory of bars (label, total) -> update, for `Engine.open(progress=...)`."""
    bars: list[tqdm] = []

    def make(label: str, total: int) -> Callable[[int], None]:
        bar = tqdm(
            total=total,
            desc=label,
            disable=not sys.stderr.isatty(),
            file=sys.stderr,
            unit_scale=True,
            leave=False,
        )
        bars.append(bar)
        return bar.update

    try:
        yield make
    finally:
        for bar in bars:
            bar.close()
