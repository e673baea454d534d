"""Query expansion: a question's words widened with the synonyms kept as data in this package."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from index.backend import QueryTerm
from index.text import Analyzer


class SynonymTable:
    """Groups of interchangeable words, analysed with the index's own analyser."""

    def __init__(self, analyzer: Analyzer, groups: Sequence[Sequence[str]]) -> None:
        self._related: dict[str, set[str]] = {}
        for group in groups:
            stems = {term for word in group for term in analyzer.terms(word)}
            for stem in stems:
                self._related.setdefault(stem, set()).update(stems - {stem})

    @classmethod
    def packaged(cls, analyzer: Analyzer) -> SynonymTable:
        """Load the synonym groups shipped in index/data/synonyms.txt."""
        text = resources.files("index").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
        groups = [
            [word.strip() for word in line.split(",") if word.strip()]
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        return cls(analyzer, groups)

    def related(self, term: str) -> set[str]:
        """Return the terms that stand for this one (not itself)."""
        return self._related.get(term, set())


def expand_query(
    terms: Sequence[str], table: SynonymTable | None, weight: float
) -> list[QueryTerm]:
    """Weight the question's terms 1.0 and their synonyms `weight`, each term once."""
    query: dict[str, float] = {}
    for term in terms:
        query[term] = 1.0
    if table is not None and weight > 0:
        for term in terms:
            for other in sorted(table.related(term)):
                if other not in query:
                    query[other] = weight
    return [QueryTerm(term, w) for term, w in query.items()]
