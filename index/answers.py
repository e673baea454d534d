"""Answering one question: retrieve sentences, re-rank by question type, abstain or cite."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.answer_features import (
    clauses,
    hands_over_name,
    names_in_apposition,
    number_words,
    place_words,
    sentence_features,
    speaks_of_future,
)
from index.backend import QueryTerm, SearchBackend
from index.conversation import Conversation, refers_back, sentence_opens_on_contrast
from index.evidence import Evidence
from index.expansion import SynonymTable
from index.follow_up_hits import with_continuations, with_local
from index.models import Answer, Article, Hit, Reply
from index.planning import Planner, QueryPlan
from index.question_input import clean_question
from index.question_types import QuestionType, answers_type, states_purpose
from index.spelling import respell
from index.store import IndexData
from index.text import Analyzer

NO_QUESTION = "Please ask a question about the articles, for example: who met whom, and when?"
NO_WORDS = "That question has no words I can look up; ask about a person, place or event."
_CRISP_TYPES = frozenset(
    {QuestionType.WHEN, QuestionType.QUANTITY, QuestionType.DURATION, QuestionType.WHERE}
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


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
    reference_bonus: float = 0.3
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


class Answerer:
    """Answers questions over one built index with one search backend."""

    def __init__(
        self,
        data: IndexData,
        backend: SearchBackend,
        analyzer: Analyzer,
        synonyms: SynonymTable | None,
        settings: AnswerSettings,
    ) -> None:
        self.data = data
        self.backend = backend
        self.analyzer = analyzer
        self.settings = settings
        self._articles: dict[str, Article] = {a.id: a for a in data.articles}
        self.evidence = Evidence(data.terms, backend, synonyms)
        self.planner = Planner(data, analyzer, synonyms, self.evidence, settings)

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer a question with up to `top` cited sentences, or abstain; never raises on text."""
        cleaned = clean_question(question)
        if not cleaned:
            return Reply(question=question, abstained=True, notice=NO_QUESTION)
        previous = conversation.last if conversation is not None else None
        respelt = respell(cleaned, self.analyzer.word_term, self.backend.idf, self._known)
        searched = respelt if respelt != cleaned else None
        cleaned = respelt
        plan = self.planner.plan(cleaned, previous)
        if plan is None:
            return Reply(question=question, abstained=True, notice=NO_WORDS)

        hits = self.backend.search(plan.query, max(self.settings.candidates, top * 4))
        continuations: set[int] = set()
        if plan.wants_more:
            hits, continuations = with_continuations(
                hits, plan.goes_on_from, self.data.sentences, self.settings.continuation_share
            )
        if plan.local:
            hits = with_local(hits, plan.local)
        ranked = self._rerank(hits, plan)
        continued = bool(ranked) and ranked[0][1] in continuations
        answering = bool(ranked) and (
            continued
            or self._confident(ranked[0], plan)
            # A sentence going on from the last answer may be vouched for by that answer.
            or (
                ranked[0][1] in plan.follows_answer
                and self._confident((ranked[0][0], ranked[0][1] - 1), plan)
            )
            or (ranked[0][1] in plan.local and self._vouched_by_last_answer(ranked[0][1], plan))
        )
        if answering and plan.name_of is not None and not continued:
            answering = self._names_the_one_asked(ranked[0][1], plan.name_of, plan)
        if answering and plan.question_type is QuestionType.WHO:
            ranked = self._named_first(ranked)
        if answering and plan.question_type is QuestionType.WHY:
            asked_of_it = bool(ranked) and ranked[0][1] == plan.pointed_at
            ranked = self._reason_first(ranked, states_purpose(cleaned), asked_of_it)
        answers = self._answers(ranked, plan.query, top) if answering else []
        if conversation is not None:
            shown = tuple(position for _, position in ranked[: len(answers)])
            conversation.remember(self.planner.turn(cleaned, plan, previous, shown))
        return Reply(
            question=question, abstained=not answers, answers=tuple(answers), searched=searched
        )

    def _known(self, term: str) -> bool:
        """Tell whether some sentence holds a term or a synonym of it."""
        return not self.evidence.foreign(term)

    def _rerank(self, hits: list[Hit], plan: QueryPlan) -> list[tuple[float, int]]:
        """Add neighbour evidence, question-type fit and coverage to the BM25 scores; best first.

        Coverage, the share of the question a sentence accounts for with synonyms counting
        as the words themselves, lifts the sentence that answers the whole question in other
        words above one that repeats a few of its rarer words. Not for a follow-up: its own
        words are few ("Did anyone believe that?"), so their coverage is all or nothing and
        would outweigh the conversation.
        """
        scores = {hit.position: hit.score for hit in hits}
        sentences = self.data.sentences
        ranked = []
        coverage = None
        if self.settings.coverage_bonus and not plan.follow_up:
            coverage = self.evidence.coverage_of(plan.weighted_core(), plan.synonyms)
        for hit in hits:
            position = hit.position
            if position in plan.excluded:
                continue
            score = hit.score
            if self.settings.context_weight:
                for other in (position - 1, position + 1):
                    if other in scores and self._same_paragraph(position, other):
                        score += self.settings.context_weight * scores[other]
            if answers_type(self.data.features[position], plan.question_type):
                score *= 1.0 + self.settings.type_bonus
            if plan.future and speaks_of_future(self.data.features[position]):
                score *= 1.0 + self.settings.tense_bonus
            if sentences[position].article_id in plan.sources:
                score *= 1.0 + self.settings.source_bonus
            if position in plan.near:
                score *= 1.0 + plan.near_bonus
            if position in plan.follows_answer:
                score *= 1.0 + self.settings.reference_bonus
            if position in plan.local:
                score *= 1.0 + self.settings.local_bonus
            if coverage is not None:
                score *= 1.0 + self.settings.coverage_bonus * coverage(position)
            ranked.append((score, position))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        return ranked

    def _named_first(self, ranked: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """Put the sentence that names the person first when the best one only describes them
        ("A spokesperson said..." then "..., Kim Eui-kyeom told reporters"); the describing
        sentence follows it, as it vouched for the answer."""
        score, position = ranked[0]
        following = position + 1
        sentences = self.data.sentences
        if self._same_paragraph(position, following) and hands_over_name(
            sentences[position].text, sentences[following].text
        ):
            rest = [item for item in ranked if item[1] != following]
            return [(score, following), *rest]
        return ranked

    def _reason_first(
        self, ranked: list[tuple[float, int]], purpose_asked: bool, asked_of_it: bool = False
    ) -> list[tuple[float, int]]:
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
        if not self._same_paragraph(position, following):
            return ranked
        text = self.data.sentences[following].text
        if (
            (purpose_asked or not answers_type(self.data.features[position], QuestionType.WHY))
            and (asked_of_it or refers_back(text))
            and not sentence_opens_on_contrast(text)
        ):
            rest = [item for item in ranked if item[1] != following]
            return [(score, following), *rest]
        return ranked

    def _names_the_one_asked(self, position: int, noun: str, plan: QueryPlan) -> bool:
        """Tell whether the best sentence gives the name a question asks for: it says the
        noun asked about (or a synonym) beside a name ("his wife, Ri Sol-ju"), or it describes
        someone the next sentence names. "Kim, accompanied by his wife and top officials"
        speaks of the wife but does not answer "What is her name?"."""
        sentences = self.data.sentences
        text = sentences[position].text
        # It describes someone the next sentence names, or names the one the sentence before
        # described (a follow-up may land on the naming sentence itself).
        for first, second in ((position, position + 1), (position - 1, position)):
            if self._same_paragraph(first, second) and hands_over_name(
                sentences[first].text, sentences[second].text
            ):
                return True
        term = self.analyzer.word_term(noun)
        if term is None:
            return True
        synonyms = plan.synonyms
        wanted = {term, *(synonyms.related(term) if synonyms else ())}
        return any(
            names_in_apposition(text, word.start(), word.end())
            for word in _WORD.finditer(text)
            if self.analyzer.word_term(word.group().lower()) in wanted
        )

    def _new_place(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether a sentence names a place the question does not: "met in Vietnam" does
        not answer "In which Vietnamese city...?", nor "traveled to Beijing" "In which building
        in Beijing...?". A place the question's word derives from counts as given (Vietnam for
        Vietnamese, Korea for Korean)."""
        given = plan.own_terms
        for word in place_words(self.data.sentences[position].text):
            if word is None:
                return True
            term = self.analyzer.word_term(word.lower())
            if term and not any(other.startswith(term) for other in given):
                return True
        return False

    def _new_number(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether a sentence says a number the question does not: "plans to hit China
        with $60 billion in tariffs" does not tell how much Beijing will answer Trump's $60
        billion with."""
        given = set(plan.own_terms)
        return any(
            term not in given
            for word in number_words(self.data.sentences[position].text)
            for term in self.analyzer.terms(word)
        )

    def _typed_clause_matches(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether the number, date or place a sentence holds stands in a clause that
        matches the question as well as any other clause of it. In "Trump said he plans to hit
        China with $60 billion in tariffs, and Beijing plans to retaliate", the amount is
        Trump's: it does not tell how much Beijing's retaliation is.

        Synonyms count only for their weight here: a clause that merely paraphrases one rare
        word ("head of state" for "ruler") does not outweigh one that says the rest.
        """
        parts = clauses(self.data.sentences[position].text)
        if len(parts) < 2:
            return True
        weights = plan.weighted_core()
        typed: list[float] = []
        other: list[float] = []
        for part in parts:
            share = self.evidence.literal_coverage(
                set(self.analyzer.terms(part)), weights, plan.synonyms
            )
            fits = answers_type(sentence_features(part), plan.question_type)
            (typed if fits else other).append(share)
        return not typed or not other or max(typed) >= max(other)

    def _same_paragraph(self, position: int, other: int) -> bool:
        """Tell whether another position is a sentence of the same article and paragraph."""
        sentences = self.data.sentences
        return (
            0 <= other < len(sentences)
            and sentences[other].article_id == sentences[position].article_id
            and sentences[other].paragraph == sentences[position].paragraph
        )

    def _vouched_by_last_answer(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether a follow-up pointing back at the last answer may be answered by it or
        the sentence after it without covering its own few words ("Why?"): not when it asks
        for a date, number, duration or place the sentence lacks ("How long will that last?"),
        nor when it brings a name or a rare word no sentence holds ("Did he meet Putin?")."""
        if plan.question_type in _CRISP_TYPES and not answers_type(
            self.data.features[position], plan.question_type
        ):
            return False
        own = set(plan.own_terms)
        return not (plan.unheard_of & own) and not any(
            self.evidence.foreign(term) for term in plan.names & own
        )

    def _confident(self, best: tuple[float, int], plan: QueryPlan) -> bool:
        """Tell whether the best sentence is evidence enough to answer with.

        It must cover enough of the question's words, and more when the question asks for a
        number, date, duration or place and the sentence holds none (it cannot be the answer
        itself; a place or number the question names does not count, nor one in a clause that
        matches less well, though a sentence with none at all needs the most), when most of the
        question is words the articles never use, nor any synonym of them, and uncommon in
        English too (it is likely about something else: "Do quokkas like plums?"; everyday
        words like "duties" or "goodbye" more likely paraphrase), or when it names someone or
        something the articles never mention ("Did Kim meet Putin?").
        """
        score, position = best
        if score <= self.settings.min_score:
            return False
        needed = self.settings.min_coverage
        if plan.question_type in _CRISP_TYPES:
            typed = answers_type(self.data.features[position], plan.question_type)
            if not typed:
                needed = max(needed, self.settings.typeless_min_coverage)
            elif not (
                (plan.question_type is not QuestionType.WHERE or self._new_place(position, plan))
                and (
                    plan.question_type is not QuestionType.QUANTITY
                    or self._new_number(position, plan)
                )
                and self._typed_clause_matches(position, plan)
            ):
                needed = max(needed, self.settings.untyped_min_coverage)
        if self.evidence.coverage(position, plan.weighted_core(), plan.synonyms) < needed:
            return False
        # A question about something the articles never mention needs its other words
        # matched as written: a synonym counts only for its weight, too loose to vouch for it
        # ("What did Kim say about Japan?" and any sentence that "states" something).
        needed = 0.0
        if self.evidence.weight_share(plan.core, plan.unheard_of) >= self.settings.foreign_share:
            needed = max(needed, self.settings.foreign_min_coverage)
        if any(self.evidence.foreign(t) for t in plan.names & plan.core):
            needed = max(needed, self.settings.foreign_name_min_coverage)
        return not needed or (
            self.evidence.coverage(position, plan.core, plan.synonyms, literal=True) >= needed
        )

    def _answers(
        self, ranked: list[tuple[float, int]], query: Sequence[QueryTerm], top: int
    ) -> list[Answer]:
        answers: list[Answer] = []
        seen: set[str] = set()
        query_terms = {q.term for q in query}
        for score, position in ranked:
            sentence = self.data.sentences[position]
            key = " ".join(sentence.text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            terms = dict.fromkeys(self.data.terms[position])
            matched = tuple(t for t in terms if t in query_terms)
            answers.append(
                Answer(
                    text=sentence.text,
                    score=round(score, 4),
                    article=self._articles[sentence.article_id],
                    paragraph=sentence.paragraph,
                    sentence=sentence.sentence,
                    before=self._neighbour(position, -1),
                    after=self._neighbour(position, 1),
                    matched_terms=matched,
                )
            )
            if len(answers) == top:
                break
        return answers

    def _neighbour(self, position: int, step: int) -> str:
        other = position + step
        sentences = self.data.sentences
        if 0 <= other < len(sentences) and (
            sentences[other].article_id == sentences[position].article_id
        ):
            return sentences[other].text
        return ""
