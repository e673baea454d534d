"""Sentence vectors: kept on disk by the text the model reads, embedded ahead or on demand."""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from cachetools import LRUCache

from index.models import Sentence, same_paragraph
from index.semantic.encoder import Encoder

logger = logging.getLogger(__name__)

BATCH = 32
# Vectors of a big corpus kept in memory once read: 200,000 of 384 floats is about 300 MB.
MEMORY_VECTORS = 200_000
Progress = Callable[[int], None]


_POINTS_BACK = re.compile(
    r"(?:It|Its|This|These|That|Those|He|She|His|Her|They|Their|Such|The latter|The former)\b"
)
"""A sentence opening on one of these speaks of something named before it ("It was
commissioned by Odo"): alone, its vector misses what it is about."""


def passage_text(sentences: Sequence[Sentence], position: int) -> str:
    """Return what the model reads for a sentence: the sentence, after the sentence before it
    in its paragraph when it opens on a word pointing back to that one."""
    text = sentences[position].text
    if _POINTS_BACK.match(text) and same_paragraph(sentences, position, position - 1):
        return f"{sentences[position - 1].text} {text}"
    return text


def content_key(text: str) -> str:
    """Return the key a sentence's vector is kept under: a hash of its text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def store_path(cache_dir: Path, encoder: Encoder) -> Path:
    """Return the vector store file for one model in a cache folder."""
    return cache_dir / f"vectors-{encoder.identity}.sqlite"


class VectorStore:
    """Vectors by content key in one SQLite file per model (in memory when no file is given)."""

    def __init__(self, path: Path | None, dim: int) -> None:
        self.dim = dim
        target = ":memory:"
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = str(path)
        self._db = sqlite3.connect(target, timeout=30, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the vectors held for these keys; missing keys are left out."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, v FROM vectors WHERE key IN ({marks})", chunk)
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self.dim,):
                    found[key] = vector
        return found

    def put(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Keep these vectors; a crash mid-way loses at most this call's."""
        rows = [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def count(self) -> int:
        """Return how many vectors are kept."""
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()


class SentenceVectors:
    """The vectors of one index's sentences, by position, embedding what the store lacks."""

    def __init__(self, sentences: Sequence[Sentence], encoder: Encoder, store: VectorStore):
        self.sentences = sentences
        self.encoder = encoder
        self.store = store
        self._memory: LRUCache[int, np.ndarray] = LRUCache(MEMORY_VECTORS)
        self._matrix: np.ndarray | None = None
        self._paragraphs: np.ndarray | None = None
        self._paragraph_of: np.ndarray | None = None

    @property
    def complete(self) -> bool:
        """Tell whether every sentence's vector is in memory, so the nearest can be searched."""
        return self._matrix is not None

    def embed_all(self, progress: Progress | None = None) -> int:
        """Embed every sentence the store lacks and hold them all; return how many were new."""
        total = len(self.sentences)
        if total > MEMORY_VECTORS:
            return self._embed_range(range(total), progress, keep=False)
        added = self._embed_range(range(total), progress, keep=True)
        self._matrix = np.stack([self._memory[p] for p in range(total)]) if total else None
        if self._matrix is not None:
            self._paragraphs, self._paragraph_of = paragraph_vectors(self.sentences, self._matrix)
        return added

    def vectors(self, positions: Sequence[int]) -> np.ndarray:
        """Return the vectors of these positions, one row each, embedding the missing ones."""
        if self._matrix is not None:
            return self._matrix[list(positions)]
        missing = [p for p in positions if p not in self._memory]
        if missing:
            self._embed_range(missing, None, keep=True)
        if not positions:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self._memory[p] for p in positions])

    def paragraph_similarity(self, positions: Sequence[int], query: np.ndarray) -> np.ndarray:
        """Return how like the query each position's paragraph is (its mean vector's cosine);
        zeros unless every sentence's vector is in memory."""
        if self._paragraphs is None or self._paragraph_of is None:
            return np.zeros(len(positions), dtype=np.float32)
        return self._paragraphs[self._paragraph_of[list(positions)]] @ query

    def nearest(self, query: np.ndarray, count: int) -> list[int]:
        """Return the positions of the `count` sentences most like the query, best first."""
        if self._matrix is None or count <= 0:
            return []
        scores = self._matrix @ query
        count = min(count, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        return sorted(best.tolist(), key=lambda p: (-scores[p], p))

    def _embed_range(self, positions: Iterable[int], progress: Progress | None, keep: bool) -> int:
        """Fetch or embed the vectors of positions in batches; return how many were embedded."""
        embedded = 0
        batch: list[int] = []
        for position in positions:
            batch.append(position)
            if len(batch) == 500:
                embedded += self._embed_batch(batch, keep)
                if progress is not None:
                    progress(len(batch))
                batch = []
        if batch:
            embedded += self._embed_batch(batch, keep)
            if progress is not None:
                progress(len(batch))
        return embedded

    def _embed_batch(self, positions: list[int], keep: bool) -> int:
        texts = {p: passage_text(self.sentences, p) for p in positions}
        keys = [content_key(texts[p]) for p in positions]
        found = self.store.get(keys)
        todo = sorted(
            {key: p for p, key in zip(positions, keys, strict=True) if key not in found}.items()
        )
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            rows = self.encoder.passages([texts[p] for _, p in chunk])
            fresh = [(key, row) for (key, _), row in zip(chunk, rows, strict=True)]
            self.store.put(fresh)
            found.update(fresh)
        if keep:
            for position, key in zip(positions, keys, strict=True):
                self._memory[position] = found[key]
        return len(todo)


def paragraph_vectors(
    sentences: Sequence[Sentence], matrix: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return each paragraph's unit mean vector, one row each, and each sentence's row."""
    rows: dict[tuple[str, int], int] = {}
    paragraph_of = np.array(
        [rows.setdefault((s.article_id, s.paragraph), len(rows)) for s in sentences],
        dtype=np.int64,
    )
    sums = np.zeros((len(rows), matrix.shape[1]), dtype=np.float32)
    np.add.at(sums, paragraph_of, matrix)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.maximum(norms, 1e-9), paragraph_of
