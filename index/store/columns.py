"""Sentences, terms and features in append-only column files, read lazily through mmap."""

from __future__ import annotations

import logging
import mmap
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, overload

import numpy as np

from index.errors import IndexFormatError
from index.models import Sentence

logger = logging.getLogger(__name__)

TEXT = "text.bin"
TEXT_ENDS = "text.ends"
TERMS = "terms.bin"
TERMS_ENDS = "terms.ends"
FIELDS = "fields.i32"
COLUMN_FILES = (TEXT, TEXT_ENDS, TERMS, TERMS_ENDS, FIELDS)
# Per sentence: article number, paragraph, sentence, start, end, features.
_FIELD_COUNT = 6
_CACHE_LIMIT = 8192
T = TypeVar("T")


@dataclass(frozen=True)
class ColumnRows:
    """What one batch of sentences adds to the columns."""

    article_numbers: Sequence[int]
    sentences: Sequence[Sentence]
    terms: Sequence[Sequence[str]]
    features: Sequence[int]


def append_rows(folder: Path, lengths: dict[str, int] | None, rows: ColumnRows) -> dict[str, int]:
    """Append rows after the first `lengths` bytes of each file (None: start anew); fsync them.

    Bytes past `lengths` are what a crashed append left; they are cut off first, so readers
    holding the old lengths are never disturbed. Returns the new lengths.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lengths = lengths or dict.fromkeys(COLUMN_FILES, 0)
    text_base = _last_end(folder / TEXT_ENDS, lengths[TEXT_ENDS])
    terms_base = _last_end(folder / TERMS_ENDS, lengths[TERMS_ENDS])
    text_blob = bytearray()
    terms_blob = bytearray()
    text_ends = np.empty(len(rows.sentences), dtype=np.int64)
    terms_ends = np.empty(len(rows.sentences), dtype=np.int64)
    fields = np.empty((len(rows.sentences), _FIELD_COUNT), dtype=np.int32)
    for i, (number, sentence, terms, features) in enumerate(
        zip(rows.article_numbers, rows.sentences, rows.terms, rows.features, strict=True)
    ):
        text_blob += sentence.text.encode("utf-8")
        terms_blob += " ".join(terms).encode("utf-8")
        text_ends[i] = text_base + len(text_blob)
        terms_ends[i] = terms_base + len(terms_blob)
        fields[i] = (
            number,
            sentence.paragraph,
            sentence.sentence,
            sentence.start,
            sentence.end,
            features,
        )
    payloads = {
        TEXT: bytes(text_blob),
        TEXT_ENDS: text_ends.tobytes(),
        TERMS: bytes(terms_blob),
        TERMS_ENDS: terms_ends.tobytes(),
        FIELDS: fields.tobytes(),
    }
    new_lengths = {}
    for name, payload in payloads.items():
        new_lengths[name] = _append(folder / name, lengths[name], payload)
    return new_lengths


def _last_end(path: Path, length: int) -> int:
    if length == 0:
        return 0
    with path.open("rb") as handle:
        handle.seek(length - 8)
        return int(np.frombuffer(handle.read(8), dtype=np.int64)[0])


def _append(path: Path, length: int, payload: bytes) -> int:
    with path.open("a+b") as handle:
        handle.truncate(length)
        handle.seek(length)
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return length + len(payload)


class _Columns:
    """The mapped files of one store, cut to the lengths its manifest records.

    Integers are read through memoryview casts of the maps: indexing one gives a Python int
    without numpy's per-item overhead.
    """

    def __init__(self, folder: Path, lengths: dict[str, int], count: int) -> None:
        try:
            self.text = _map(folder / TEXT, lengths[TEXT])
            self.terms = _map(folder / TERMS, lengths[TERMS])
            self.text_ends = _map(folder / TEXT_ENDS, lengths[TEXT_ENDS]).cast("q")
            self.terms_ends = _map(folder / TERMS_ENDS, lengths[TERMS_ENDS]).cast("q")
            self.fields = _map(folder / FIELDS, lengths[FIELDS]).cast("i")
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexFormatError(
                f"sentence store in {folder} cannot be read ({error})"
            ) from error
        rows = len(self.fields) // _FIELD_COUNT
        if not len(self.text_ends) == len(self.terms_ends) == rows == count:
            raise IndexFormatError(f"sentence store in {folder} is incomplete: rebuild it")
        self.count = count

    def span(self, ends: memoryview, position: int) -> tuple[int, int]:
        start: int = ends[position - 1] if position else 0
        end: int = ends[position]
        return start, end

    def row(self, position: int) -> list[int]:
        first = position * _FIELD_COUNT
        return self.fields[first : first + _FIELD_COUNT].tolist()


def _map(path: Path, length: int) -> memoryview:
    """Map the first `length` bytes of a file read-only (an empty view for none)."""
    if length == 0:
        return memoryview(b"")
    with path.open("rb") as handle:
        return memoryview(mmap.mmap(handle.fileno(), length, access=mmap.ACCESS_READ))


class _LazyColumn(Sequence[T], Generic[T]):
    """A read-only sequence over the store that builds items on demand, with a small cache."""

    def __init__(self, columns: _Columns) -> None:
        self._columns = columns
        self._cache: dict[int, T] = {}

    def __len__(self) -> int:
        return self._columns.count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        # Answering reads a few hundred positions a question: the common cases come first,
        # with no calls they do not need.
        cache = self._cache
        item = cache.get(index)
        if item is not None:
            return item
        count = self._columns.count
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(f"position {index} is outside the index")
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        item = cache[index] = self._load(index)
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))

    def _load(self, position: int) -> T:
        raise NotImplementedError


class LazySentences(_LazyColumn[Sentence]):
    """The sentences of the store, by position."""

    def __init__(self, columns: _Columns, article_ids: Sequence[str]) -> None:
        super().__init__(columns)
        self._article_ids = article_ids

    def _load(self, position: int) -> Sentence:
        columns = self._columns
        start, end = columns.span(columns.text_ends, position)
        number, paragraph, sentence, first, last, _ = columns.row(position)
        return Sentence(
            self._article_ids[number],
            paragraph,
            sentence,
            first,
            last,
            str(columns.text[start:end], "utf-8"),
        )


class LazyTerms(_LazyColumn[tuple[str, ...]]):
    """The analysed terms of each sentence, by position."""

    def _load(self, position: int) -> tuple[str, ...]:
        start, end = self._columns.span(self._columns.terms_ends, position)
        return tuple(str(self._columns.terms[start:end], "utf-8").split())


class LazyFeatures(_LazyColumn[int]):
    """The answer-feature bits of each sentence, by position."""

    def _load(self, position: int) -> int:
        value: int = self._columns.fields[position * _FIELD_COUNT + _FIELD_COUNT - 1]
        return value


def open_columns(
    folder: Path, lengths: dict[str, int], count: int, article_ids: Sequence[str]
) -> tuple[LazySentences, LazyTerms, LazyFeatures]:
    """Map a store's column files and return its sentences, terms and features as sequences."""
    columns = _Columns(folder, lengths, count)
    return LazySentences(columns, article_ids), LazyTerms(columns), LazyFeatures(columns)
