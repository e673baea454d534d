"""Query expansion: a question's words widened with the synonyms kept as data in this package."""

# The list (data/synonyms.txt) is short and hand-kept. A thesaurus derived from WordNet 3.0 was
# measured as a second source and left out: it did not raise hit@1 on the seeds' dev set or on
# the SQuAD sample at any weight tried.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

from index.search.backend import QueryTerm
from index.text.analyzer import Analyzer

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
    """Related terms with the weight each counts for, analysed with the index's own analyser.

    An entry of several words is a phrase ("travel with", "talk about"): where a question says
    it, its words stand for the group's single words. Its words alone stand for nothing, so
    "travel" never means "accompany" on its own, and a phrase is never searched for in the
    articles, whose index holds single terms.
    """

    def __init__(self) -> None:
        self._related: dict[str, dict[str, float]] = {}
        # A phrase's stems (stopwords kept) -> (its terms, the group terms they stand for).
        self._phrases: dict[tuple[str, ...], tuple[tuple[str, ...], dict[str, float]]] = {}
        self._longest_phrase = 0
        self._phrase_terms: dict[str, frozenset[str]] = {}

    def add_groups(
        self,
        analyzer: Analyzer,
        groups: Iterable[Sequence[str]],
        weight: float,
        phrase_weight: float | None = None,
    ) -> None:
        """Make every word of each group stand for the others, at `weight`; a phrase of a
        group stands for its single words at `phrase_weight` (`weight` by default)."""
        phrase_weight = weight if phrase_weight is None else phrase_weight
        for group in groups:
            words = [entry for entry in group if " " not in entry.strip()]
            # A hyphenated entry counts as one word: "face-to-face" must not make "face" a synonym.
            stems = {term for word in words for term in analyzer.terms(word.replace("-", ""))}
            for stem in stems:
                for other in stems - {stem}:
                    self._link(stem, other, weight)
            for phrase in (entry for entry in group if " " in entry.strip()):
                key = tuple(analyzer.plain_stems(phrase))
                own = tuple(analyzer.terms(phrase))
                related = self._phrases.setdefault(key, (own, {}))[1]
                for stem in stems - set(own):
                    related[stem] = max(related.get(stem, 0.0), phrase_weight)
                self._longest_phrase = max(self._longest_phrase, len(key))

    def within(self, stems: Sequence[str]) -> SynonymTable:
        """Return the table as it stands for one question, given the question's plain stems
        (`Analyzer.plain_stems`): its phrases' terms gain the synonyms of those phrases."""
        links: dict[str, dict[str, float]] = {}
        phrases: dict[str, frozenset[str]] = {}
        for start in range(len(stems)):
            for length in range(2, min(self._longest_phrase, len(stems) - start) + 1):
                found = self._phrases.get(tuple(stems[start : start + length]))
                if found is None:
                    continue
                own, related = found
                for term in own:
                    phrases[term] = phrases.get(term, frozenset()) | frozenset(own)
                    merged = links.setdefault(term, dict(self._related.get(term, {})))
                    for other, weight in related.items():
                        if other != term and merged.get(other, 0.0) < weight:
                            merged[other] = weight
        if not links:
            return self
        table = SynonymTable()
        table._related = {**self._related, **links}
        table._phrase_terms = phrases
        return table

    def phrase_terms(self, term: str) -> frozenset[str]:
        """Return the terms of the question's phrase a term is part of ("went" and "along" in
        "went along with"), empty when it is in none; only a table `within` a question knows."""
        return self._phrase_terms.get(term, frozenset())

    def _link(self, stem: str, other: str, weight: float) -> None:
        related = self._related.setdefault(stem, {})
        if related.get(other, 0.0) < weight:
            related[other] = weight

    @classmethod
    def packaged(
        cls, analyzer: Analyzer, weight: float, phrase_weight: float | None = None
    ) -> SynonymTable:
        """Load the packaged synonym groups: words at `weight`, phrases at `phrase_weight`."""
        table = cls()
        table.add_groups(analyzer, read_curated_groups(), weight, phrase_weight)
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
