"""An answer for one sentence position: its text, score, article, place and neighbours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from index.models import Answer, Article, Sentence, sentence_in_paragraph
from index.store.cache import IndexData


def answer_at(
    data: IndexData,
    articles: Mapping[str, Article],
    position: int,
    score: float,
    matched: tuple[str, ...] = (),
    spans: tuple[tuple[int, int], ...] = (),
) -> Answer:
    """Return the cited answer of the sentence at `position`, with the question's `matched`
    terms and the character `spans` of the words that hold them."""
    sentences = data.sentences
    sentence = sentences[position]
    return Answer(
        text=sentence.text,
        score=round(score, 4),
        article=articles[sentence.article_id],
        paragraph=sentence.paragraph,
        sentence=sentence.sentence,
        before=_neighbour(sentences, position, -1),
        after=_neighbour(sentences, position, 1),
        matched_terms=matched,
        sentence_in_paragraph=sentence_in_paragraph(sentences, position),
        matched_spans=spans,
    )


def _neighbour(sentences: Sequence[Sentence], position: int, step: int) -> str:
    """Return the sentence `step` away in the same article, or "" past its ends."""
    other = position + step
    if 0 <= other < len(sentences) and (
        sentences[other].article_id == sentences[position].article_id
    ):
        return sentences[other].text
    return ""
