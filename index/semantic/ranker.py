"""The hybrid ranker: the model's similarity and the lexical score over both kinds of candidate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from index.models import Ranked
from index.semantic.vectors import SentenceVectors


@dataclass(frozen=True)
class HybridSettings:
    """The hybrid ranker's few weights, fitted on outside data and checked on the seeds."""

    lexical_weight: float = 0.13
    """How much the lexical score (as a share of the best candidate's) adds to the similarity
    where the best lexical candidates account for the whole question; it shrinks with the share
    they do account for, as a question in other words than the article's (a paraphrase) leaves
    the lexical order little to go on. Fitted with `bench.tune_hybrid` (0.12 to 0.16 all gain on
    the SQuAD design part, its paraphrased questions and the seeds over a fixed 0.1)."""
    candidates: int = 30
    """Lexical candidates the model re-ranks."""
    on_demand_candidates: int = 10
    """The same where sentences are embedded when first ranked (a big corpus): each one costs
    about 25 ms the first time; 8, 10 and 12 all lose 0.4 points of SQuAD hit@1 against 30,
    and 8 loses hit@3 too."""
    nearest: int = 20
    """Sentences nearest the question by the model that join them, where vectors exist."""
    follow_up_lexical_weight: float = 10.0
    """The same for a follow-up, whose lexical score carries the conversation's words."""
    conversation_weight: float = 0.05
    """What the last answer, and the sentence after it, gain for a follow-up that points back."""
    paragraph_weight: float = 0.2
    """How much the similarity of a sentence's paragraph (its mean vector) adds: a sentence
    in a paragraph about the question more likely answers it. Only where every sentence has a
    vector in memory (a paragraph's mean needs them all)."""


class HybridRanking(NamedTuple):
    """The candidates in the hybrid order, and the sentences the model alone finds nearest the
    question, nearest first (none where not every sentence has a vector)."""

    ranked: list[Ranked]
    nearest: list[int]


class HybridRanker:
    """Re-ranks lexical candidates, joined by the model's nearest sentences, by similarity."""

    def __init__(self, vectors: SentenceVectors, settings: HybridSettings) -> None:
        self.vectors = vectors
        self.settings = settings

    def rank(
        self,
        question: str,
        asked_before: str | None,
        lexical: Sequence[Ranked],
        excluded: set[int],
        favoured: frozenset[int] = frozenset(),
        follow_up: bool = False,
        lexical_coverage: float = 1.0,
    ) -> HybridRanking:
        """Order the candidates by similarity plus the weighted lexical share, best first.

        A follow-up is read joined to the question it follows (`asked_before`); `favoured` are
        the sentences the conversation points at; `lexical_coverage` is the share of the question
        the best lexical candidates account for (a follow-up's lexical weight does not shrink).
        """
        text = f"{asked_before} {question}" if asked_before else question
        query = self.vectors.encoder.queries([text])[0]
        depth = self.settings.candidates
        if not self.vectors.complete:
            depth = self.settings.on_demand_candidates
        lexical_scores = {position: score for score, position in lexical[:depth]}
        nearest = self.vectors.nearest(query, self.settings.nearest)
        joining = [*favoured, *(p for p in nearest if p not in excluded)]
        # A sentence that joins the candidates keeps the lexical score it has, if the lexical
        # list reaches it: how it came to be re-ranked is no reason to score it lower. The
        # list is read past the candidates only then (each sentence read may mean a disk read).
        missing = {p for p in joining if p not in lexical_scores}
        deeper = {p: score for score, p in lexical[depth:] if p in missing} if missing else {}
        for position in joining:
            lexical_scores.setdefault(position, deeper.get(position, 0.0))
        if not lexical_scores:
            return HybridRanking([], nearest)
        positions = list(lexical_scores)
        similarity = self.vectors.vectors(positions) @ query
        if self.settings.paragraph_weight:
            paragraphs = self.vectors.paragraph_similarity(positions, query)
            similarity = similarity + self.settings.paragraph_weight * paragraphs
        top = max(max(lexical_scores.values()), 1e-9)
        weight = self.settings.lexical_weight * lexical_coverage
        if follow_up:
            weight = self.settings.follow_up_lexical_weight
        talk = self.settings.conversation_weight
        scored = [
            Ranked(
                float(sim) + weight * max(lexical_scores[p], 0.0) / top + talk * (p in favoured), p
            )
            for p, sim in zip(positions, similarity, strict=True)
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return HybridRanking(scored, nearest)
