"""The knobs of answering: weights and bars that change no index, so no cache key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerSettings:
    """The knobs of answering; they change no index, so they are not part of the cache key."""

    synonym_weight: float = 0.4
    phrase_weight: float = 1.0
    follow_up_weight: float = 0.5
    tense_bonus: float = 0.5
    ordinal_weight: float = 0.5
    type_bonus: float = 0.5
    source_bonus: float = 0.3
    context_weight: float = 0.2
    coverage_bonus: float = 1.0
    follow_up_window: int = 2
    follow_up_adjacency_bonus: float = 0.3
    conversation_adjacency_bonus: float = 0.15
    continuation_share: float = 0.5
    min_own_coverage: float = 0.5
    paraphrase_weight: float = 0.5
    """How much a common word that no sentence holds counts in coverage: it is likely the
    asker's paraphrase, which no sentence can match; weighed as the rarest word it would
    drown a sentence that says the rest."""
    paraphrase_max_share: float = 0.5
    """Past this share of the question such words are likely its topic, one the articles do
    not cover ("Who won the football world cup?"), and they keep their weight."""
    min_coverage: float = 0.18
    vouched_min_coverage: float = 0.09
    """The coverage bar, in place of `min_coverage`, for the sentence the model finds nearest the
    question of all, when neither it nor the lexical best passes the usual checks: the model
    vouches for a paraphrase the words cannot show ("What did agriculture mainly produce?" for
    "cattle and citrus were major industries"). Any bar from 0 to 0.13 measures the same on
    the SQuAD design part, its paraphrased questions and the seeds; half the usual one keeps
    some words of the question needed."""
    untyped_min_coverage: float = 0.75
    """The coverage a number, date, duration or place question needs from a sentence whose fact
    of that kind is only the question's own or stands in a clause that matches it less well."""
    typeless_min_coverage: float = 0.85
    """The same for a sentence that holds no fact of that kind at all."""
    foreign_share: float = 0.7
    foreign_min_coverage: float = 0.4
    foreign_name_min_coverage: float = 0.4
    min_score: float = 0.0
    candidates: int = 50
    local_bonus: float = 1.0
    """How much a follow-up that points back ("Why?", "Who used it before him?") favours the
    last answer and the sentence after it, where such a question is most often answered."""
