"""Query expansion: a question's words widened with the synonyms kept as data in this package.

The list (data/synonyms.txt) is short and hand-kept. A thesaurus derived from WordNet 3.0 was
measured as a second source and left out: it did not raise hit@1 on the seeds' dev set or on
the SQuAD sample at any weight tried.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

from index.backend import QueryTerm
from index.text import Analyzer

CURATED_FILE = "data/synonyms.txt"


def read_curated_groups() -> list[list[str]]:
    """Return the hand-kept synonym groups, one list of words per line of the data file."""
    text = resources.files("index").joinpath(CURATED_FILE).read_text(encoding="utf-8")
    return [
        [word.strip() for word in line.split(",") if word.strip()]
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


class SynonymTable:
    """Related terms with the weight each counts for, analysed with the index's own analyser."""

    def __init__(self) -> None:
        self._related: dict[str, dict[str, float]] = {}

    def add_groups(
        self, analyzer: Analyzer, groups: Iterable[Sequence[str]], weight: float
    ) -> None:
        """Make every word of each group stand for the others, at `weight`."""
        for group in groups:
            # A hyphenated entry counts as one word: "face-to-face" must not make "face" a synonym.
            stems = {term for word in group for term in analyzer.terms(word.replace("-", ""))}
            for stem in stems:
                for other in stems - {stem}:
                    self._link(stem, other, weight)

    def _link(self, stem: str, other: str, weight: float) -> None:
        related = self._related.setdefault(stem, {})
        if related.get(other, 0.0) < weight:
            related[other] = weight

    @classmethod
    def packaged(cls, analyzer: Analyzer, weight: float) -> SynonymTable:
        """Load the packaged synonym groups at `weight`."""
        table = cls()
        table.add_groups(analyzer, read_curated_groups(), weight)
        return table

    def related(self, term: str) -> Mapping[str, float]:
        """Return the terms that stand for this one (not itself), with their weights."""
        return self._related.get(term, {})


def expand_query(terms: Sequence[str], table: SynonymTable | None) -> list[QueryTerm]:
    """Weight the question's terms 1.0 and related terms by their table weight, each once."""
    query: dict[str, float] = dict.fromkeys(terms, 1.0)
    if table is not None:
        for term in terms:
            for other, weight in sorted(table.related(term).items()):
                if query.get(other, 0.0) < weight:
                    query[other] = weight
    return [QueryTerm(term, weight) for term, weight in query.items()]
