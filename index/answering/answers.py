"""Answering one question: retrieve sentences, re-rank by question type, abstain or cite."""

from __future__ import annotations

from collections.abc import Sequence

from index.answering.abstention import AnswerChecks
from index.answering.answer_order import named_first, reason_first
from index.answering.citing import answer_at
from index.answering.conversation import (
    Conversation,
    Turn,
    with_continuations,
    with_local,
)
from index.answering.evidence import Evidence
from index.answering.planning import Planner, QueryPlan
from index.answering.question import (
    MAX_QUERY_TERMS,
    asked_question,
    clean_question,
    parse_question,
    split_context,
)
from index.answering.question_types import QuestionType, answers_type
from index.answering.settings import AnswerSettings
from index.answering.statements import folded_titles, statements_first, states_something
from index.models import Answer, Article, Hit, Ranked, Reply, same_paragraph
from index.search.backend import QueryTerm, SearchBackend
from index.semantic.ranker import HybridRanker
from index.store.cache import IndexData
from index.text.analyzer import Analyzer
from index.text.casing import ArticleCasing
from index.text.expansion import SynonymTable
from index.text.features import speaks_of_future
from index.text.matching import matched_spans
from index.text.spelling import respell

NO_QUESTION = "Please ask a question about the articles, for example: who met whom, and when?"
NO_WORDS = "That question has no words I can look up; ask about a person, place or event."


