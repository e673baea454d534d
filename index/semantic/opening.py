"""Opening a corpus's sentence vectors for the hybrid ranker, or saying why it cannot run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import BackendError
from index.models import Sentence
from index.semantic.encoder import ModelUnavailable, load_encoder
from index.semantic.vectors import SentenceVectors, VectorStore, store_path

if TYPE_CHECKING:
    from index.store.updates import ProgressFactory

RANKERS = ("hybrid", "lexical")
# Corpora up to this many sentences are embedded when opened (about 55 sentences a second on
# two cores, once: the vectors are kept); bigger ones embed each candidate when first ranked.
EMBED_AT_BUILD = 5_000


def open_vectors(
    sentences: Sequence[Sentence],
    ranker: str,
    cache_dir: Path | None,
    warn: Callable[[str], None],
    progress: ProgressFactory | None = None,
) -> SentenceVectors | None:
    """Return the sentence vectors of the hybrid ranker, None for the lexical one.

    A corpus of up to EMBED_AT_BUILD sentences has every sentence the store lacks embedded now,
    so the model's nearest sentences can join the candidates; a bigger one embeds each when
    first ranked. A machine the model cannot run on gets one warning and the lexical ranker.
    """
    if ranker == "lexical":
        return None
    if ranker not in RANKERS:
        raise BackendError(f"unknown ranker {ranker!r}: choose one of {', '.join(RANKERS)}")
    try:
        encoder = load_encoder()
    except ModelUnavailable as error:
        warn(f"{error}; answering with the lexical ranker")
        return None
    path = store_path(cache_dir, encoder) if cache_dir is not None else None
    try:
        store = VectorStore(path, encoder.dim)
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or error
        warn(f"could not keep sentence vectors in {path} ({reason}); keeping them in memory")
        store = VectorStore(None, encoder.dim)
    vectors = SentenceVectors(sentences, encoder, store)
    if len(sentences) <= EMBED_AT_BUILD:
        step = progress("embedding sentences", len(sentences)) if progress else None
        vectors.embed_all(step)
    return vectors
