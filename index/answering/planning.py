"""Planning one question: what to search, what an answer must cover, what the talk adds."""

# Planning one question: what to search, which words an answer must cover, the kind of fact
# wanted, and what the conversation so far adds (follow-ups) or rules out.

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.answering.conversation import (
    Turn,
)
from index.answering.evidence import Evidence
from index.answering.question import Cues, ParsedQuestion
from index.answering.question_types import (
    QuestionType,
)
from index.answering.settings import AnswerSettings
from index.models import Article
from index.search.backend import QueryTerm
from index.store.cache import IndexData
from index.text.analyzer import Analyzer
from index.text.expansion import SynonymTable, expand_query

_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


@dataclass
class QueryPlan:
    """What one question asks for: the weighted query, the words an answer must cover, the
    kind of fact wanted, and what the conversation so far adds or rules out."""

    own_terms: tuple[str, ...]
    query: list[QueryTerm]
    core: set[str]
    question_type: QuestionType
    follow_up: bool
    names: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()
    """The terms of the question's words written in figures ("1974", "$60", "8n2")."""
    unheard_of: frozenset[str] = frozenset()
    future: bool = False
    negated: bool = False
    """The question asks of what is not so: an answer must word a negative too."""
    excluded: set[int] = field(default_factory=set)
    goes_on_from: set[int] = field(default_factory=set)
    near: set[int] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    wants_more: bool = False
    near_bonus: float = 0.0
    synonyms: SynonymTable | None = None
    replaces_names: bool = False
    paraphrased: frozenset[str] = frozenset()
    """Common English words of the question that no sentence holds, nor any synonym of them
    ("gauge", "firmly"): most likely the asker's paraphrase of what the articles say."""
    paraphrase_weight: float = 1.0
    name_of: str | None = None
    """The noun of the person whose name the question asks for ("wife"), if it asks one."""
    local: set[int] = field(default_factory=set)
    """For a follow-up that points back ("Why?", "Who used it before him?"): the last answer
    and the sentence after it, where such a question is most often answered."""
    pointed_at: int | None = None
    """The last answer, when a follow-up points back at it."""

    def weighted_core(self) -> dict[str, float]:
        """Return the core terms at their query weights: an ordinal counts for less here too,
        and so does a paraphrased word, which no sentence can match."""
        weights = {q.term: q.weight for q in self.query}
        return {
            term: weights.get(term, 1.0)
            * (self.paraphrase_weight if term in self.paraphrased else 1.0)
            for term in self.core
        }


def _source_text(article: Article) -> str:
    return " ".join(p for p in (article.publisher, article.author, (article.date or "")[:4]) if p)


