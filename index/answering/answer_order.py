"""Which of two neighbouring sentences answers first: the one naming the person, or the reason."""

from __future__ import annotations

from collections.abc import Sequence

from index.answering.conversation import refers_back, sentence_opens_on_contrast
from index.answering.question_types import QuestionType, answers_type
from index.models import Ranked, Sentence, same_paragraph
from index.store.cache import IndexData
from index.text.features import hands_over_name


def named_first(ranked: Sequence[Ranked], sentences: Sequence[Sentence]) -> Sequence[Ranked]:
    """Put the sentence that names the person first when the best one only describes them
    ("A spokesperson said..." then "..., Kim Eui-kyeom told reporters"); the describing
    sentence follows it, as it vouched for the answer."""
    score, position = ranked[0]
    following = position + 1
    if same_paragraph(sentences, position, following) and hands_over_name(
        sentences[position].text, sentences[following].text
    ):
        rest = [item for item in ranked if item[1] != following]
        return [Ranked(score, following), *rest]
    return ranked


def reason_first(
    ranked: Sequence[Ranked], data: IndexData, purpose_asked: bool, asked_of_it: bool = False
) -> Sequence[Ranked]:
    """Put the next sentence first when the best one for "why" states what happened with
    no reason and the next goes on from it: "Trump touted what he said was a commitment
    to denuclearize. That agreement was met with incredulity by observers, who noted that
    it was short on details." The stating sentence follows it, as it vouched for it.

    When the question words an aim itself ("Why would Washington want to lock in a trade
    pact?"), a sentence giving an aim ("in an effort to make deals") may only restate it,
    so the next one is tried all the same. One opening on a contrast ("But no one would
    confirm...") goes on without explaining. When the best one is the last answer and the
    question points back at it ("Why?"), the question makes the link the next sentence
    need not ("The city closed the tram line. Engineers found cracks in the bridge.")."""
    score, position = ranked[0]
    following = position + 1
    if not same_paragraph(data.sentences, position, following):
        return ranked
    text = data.sentences[following].text
    if (
        (purpose_asked or not answers_type(data.features[position], QuestionType.WHY))
        and (asked_of_it or refers_back(text))
        and not sentence_opens_on_contrast(text)
    ):
        rest = [item for item in ranked if item[1] != following]
        return [Ranked(score, following), *rest]
    return ranked