class Answerer:
    """Answers questions over one built index with one search backend."""

    def __init__(
        self,
        data: IndexData,
        backend: SearchBackend,
        analyzer: Analyzer,
        synonyms: SynonymTable | None,
        settings: AnswerSettings,
        ranker: HybridRanker | None = None,
    ) -> None:
        self.data = data
        self.ranker = ranker
        self.backend = backend
        self.analyzer = analyzer
        self.settings = settings
        self._articles: dict[str, Article] = {a.id: a for a in data.articles}
        self._titles = folded_titles(data.articles)
        self.evidence = Evidence(data.terms, backend, synonyms)
        self.planner = Planner(data, analyzer, synonyms, self.evidence, settings)
        self.checks = AnswerChecks(data, analyzer, self.evidence, settings)
        self.casing = ArticleCasing(analyzer.terms, self._texts_holding)

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Answer a question with up to `top` cited sentences, or abstain; never raises on text."""
        # A greeting and thanks frame the whole message; a request wraps the question itself
        # ("I read the piece. Can you tell me who went with Kim?").
        context, cleaned = split_context(asked_question(clean_question(question)))
        cleaned = asked_question(cleaned)
        if not cleaned:
            return Reply(question=question, abstained=True, notice=NO_QUESTION)
        previous = conversation.last if conversation is not None else None
        said = self._said_before(context) if context else None
        respelt = respell(cleaned, self.analyzer.word_term, self.backend.idf, self._known)
        searched = respelt if respelt != cleaned else None
        parsed = parse_question(self.casing.restore(respelt), self.analyzer)
        plan = self.planner.plan(parsed, previous, said)
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
        # An answer must say more than the question, unless the question asks whether what it
        # says is so: "It's Kim's fourth visit to China in a year." answers "Is it...?".
        asked = frozenset() if parsed.yes_no else parsed.words
        sentences, titles = self.data.sentences, self._titles
        ranked = statements_first(self._rerank(hits, plan), sentences, titles, asked)
        lexical_best = ranked[0] if ranked and self.ranker is not None else None
        nearest: list[int] = []
        if self.ranker is not None:
            # The model reads a question after what its message said before it, and a
            # follow-up after the turn it leans on.
            before = said.question if said is not None else None
            if before is None and plan.follow_up and previous is not None:
                before = previous.question
            ranking = self.ranker.rank(
                parsed.text,
                before,
                ranked,
                plan.excluded,
                frozenset(plan.local - plan.excluded),
                plan.follow_up,
                self._lexical_coverage(ranked, plan),
            )
            ranked = statements_first(ranking.ranked, sentences, titles, asked)
            nearest = ranking.nearest
        continued = bool(ranked) and ranked[0][1] in continuations
        answering = bool(ranked) and (
            continued
            or self.checks.confident(ranked[0], plan)
            or (
                ranked[0][1] in plan.local
                and self.checks.vouched_by_last_answer(ranked[0][1], plan)
            )
        )
        if not answering and lexical_best is not None and lexical_best[1] != ranked[0][1]:
            ranked, answering = self._lexical_fallback(ranked, lexical_best, plan)
        if (
            not answering
            and ranked
            and self._nearest_statement(nearest, plan, asked) == ranked[0][1]
        ):
            # Last, the model vouches for its own nearest sentence: a paraphrase whose words
            # the question does not share needs less of them.
            answering = self.checks.confident(ranked[0], plan, model_nearest=True)
        if answering and plan.name_of is not None and not continued:
            answering = self.checks.names_the_one_asked(ranked[0][1], plan.name_of, plan)
        if answering and plan.question_type is QuestionType.WHO:
            ranked = named_first(ranked, self.data.sentences)
        if answering and plan.question_type is QuestionType.WHY:
            asked_of_it = bool(ranked) and ranked[0][1] == plan.pointed_at
            ranked = reason_first(ranked, self.data, parsed.purpose, asked_of_it)
        # A headline, a fragment or an echo of the question is no answer, even when nothing
        # else matches: it says nothing the asker does not already have.
        answering = answering and states_something(sentences[ranked[0][1]], titles, asked)
        answers = self._answers(ranked, plan.query, top) if answering else []
        if conversation is not None:
            shown = tuple(position for _, position in ranked[: len(answers)])
            conversation.remember(self.planner.turn(parsed.text, plan, said or previous, shown))
        return Reply(
            question=question, abstained=not answers, answers=tuple(answers), searched=searched
        )

    def _nearest_statement(
        self, nearest: Sequence[int], plan: QueryPlan, asked: frozenset[str]
    ) -> int | None:
        """Return the sentence the model finds nearest the question that states something and
        is not ruled out, or None (always for a follow-up, which the conversation leads)."""
        if plan.follow_up:
            return None
        sentences, titles = self.data.sentences, self._titles
        for position in nearest:
            if position not in plan.excluded and states_something(
                sentences[position], titles, asked
            ):
                return position
        return None

    def _lexical_coverage(self, ranked: Sequence[Ranked], plan: QueryPlan) -> float:
        """Return how much of the question the best lexical candidates account for; not read
        for a follow-up, whose lexical weight is its own."""
        if plan.follow_up:
            return 1.0
        coverage = self.evidence.coverage_of(plan.weighted_core(), plan.synonyms)
        return max((coverage(position) for _, position in ranked[:3]), default=0.0)

    def _said_before(self, context: str) -> Turn | None:
        """Return what a message says before its question as a turn that answered nothing,
        when it names something: a word the articles write with a capital mid-sentence, or
        one they never hold that English does ("Orange, San Diego and Riverside make up four
        of the five counties."). A remark that names nothing ("I have a question.", "Quick
        question:") is no part of what is asked."""
        said = parse_question(self.casing.restore(context), self.analyzer)
        # Its words that give a term ("I", "the" and "about" name nothing), in lower case: they
        # name something when casing gives one of them a capital.
        words = dict.fromkeys(word for word, terms in said.word_terms if terms)
        lowered = " ".join(list(words)[:MAX_QUERY_TERMS])
        if self.casing.restore(lowered) == lowered:
            return None
        return Turn(context, said.terms, (), said.question_type, said.names, said.future)

    def _lexical_fallback(
        self, ranked: Sequence[Ranked], lexical_best: Ranked, plan: QueryPlan
    ) -> tuple[Sequence[Ranked], bool]:
        """When the checks do not vouch for the model's best sentence but do for the lexical
        ranker's, put that one first: the model ranks, the checks decide what is evidence."""
        if not self.checks.confident(lexical_best, plan):
            return ranked, False
        rest = [item for item in ranked if item[1] != lexical_best[1]]
        return [lexical_best, *rest], True

    def _texts_holding(self, term: str, count: int) -> list[str]:
        """Return the text of up to `count` sentences that hold a term."""
        hits = self.backend.search([QueryTerm(term, 1.0)], count)
        return [self.data.sentences[hit.position].text for hit in hits]

    def _known(self, term: str) -> bool:
        """Tell whether some sentence holds a term or a synonym of it."""
        return not self.evidence.foreign(term)

    def _rerank(self, hits: list[Hit], plan: QueryPlan) -> list[Ranked]:
        """Add neighbour evidence, question-type fit and coverage to the BM25 scores; best first.

        Coverage, the share of the question a sentence accounts for with synonyms counting
        as the words themselves, lifts the sentence that answers the whole question in other
        words above one that repeats a few of its rarer words. Not for a follow-up: its own
        words are few ("Did anyone believe that?"), so their coverage is all or nothing and
        would outweigh the conversation.
        """
        scores = {hit.position: hit.score for hit in hits}
        sentences = self.data.sentences
        ranked: list[Ranked] = []
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
                    if other in scores and same_paragraph(sentences, position, other):
                        score += self.settings.context_weight * scores[other]
            features = self.data.features[position]
            if answers_type(features, plan.question_type):
                score *= 1.0 + self.settings.type_bonus
            if plan.future and speaks_of_future(features):
                score *= 1.0 + self.settings.tense_bonus
            if plan.sources and sentences[position].article_id in plan.sources:
                score *= 1.0 + self.settings.source_bonus
            if position in plan.near:
                score *= 1.0 + plan.near_bonus
            if position in plan.local:
                score *= 1.0 + self.settings.local_bonus
            if coverage is not None:
                score *= 1.0 + self.settings.coverage_bonus * coverage(position)
            ranked.append(Ranked(score, position))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        return ranked

    def _answers(
        self, ranked: Sequence[Ranked], query: Sequence[QueryTerm], top: int
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
                answer_at(
                    self.data,
                    self._articles,
                    position,
                    score,
                    matched,
                    matched_spans(self.analyzer, sentence.text, matched),
                )
            )
            if len(answers) == top:
                break
        return answers