class Planner:
    """Reads questions into plans over one built index."""

    def __init__(
        self,
        data: IndexData,
        analyzer: Analyzer,
        synonyms: SynonymTable | None,
        evidence: Evidence,
        settings: AnswerSettings,
    ) -> None:
        self.data = data
        self.analyzer = analyzer
        self.synonyms = synonyms
        self.evidence = evidence
        self.settings = settings
        self._source_terms: dict[str, frozenset[str]] = {}
        self._sources_by_term: dict[str, set[str]] = {}
        for article in data.articles:
            terms = frozenset(analyzer.terms(_source_text(article)))
            self._source_terms[article.id] = terms
            for term in terms:
                self._sources_by_term.setdefault(term, set()).add(article.id)

    def plan(
        self, question: ParsedQuestion, previous: Turn | None, said: Turn | None = None
    ) -> QueryPlan | None:
        """Read a question (and the turn before it) into what to search and how to judge it.

        `said` is what the message said before its question ("Orange, San Diego and Riverside
        make up four of the five counties. What is the name of the last county?"): a follow-up
        leans on it rather than on the last turn; any other question searches its words too,
        at a follow-up's weight for words carried over.

        Return None when the question has no words to search and follows nothing.
        """
        own_terms = list(question.terms)
        leaned = said or previous
        follow_up = leaned is not None and question.cues.follows_on
        if not own_terms and not follow_up:
            return None
        synonyms = self.synonyms
        if synonyms is not None:
            synonyms = synonyms.within(question.stems)
        plan = QueryPlan(
            own_terms=tuple(own_terms),
            query=self._weigh_ordinals(expand_query(own_terms, synonyms)),
            core=set(own_terms) - question.compounds or set(own_terms),
            question_type=question.question_type,
            follow_up=follow_up,
            names=question.names,
            figures=question.figures,
            unheard_of=self.evidence.unheard_of(own_terms, question.word_terms),
            future=question.future,
            negated=question.negated,
            synonyms=synonyms,
            name_of=question.name_of,
        )
        paraphrased = frozenset(
            term
            for term in own_terms
            if term not in plan.unheard_of and self.evidence.foreign(term)
        )
        if self.evidence.weight_share(plan.core, paraphrased) < self.settings.paraphrase_max_share:
            plan.paraphrased = paraphrased
            plan.paraphrase_weight = self.settings.paraphrase_weight
        if follow_up and leaned is not None:
            self._lean_on(plan, leaned, question.cues)
        elif said is not None:
            known = {q.term for q in plan.query}
            weight = self.settings.follow_up_weight
            plan.query.extend(QueryTerm(t, weight) for t in said.terms if t not in known)
        if not follow_up and previous is not None and previous.answered:
            # A new question in a conversation still tends to stay where the last answer was.
            plan.near = self._same_article_window(
                previous.answered[0], self.settings.follow_up_window
            )
            plan.near_bonus = self.settings.conversation_adjacency_bonus
        named = set(own_terms)
        plan.sources = set().union(*(self._sources_by_term.get(t, ()) for t in named))
        if plan.sources:
            # Many articles share a publisher: each distinct set of its words is joined once.
            source_words = set().union(*{self._source_terms[aid] for aid in plan.sources})
            plan.core = plan.core - source_words or plan.core
        return plan

    def _weigh_ordinals(self, query: list[QueryTerm]) -> list[QueryTerm]:
        """Lower an ordinal's weight: "their first summit" names the summit; the article may
        say which one another way ("last year's", "historic")."""
        weight = self.settings.ordinal_weight
        return [
            QueryTerm(q.term, q.weight * weight) if _ORDINAL.fullmatch(q.term) else q
            for q in query
        ]

    @staticmethod
    def _replaces_names(plan: QueryPlan, previous: Turn, cues: Cues) -> bool:
        """Tell whether a follow-up asks the same of someone new: its own words are all names
        ("Trump?"), or it sets words the last question lacked beside it, and none of its names
        ("And with Trump?", "And the meeting with the American president?", "And the
        senator?"). One that points back at someone with "he" or "his" ("And who is taking
        his place?") still asks about them."""
        own, before = set(plan.own_terms), set(previous.terms)
        if plan.names and own <= plan.names:
            return True
        return (
            cues.opens_on_contrast
            and bool(own - before)
            and not plan.names & before
            and not cues.points_at_someone
        )

    def _lean_on(self, plan: QueryPlan, previous: Turn, cues: Cues) -> None:
        """Widen a follow-up's plan with the previous turn: its words, type, tense and answer.

        A follow-up that asks the same of someone new ("And with Trump?") has the names of the
        previous question give way to the new ones.
        """
        weight = self.settings.follow_up_weight if plan.own_terms else 1.0
        known = {q.term for q in plan.query}
        plan.replaces_names = self._replaces_names(plan, previous, cues)
        replaced = previous.names if plan.replaces_names else frozenset()
        # "How does he think...": the pronoun stands for the name asked about before.
        named = previous.names if cues.pronoun_subject else frozenset()
        # Asking the same of someone new ("And the one with Moon?"), the last question's words
        # say what is asked about, so they come with their synonyms, as when it was asked:
        # "sit-down" still finds a "summit".
        carried = [t for t in previous.terms if t not in replaced]
        plan.query.extend(
            QueryTerm(q.term, (1.0 if q.term in named else weight) * q.weight)
            for q in expand_query(carried, self.synonyms if plan.replaces_names else None)
            if q.term not in known
        )
        if not plan.own_terms:
            plan.core = set(previous.terms)
        plan.core |= named & set(previous.terms)
        if plan.question_type is QuestionType.OTHER and not cues.own_question:
            # "When will they meet Moon?" "And Trump?": still when, and still to come. "And
            # what did Moon say?" asks a question of its own, which names no kind of fact.
            plan.question_type = previous.question_type
            plan.future = plan.future or previous.future
        if previous.answered:
            last_answer = previous.answered[0]
            plan.near = self._same_article_window(last_answer, self.settings.follow_up_window)
            plan.near_bonus = self.settings.follow_up_adjacency_bonus
            following = last_answer + 1
            plan.wants_more = cues.wants_more or cues.about_answer
            if self.settings.local_bonus and not plan.replaces_names and cues.points_back:
                # "Who used it before him?" asks more about what was just said, "And with Trump?"
                # about someone new: only the first stays beside the last answer.
                plan.local = {last_answer} | ({following} & plan.near)
                plan.pointed_at = last_answer
            if plan.wants_more:
                plan.goes_on_from = {last_answer}
                # "What else?" and "Did anyone believe that?" ask past the last answer; "How
                # will Beijing respond to that?" may be answered by its own second half.
                own = set(plan.own_terms)
                if (
                    cues.wants_more
                    or not own
                    or self.evidence.coverage(last_answer, own, plan.synonyms)
                    < self.settings.min_own_coverage
                ):
                    plan.excluded = {last_answer}
            new_words = set(plan.own_terms) - set(previous.terms)
            if plan.replaces_names and not new_words & set(self.data.terms[last_answer]):
                # "And the one with Trump?" after the meeting with Moon: the last answer was
                # about the one now replaced, and says nothing of the new one.
                plan.excluded = {last_answer}

    def _same_article_window(self, position: int, window: int) -> set[int]:
        """Return the positions within `window` sentences of one, in the same article."""
        sentences = self.data.sentences
        article = sentences[position].article_id
        return {
            other
            for other in range(position - window, position + window + 1)
            if other != position
            and 0 <= other < len(sentences)
            and sentences[other].article_id == article
        }

    @staticmethod
    def turn(
        question: str, plan: QueryPlan, previous: Turn | None, answered: tuple[int, ...]
    ) -> Turn:
        """Return what a conversation remembers of a question: a follow-up carries the terms
        of the turn it leaned on, less the names it replaced."""
        terms, names = plan.own_terms, plan.names
        if plan.follow_up and previous is not None:
            kept = [t for t in previous.terms if not (plan.replaces_names and t in previous.names)]
            terms = tuple(dict.fromkeys([*plan.own_terms, *kept]))
            names = plan.names or previous.names
        return Turn(question, terms, answered, plan.question_type, names, plan.future)
