"""How much of a question a sentence, or the whole corpus, accounts for: the evidence behind
answering or abstaining."""

from __future__ import annotations

import math
from collections.abc import Sequence, Set

from index.backend import SearchBackend
from index.expansion import SynonymTable


class Evidence:
    """Idf-weighted shares of a question's terms, over one index and its synonyms."""

    def __init__(
        self,
        terms: Sequence[Sequence[str]],
        backend: SearchBackend,
        synonyms: SynonymTable | None,
    ) -> None:
        self._terms = terms
        self._backend = backend
        self._synonyms = synonyms
        # A term no sentence holds weighs as much as the rarest possible one.
        self._unknown_idf = math.log(2 * (len(terms) + 1)) + 1.0

    def _idf(self, term: str) -> float:
        return self._backend.idf(term) or self._unknown_idf

    def foreign(self, term: str) -> bool:
        """Tell whether no sentence holds a term, nor any of its synonyms."""
        if self._backend.idf(term):
            return False
        return not (
            self._synonyms is not None
            and any(self._backend.idf(other) for other in self._synonyms.related(term))
        )

    def weight_share(self, core: Set[str], terms: Set[str]) -> float:
        """Share of the question's idf-weighted core terms that are among `terms`, terms no
        sentence holds weighing as the rarest."""
        total = sum(self._idf(term) for term in core)
        part = sum(self._idf(term) for term in core & terms)
        return part / total if total else 0.0

    def coverage(self, position: int, core: set[str]) -> float:
        """Share of the question's core terms that a sentence holds or paraphrases.

        A synonym counts for its weight.
        """
        sentence_terms = set(self._terms[position])
        total = matched = 0.0
        for term in core:
            idf = self._idf(term)
            total += idf
            if term in sentence_terms:
                matched += idf
            elif self._synonyms is not None:
                related = self._synonyms.related(term)
                present = [weight for other, weight in related.items() if other in sentence_terms]
                if present:
                    matched += idf * max(present)
        return matched / total if total else 0.0
