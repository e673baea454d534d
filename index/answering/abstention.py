"""Whether the best sentence is evidence enough to answer with, or the reply abstains."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import zip_longest

from index.answering.evidence import Evidence
from index.answering.planning import QueryPlan
from index.answering.question_types import QuestionType, answers_type
from index.answering.settings import AnswerSettings
from index.models import Ranked, same_paragraph
from index.store.cache import IndexData
from index.text.analyzer import Analyzer
from index.text.features import (
    clauses,
    hands_over_name,
    names_in_apposition,
    number_words,
    place_words,
    sentence_features,
)
from index.text.negation import says_no

_CRISP_TYPES = frozenset(
    {QuestionType.WHEN, QuestionType.QUANTITY, QuestionType.DURATION, QuestionType.WHERE}
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FIGURE = re.compile(r"(\d+)([^\W\d_]*)")
# Joined to a number, these make another figure: an ordinal, or a decade.
_NOT_UNITS = frozenset({"st", "nd", "rd", "th", "s"})


def says_figure(term: str, said: frozenset[str]) -> bool:
    """Tell whether an article's terms hold a figure's term, its unit written apart or
    joined to it ("3bn" and "3 billion", "500km" and "500 km"); an ordinal or a decade must
    match as it is: the 14th century is not 14, nor the 1990s 1990."""
    if term in said:
        return True
    match = _FIGURE.fullmatch(term)
    if match is None or match.group(2) in _NOT_UNITS:
        return False
    number, unit = match.groups()
    if unit:
        return number in said
    return any(
        word.startswith(number)
        and word[len(number) :].isalpha()
        and word[len(number) :] not in _NOT_UNITS
        for word in said
    )


class AnswerChecks:
    """The checks a best sentence must pass before a reply answers with it."""

    def __init__(
        self, data: IndexData, analyzer: Analyzer, evidence: Evidence, settings: AnswerSettings
    ) -> None:
        self.data = data
        self.analyzer = analyzer
        self.evidence = evidence
        self.settings = settings

    def confident(self, best: Ranked, plan: QueryPlan, model_nearest: bool = False) -> bool:
        """Tell whether the best sentence is evidence enough to answer with.

        It must cover enough of the question's words, and more when the question asks for a
        number, date, duration or place and the sentence does not give one (`_typed_bar`),
        when most of the question is words the articles never use, nor any synonym of them,
        and uncommon in English too (it is likely about something else: "Do quokkas like
        plums?"; everyday words like "duties" or "goodbye" more likely paraphrase), or when it
        names someone or something the articles never mention ("Did Kim meet Putin?").
        Nor may its article leave out a figure the question gives (`_article_lacks_figures`),
        nor may it state only the positive when the question asks of what is not so ("What is
        not contained in PSPACE?" is not answered by "L is contained in PSPACE").

        The sentence the model finds nearest the question of all (`model_nearest`) needs less of
        the question's words (`AnswerSettings.vouched_min_coverage`); every other check stands.
        """
        score, position = best
        if score <= self.settings.min_score or self._article_lacks_figures(position, plan):
            return False
        if plan.negated and not says_no(self.data.sentences[position].text):
            return False
        bar = self.settings.min_coverage
        if model_nearest:
            bar = self.settings.vouched_min_coverage
        needed = max(bar, self._typed_bar(position, plan))
        if self.evidence.coverage(position, plan.weighted_core(), plan.synonyms) < needed:
            return False
        # A question about something the articles never mention needs its other words
        # matched as written: a synonym counts only for its weight, too loose to vouch for it
        # ("What did Kim say about Japan?" and any sentence that "states" something).
        needed = 0.0
        if self.evidence.weight_share(plan.core, plan.unheard_of) >= self.settings.foreign_share:
            needed = max(needed, self.settings.foreign_min_coverage)
        if self._names_the_unknown(plan, plan.core):
            needed = max(needed, self.settings.foreign_name_min_coverage)
        return not needed or (
            self.evidence.coverage(position, plan.core, plan.synonyms, literal=True) >= needed
        )

    def vouched_by_last_answer(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether a follow-up pointing back at the last answer may be answered by it or
        the sentence after it without covering its own few words ("Why?"): not when it asks
        for a date, number, duration or place the sentence lacks ("How long will that last?"),
        nor when it brings a name or a rare word no sentence holds ("Did he meet Putin?")."""
        if self._lacks_asked_fact(position, plan):
            return False
        own = set(plan.own_terms)
        return not (plan.unheard_of & own) and not self._names_the_unknown(plan, own)

    def names_the_one_asked(self, position: int, noun: str, plan: QueryPlan) -> bool:
        """Tell whether the best sentence gives the name a question asks for: it says the
        noun asked about (or a synonym) beside a name ("his wife, Ri Sol-ju"), or it describes
        someone the next sentence names. "Kim, accompanied by his wife and top officials"
        speaks of the wife but does not answer "What is her name?"."""
        sentences = self.data.sentences
        text = sentences[position].text
        # It describes someone the next sentence names, or names the one the sentence before
        # described (a follow-up may land on the naming sentence itself).
        for first, second in ((position, position + 1), (position - 1, position)):
            if same_paragraph(sentences, first, second) and hands_over_name(
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

    def _typed_bar(self, position: int, plan: QueryPlan) -> float:
        """Return the coverage a number, date, duration or place question needs from a
        sentence, 0 when it gives such a fact: most when it holds none at all; less when the
        only one is the question's own (a place the question names does not count: "met in
        Vietnam" does not answer "In which Vietnamese city...?") or stands in a clause that
        matches the question less well than another."""
        if plan.question_type not in _CRISP_TYPES:
            return 0.0
        if self._lacks_asked_fact(position, plan):
            return self.settings.typeless_min_coverage
        kind = plan.question_type
        if (
            (kind is QuestionType.WHERE and not self._new_place(position, plan))
            or (kind is QuestionType.QUANTITY and not self._new_number(position, plan))
            or not self._typed_clause_matches(position, plan)
        ):
            return self.settings.untyped_min_coverage
        return 0.0

    def _lacks_asked_fact(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether the question asks for a number, date, duration or place and the
        sentence holds none."""
        return plan.question_type in _CRISP_TYPES and not answers_type(
            self.data.features[position], plan.question_type
        )

    def _article_lacks_figures(self, position: int, plan: QueryPlan) -> bool:
        """Tell whether the sentence's article never says a figure the question gives ("What
        was passed in 1805?", "What area has a population of 5,105,786?"): the question asks
        of something the article does not speak of, so an answer from it is about something
        else, however well the rest of the sentence matches.

        The article is read outwards from the sentence, where a figure it gives most often
        stands, and no further than the last figure found.
        """
        missing = set(plan.figures & plan.core)
        for other in self._article_outwards(position):
            said = frozenset(self.data.terms[other])
            missing = {term for term in missing if not says_figure(term, said)}
            if not missing:
                return False
        return bool(missing)

    def _article_outwards(self, position: int) -> Iterator[int]:
        """Yield the positions of a sentence's article: itself, then alternately before and
        after it, each side until the article ends; read no further than the caller asks."""
        yield position
        sides = zip_longest(self._same_article(position, -1), self._same_article(position, 1))
        yield from (other for pair in sides for other in pair if other is not None)

    def _same_article(self, position: int, step: int) -> Iterator[int]:
        """Yield the positions `step` apart from a sentence's, while they are of its article."""
        sentences = self.data.sentences
        article = sentences[position].article_id
        other = position + step
        while 0 <= other < len(sentences) and sentences[other].article_id == article:
            yield other
            other += step

    def _names_the_unknown(self, plan: QueryPlan, terms: set[str]) -> bool:
        """Tell whether some of these terms are names of the question no sentence holds."""
        return any(self.evidence.foreign(term) for term in plan.names & terms)
