"""The hybrid ranker: the model's similarity and the lexical score over both kinds of candidate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.models import Article, Sentence
from index.semantic.encoder import Encoder
from index.semantic.vectors import SentenceVectors
from index.statements import folded_titles, states_something, words_of


@dataclass(frozen=True)
class HybridSettings:
    """The hybrid ranker's few weights, fitted on outside data and checked on the seeds."""

    lexical_weight: float = 0.1
    """How much the lexical score (as a share of the best candidate's) adds to the similarity."""
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
    min_words: int = 4
    """A sentence of fewer words is a fragment: it never outranks one that states a fact."""


@dataclass(frozen=True)
class Ranking:
    """Candidates best first as (score, position), and the best one's similarity."""

    ranked: list[tuple[float, int]]
    similarity: float


class HybridRanker:
    """Re-ranks lexical candidates, joined by the model's nearest sentences, by similarity."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        articles: Sequence[Article],
        vectors: SentenceVectors,
        encoder: Encoder,
        settings: HybridSettings,
    ) -> None:
        self.sentences = sentences
        self.vectors = vectors
        self.encoder = encoder
        self.settings = settings
        self._titles = folded_titles(articles)

    def rank(
        self,
        question: str,
        lexical: list[tuple[float, int]],
        excluded: set[int],
        asked: str,
        favoured: frozenset[int] = frozenset(),
        follow_up: bool = False,
    ) -> Ranking:
        """Order the candidates by similarity plus the weighted lexical share; statements first.

        `question` is what the model reads (a follow-up joined to the question before it);
        `asked` is the question as asked, whose words an answer must go beyond; `favoured`
        are the sentences the conversation points at.
        """
        own_words = frozenset(words_of(asked))
        query = self.encoder.queries([question])[0]
        depth = self.settings.candidates
        if not self.vectors.complete:
            depth = self.settings.on_demand_candidates
        pool = lexical[:depth]
        lexical_scores = {position: score for score, position in pool}
        for position in favoured:
            lexical_scores.setdefault(position, 0.0)
        for position in self.vectors.nearest(query, self.settings.nearest):
            if position not in excluded and position not in lexical_scores:
                lexical_scores[position] = 0.0
        if not lexical_scores:
            return Ranking([], 0.0)
        positions = list(lexical_scores)
        similarity = self.vectors.vectors(positions) @ query
        top = max(max(lexical_scores.values()), 1e-9)
        weight = self.settings.lexical_weight
        if follow_up:
            weight = self.settings.follow_up_lexical_weight
        talk = self.settings.conversation_weight
        scored = [
            (
                float(sim) + weight * max(lexical_scores[p], 0.0) / top + talk * (p in favoured),
                p,
                float(sim),
            )
            for p, sim in zip(positions, similarity, strict=True)
        ]
        scored.sort(
            key=lambda item: (
                not states_something(self.sentences[item[1]], self._titles, own_words),
                -item[0],
                item[1],
            )
        )
        return Ranking([(score, p) for score, p, _ in scored], scored[0][2])
