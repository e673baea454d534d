"""How much of a question a sentence, or the whole corpus, accounts for."""

# How much of a question a sentence, or the whole corpus, accounts for: the evidence behind
# answering or abstaining.

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence, Set

from index.search.backend import SearchBackend
from index.text.english import is_common
from index.text.expansion import SynonymTable

_QUESTION_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")


def _phrase_key(phrase: frozenset[str]) -> str | None:
    """Name a question's phrase by one of its terms, the same for each; None for no phrase."""
    return min(phrase) if phrase else None


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

    def unheard_of(
        self, terms: Sequence[str], word_terms: Sequence[tuple[str, Sequence[str]]]
    ) -> frozenset[str]:
        """Return the question's terms no sentence holds, nor any synonym of them, whose words
        (`word_terms`: each word with its terms) are uncommon in English too.

        A question about a "banquet" or a "quokka" the articles never mention is likely about
        something else; one in everyday words they do not use ("duties", "goodbye") is more
        likely a paraphrase.
        """
        foreign = {term for term in terms if self.foreign(term)}
        if not foreign:
            return frozenset()
        common = {
            term
            for word, its in word_terms
            for term in its
            if term in foreign and is_common(word, term)
        }
        return frozenset(foreign - common)

    def weight_share(self, core: Set[str], terms: Set[str]) -> float:
        """Share of the question's idf-weighted core terms that are among `terms`, terms no
        sentence holds weighing as the rarest."""
        total = sum(self._idf(term) for term in core)
        part = sum(self._idf(term) for term in core & terms)
        return part / total if total else 0.0

    def coverage_of(
        self, core: Mapping[str, float], synonyms: SynonymTable | None = None
    ) -> Callable[[int], float]:
        """Return `coverage` for one question's weighted core, to apply to many sentences: the
        terms' idfs and the words that match each are looked up once."""
        synonyms = synonyms or self._synonyms
        # Rarest first, so that where two question words vie for one sentence word, the one
        # that says more gets it.
        weighted = sorted(
            (
                (
                    self._idf(term) * weight,
                    term,
                    frozenset(synonyms.related(term) if synonyms else ()),
                    _phrase_key(synonyms.phrase_terms(term) if synonyms else frozenset()),
                )
                for term, weight in core.items()
            ),
            key=lambda item: (-item[0], item[1]),
        )
        total = sum(item[0] for item in weighted)
        asked = frozenset(item[1] for item in weighted)
        sentences = self._terms

        def coverage(position: int) -> float:
            terms = set(sentences[position])
            matched = 0.0
            unsaid = []
            for idf, term, related, phrase in weighted:
                if term in terms:
                    matched += idf
                else:
                    unsaid.append((idf, related, phrase))
            used = terms & asked
            # The word that paraphrases a phrase ("accompanied" for "went along with") stands
            # for each of the phrase's words.
            said_for: dict[str, set[str]] = {}
            for idf, related, phrase in unsaid:
                present = related & terms
                if phrase is not None and present & said_for.get(phrase, set()):
                    matched += idf
                elif free := present - used:
                    matched += idf
                    word = min(free)
                    used.add(word)
                    if phrase is not None:
                        said_for.setdefault(phrase, set()).add(word)
            return matched / total if total else 0.0

        return coverage

    def coverage(
        self,
        position: int,
        core: Set[str] | Mapping[str, float],
        synonyms: SynonymTable | None = None,
        literal: bool = False,
    ) -> float:
        """Share of the question's idf-weighted core terms that a sentence holds or
        paraphrases; given as a mapping, each term's idf is also scaled by its weight.

        A synonym counts as the word itself: its lower weight ranks literal matches first,
        but a sentence that says "accompanied" speaks of the "companions" asked about. Each
        word of the sentence accounts for one word of the question only: "traveled" is a
        "trip" word too, but it does not cover both in "Who traveled with him on the trip?".
        `synonyms` is the table as it stands for this question (`SynonymTable.within`); the
        index's own table by default. With `literal`, a synonym counts only for its weight.
        """
        weights = core if isinstance(core, Mapping) else dict.fromkeys(core, 1.0)
        if not literal:
            return self.coverage_of(weights, synonyms)(position)
        return self.literal_coverage(set(self._terms[position]), weights, synonyms)

    def literal_coverage(
        self,
        sentence_terms: Set[str],
        weights: Mapping[str, float],
        synonyms: SynonymTable | None = None,
    ) -> float:
        """Share of the question's idf-weighted core terms that a set of terms holds, a
        synonym counting only for its weight: `coverage` with `literal`, for any text."""
        synonyms = synonyms or self._synonyms
        total = matched = 0.0
        for term, weight in weights.items():
            idf = self._idf(term) * weight
            total += idf
            if term in sentence_terms:
                matched += idf
            elif synonyms is not None:
                related = synonyms.related(term)
                present = [link for other, link in related.items() if other in sentence_terms]
                if present:
                    matched += idf * max(present)
        return matched / total if total else 0.0
