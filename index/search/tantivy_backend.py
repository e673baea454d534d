"""The fast search backend: tantivy over the project's own terms, on disk and appendable."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import tantivy

from index.errors import BackendError, IndexFormatError
from index.models import Hit
from index.search.backend import QueryTerm

logger = logging.getLogger(__name__)

TERMS_FIELD = "terms"
POSITION_FIELD = "pos"
WRITER_HEAP = 256 * 2**20
WRITER_THREADS = 2
_TIE_MARGIN = 8


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Terms arrive analysed and space-joined: tantivy's whitespace tokenizer adds no analysis.
    builder.add_text_field(TERMS_FIELD, tokenizer_name="whitespace", index_option="freq")
    builder.add_unsigned_field(POSITION_FIELD, indexed=True, fast=True)
    return builder.build()


class _TermStats(NamedTuple):
    term: str
    weight: float
    doc_freq: int
    idf: float


class TantivyBackend:
    """Ranks sentences with tantivy as rank-bm25's BM25Plus (or Okapi) would rank them.

    Given the sentences' terms and token count, tantivy finds the 2k + 8 best candidates by
    its BM25 with each term boosted by weight x our idf / tantivy's idf (no delta, so its
    block-max WAND can prune), and those are scored exactly as rank-bm25 scores them.
    Without the terms, tantivy scores alone: each term's idf boosted to ours and BM25Plus's
    delta added by a constant-score clause (~3x slower at 1M), equal to rank-bm25 up to
    tantivy's one-byte length norms (exact up to 40 terms) and float32.
    Okapi's negative idf is floored at 0, not at 0.25 x the mean idf.
    """

    name = "tantivy"

    def __init__(
        self,
        folder: Path,
        size: int,
        variant: str = "plus",
        k1: float = 1.2,
        b: float = 0.75,
        delta: float | None = None,
        terms: Sequence[Sequence[str]] | None = None,
        tokens: int | None = None,
    ) -> None:
        if variant not in ("plus", "okapi"):
            raise BackendError(
                f"the tantivy backend ranks with BM25 'plus' or 'okapi', not {variant!r}: "
                "choose one of those, or --engine rank-bm25"
            )
        if (k1, b) != (1.2, 0.75):
            raise BackendError(
                f"tantivy's BM25 has k1=1.2 and b=0.75 built in, not k1={k1}, b={b}: "
                "use those, or --engine rank-bm25"
            )
        self.variant = variant
        self.k1 = k1
        self.b = b
        self.delta = (1.0 if delta is None else delta) if variant == "plus" else 0.0
        try:
            self._index = tantivy.Index(_schema(), path=str(folder), reuse=True)
        except (OSError, ValueError) as error:
            raise IndexFormatError(
                f"tantivy index in {folder} cannot be opened ({error})"
            ) from error
        self._schema = self._index.schema
        self._size = size
        self._terms = terms if tokens is not None else None
        self._average_length = (tokens or 0) / size if size else 0.0
        self._searcher = self._index.searcher()
        self._stored = self._searcher.num_docs

    def __len__(self) -> int:
        return self._size

    def _idf(self, doc_freq: int) -> float:
        count = self._size
        if self.variant == "plus":
            return math.log((count + 1) / doc_freq)
        return max(0.0, math.log(count - doc_freq + 0.5) - math.log(doc_freq + 0.5))

    def idf(self, term: str) -> float:
        """Return rank-bm25's idf for the term from its document frequency, 0 if unknown."""
        doc_freq = self._searcher.doc_freq(TERMS_FIELD, term)
        return self._idf(doc_freq) if doc_freq else 0.0

    def search(self, query: Sequence[QueryTerm], k: int) -> list[Hit]:
        """Return the k best sentences for the weighted terms, ties by position."""
        weights: dict[str, float] = {}
        for term, weight in query:
            if weight > 0:
                weights[term] = weights.get(term, 0.0) + weight
        stats = []
        for term, weight in weights.items():
            doc_freq = self._searcher.doc_freq(TERMS_FIELD, term)
            if doc_freq:
                stats.append(_TermStats(term, weight, doc_freq, self._idf(doc_freq)))
        if not stats or k <= 0:
            return []
        if self._terms is None:
            ranked = self._run(self._clauses(stats, exact=True), k + _TIE_MARGIN)
            return [Hit(position, score) for score, position in ranked[:k]]
        pool = self._run(self._clauses(stats, exact=False), 2 * k + _TIE_MARGIN)
        positions = [position for _, position in pool]
        scored = sorted(
            zip(self._scores(positions, stats), positions, strict=True),
            key=lambda item: (-item[0], item[1]),
        )
        return [Hit(position, score) for score, position in scored[:k] if score > 0]

    def _clauses(
        self, stats: Sequence[_TermStats], exact: bool
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        clauses = []
        for item in stats:
            theirs = math.log(1 + (self._stored - item.doc_freq + 0.5) / (item.doc_freq + 0.5))
            term_query = tantivy.Query.term_query(self._schema, TERMS_FIELD, item.term)
            boost = item.weight * item.idf / theirs
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(term_query, boost)))
            if exact and self.delta:
                constant = item.weight * self.delta * item.idf
                clauses.append(
                    (tantivy.Occur.Should, tantivy.Query.const_score_query(term_query, constant))
                )
        return clauses

    def _scores(self, positions: Sequence[int], stats: Sequence[_TermStats]) -> list[float]:
        """Score sentences as rank-bm25 does: the sum of weight x idf x (delta + tf part)."""
        if self._terms is None:
            return [0.0] * len(positions)
        k1, b, delta, average = self.k1, self.b, self.delta, self._average_length
        weighted = [(item.term, item.weight * item.idf) for item in stats]
        scores = []
        for position in positions:
            terms = self._terms[position]
            norm = k1 * (1 - b + b * len(terms) / average)
            score = 0.0
            for term, weight in weighted:
                frequency = terms.count(term)
                if frequency:
                    score += weight * (delta + frequency * (k1 + 1) / (frequency + norm))
            scores.append(score)
        return scores

    def _run(
        self, clauses: list[tuple[tantivy.Occur, tantivy.Query]], limit: int
    ) -> list[tuple[float, int]]:
        """Run a query; return (score, position) best first, ties by position."""
        result = self._searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        addresses = [address for _, address in result.hits]
        positions = self._searcher.fast_field_values(POSITION_FIELD, addresses)
        return sorted(
            (
                (float(score), int(position))
                for (score, _), position in zip(result.hits, positions, strict=True)
                if position is not None and position < self._size and score > 0
            ),
            key=lambda item: (-item[0], item[1]),
        )


def write_documents(
    folder: Path,
    first: int,
    terms: Iterable[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add space-joined term strings as sentences `first`, `first + 1`, ... and commit.

    Documents left by an add that crashed before its manifest was written (positions from
    `first` on) are deleted in the same commit, so a retry never doubles them. Returns the
    number added.
    """
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(folder), reuse=True)
    writer = index.writer(WRITER_HEAP, WRITER_THREADS)
    try:
        leftovers = tantivy.Query.range_query(
            index.schema, POSITION_FIELD, tantivy.FieldType.Unsigned, first, None
        )
        writer.delete_documents_by_query(leftovers)
        count = 0
        for count, text in enumerate(terms, start=1):
            document = tantivy.Document()
            document.add_text(TERMS_FIELD, text)
            document.add_unsigned(POSITION_FIELD, first + count - 1)
            writer.add_document(document)
            if progress is not None and count % 10_000 == 0:
                progress(10_000)
        writer.commit()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.rollback()
        raise
    writer.wait_merging_threads()
    if progress is not None:
        progress(count % 10_000)
    logger.debug("tantivy: %d sentences added from position %d", count, first)
    return count
