"""Question types (when, who, where, how many...) and what else a question's wording says."""

# Question types (when, who, where, how many...) and what else a question's wording says: its
# phrasing words, whether it asks about the future, whose name it asks for. What answers each
# type in a sentence is in `answer_features`.

from __future__ import annotations

import re
from enum import Enum

from index.text.features import FEATURES, PERSON_NOUNS, REASON

_RELATIVES = (
    r"(?:wife|wives|husband|spouse|son|daughter|child|children|brother|sister|father|mother|"
    r"uncle|aunt|nephew|niece|grandfather|grandmother|grandson|granddaughter|girlfriend|"
    r"boyfriend|partner)"
)
_NAME_OF_PERSON = re.compile(
    rf"\bname\s+of\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?P<noun>{_RELATIVES}|{PERSON_NOUNS})\b"
    rf"|\b(?P<owner>{_RELATIVES}|{PERSON_NOUNS})['\u2019]s\s+name\b",
    re.IGNORECASE,
)
_WHY_WORD = re.compile(r"\bwhy\b|\breasons?\b|\bhow come\b", re.IGNORECASE)
_USE_OF = re.compile(r"\b(?:help|helps|helped|useful|benefit|worth\s+it)\b", re.IGNORECASE)
"""A question asking what an act is good for ("Why would it help Kim to find out...?")."""


class QuestionType(Enum):
    """What kind of answer a question asks for."""

    WHEN = "when"
    WHO = "who"
    WHERE = "where"
    QUANTITY = "quantity"
    DURATION = "duration"
    MEANS = "means"
    WHY = "why"
    OTHER = "other"


_MEANS_QUESTION = re.compile(
    r"\bhow\s+(?:did|does|do|will|would|was|is)\s+.*\b(?P<verb>get|got|travel|travell?ed|go|"
    r"went|come|came|arrive|arrived|reach|reached|cross|crossed)\b"
    r"|\b(?:what|which)\s+(?:kind\s+of\s+|type\s+of\s+|sort\s+of\s+|mode\s+of\s+)?"
    r"(?P<noun>vehicle|transport|transportation|conveyance)\b"
)
"""A question asking by what means someone travelled ("How did Kim get to Beijing?")."""
_LIGHT_VERBS = frozenset({"get", "got"})
"""Verbs of a means question that say nothing of the trip: articles use them in other senses
("trying to get a temperature check"); "travelled" or "arrived" still match the answer."""

_AUXILIARY = r"(?:is|was|are|were|has|had|have|did|does|do|will|would|can|could)"
_KIND_OF = r"(?:kinds?|types?|sorts?|styles?|forms?)\s+of\b"
"""Between "what" and a noun of place, it asks for a kind ("What style of building...?"), not a
place."""
_WH_OPENING = re.compile(r"\W*(?:what|which|who|whom|whose|how)\b")
_SUBORDINATE = re.compile(r"(?:when|where)\s+(?:he|she|they|it|we|i|you)\b")
"""A clause inside a question that a subject pronoun opens ("...when they met in 2018?")."""
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:when|while|after|before|during|as|once|if)\b[^,?]*,\s*"
    r"(?=(?:what|who|whom|whose|which|where|why|how|did|does|do|is|was|were|are|has|have|had)\b)"
)
"""A clause that sets the scene before the question itself ("When officials saw Kim off, what
did they wish him?"): its "when" asks nothing."""
_TYPE_PATTERNS = (
    (QuestionType.MEANS, _MEANS_QUESTION),
    (
        QuestionType.DURATION,
        re.compile(
            r"\bhow\s+long\b|\bhow\s+many\s+(?:minutes|hours|days|nights|weeks|months|years)\b"
        ),
    ),
    (QuestionType.QUANTITY, re.compile(r"\bhow\s+(?:many|much|far|old|big|large|often)\b")),
    (
        QuestionType.WHEN,
        re.compile(
            r"\bwhen\b|\bwhat\s+(?:year|date|day|month|time|week)\b|\bwhich\s+(?:year|day|month)\b"
            r"|\bsince when\b|\bhow\s+soon\b"
        ),
    ),
    (
        QuestionType.WHO,
        re.compile(
            rf"\bwho(?:m|se)?\b|\bwhich\s+(?:(?!{_AUXILIARY}\b)[\w-]+\s+){{0,2}}?{PERSON_NOUNS}\b"
            r"|\bwhat(?:\s+is|\s+was|['\u2019]s)\s+(?:the|his|her|their)\s+name\b|\bname\s+of\b"
            rf"|\b(?:{_RELATIVES}|{PERSON_NOUNS})['\u2019]s\s+name\b"
        ),
    ),
    (
        QuestionType.WHERE,
        re.compile(
            rf"\bwhere\b|\b(?:which|what)\s+(?!{_KIND_OF})(?:(?!{_AUXILIARY}\b)[\w-]+\s+){{0,2}}?"
            r"(?:city|country|place|town|venue|location|building|region|province|capital)\b"
        ),
    ),
    (QuestionType.WHY, re.compile(r"\bwhy\b|\bwhat\s+(?:for|reason)\b|\bhow\s+come\b")),
)

_FUTURE_QUESTION = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:will|(?:is|are|was|were)\s+(?:[\w'\u2019-]+\s+){0,5}?"
    r"(?:going|expected|scheduled|set|due|supposed|slated|planned)\s+to)\b",
    re.IGNORECASE,
)
"""The question's own verb is future ("When will...", "Who is expected to..."), not a clause
inside it ("Which country hosted talks about where the summit will be?")."""

ANSWER_FEATURE = {
    QuestionType.WHEN: "date",
    QuestionType.QUANTITY: "number",
    QuestionType.WHO: "person",
    QuestionType.WHERE: "place",
    QuestionType.WHY: "reason",
    QuestionType.DURATION: "duration",
    QuestionType.MEANS: "means",
}


_HOW_LONG_LAST = re.compile(
    r"\bhow\s+(?:long|many\s+(?:minutes|hours|days|nights|weeks|months|years))\b.*"
    r"\blast(?:s|ed)?\b",
    re.IGNORECASE,
)
_HOW_MANY_TIMES = re.compile(r"\bhow\s+many\s+times\b", re.IGNORECASE)
"""A count of occurrences: the answer says "fourth visit" or "twice", rarely "times"."""
_PRONOUN_ONE = re.compile(
    r"\b(?:this|that|the(?:\s+(?:next|last|first|other|same))?|which|each|every|another|no)"
    r"\s+one\b"
    r"(?!-)|\bone\s+another\b",
    re.IGNORECASE,
)
""""One" standing for a thing already named ("the next one", "one another"), not a number."""
_WHAT_UNIT = re.compile(
    r"\b(?:what|which)\s+(year|date|day|month|time|week|city|country|place)\b"
    r"(?:\s+of\s+the\s+(week|month|year))?",
    re.IGNORECASE,
)
"""The unit a question asks in ("what year", "which day of the week"): its words are the
question's form; the answer holds a year or a weekday, not the words."""


_PRONOUN_PERSON = re.compile(
    r"\b(?:that|this|the\s+same)\s+(?P<noun>person|guy|man|woman)\b", re.IGNORECASE
)
"""A person pointed at ("that person's name"): the noun stands for someone already named."""
_TIME_DEIXIS = re.compile(
    r"\b(?:this|that|the|at\s+the|by\s+the|each|every)\s+time\b|\bright\s+now\b|\bso\s+far\b"
    r"|\bthese\s+days\b",
    re.IGNORECASE,
)
"""Words that place a question in time ("this time", "so far"), not what it is about."""


_TIME_WINDOW = re.compile(
    r"\b(within|over|during|in)\s+the\s+(last|past|previous)\s+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|decades?)\b",
    re.IGNORECASE,
)
"""A span to count in ("within the last twelve months"): the answer says "in a year", rarely
"last"; "last year" alone names a time and stays."""


def phrasing_terms(question: str) -> set[str]:
    """Return words that belong to the question's form, not its topic, as lower-case words:
    "last" in "how long did it last", "year" in "what year did...": the answer holds a year,
    not the word."""
    words = {word.lower() for match in _WHAT_UNIT.findall(question) for word in match if word}
    means = _MEANS_QUESTION.search(question.lower())
    if means and means.group("verb") in _LIGHT_VERBS:
        words.add(means.group("verb"))
    if means and means.group("noun"):
        words.add(means.group("noun"))
    if _HOW_LONG_LAST.search(question):
        words.add("last")
    if _HOW_MANY_TIMES.search(question):
        words.add("times")
    if _PRONOUN_ONE.search(question):
        words.add("one")
    words.update(match.group("noun").lower() for match in _PRONOUN_PERSON.finditer(question))
    for window in _TIME_WINDOW.finditer(question):
        words.update(word.lower() for word in window.groups())
    for match in _TIME_DEIXIS.finditer(question):
        words.add(match.group().split()[-1].lower())
    return words


def classify_question(question: str) -> QuestionType:
    """Return the question's type from its wording; OTHER when it names none.

    The question word that comes first decides: "Who was the leader when the Franks came?"
    asks who; on a tie the more specific pattern, listed first, wins ("how many days").
    """
    lowered = _LEADING_CLAUSE.sub("", question.lower())
    found = [
        (match.start(), order, question_type)
        for order, (question_type, pattern) in enumerate(_TYPE_PATTERNS)
        if (match := pattern.search(lowered))
    ]
    opening = _WH_OPENING.match(lowered)
    if opening is not None:
        # "How was Kim sent off when he left?": "when he left" sets the scene of a question
        # the opening word asks; only a type found at that word counts.
        found = [
            item
            for item in found
            if item[0] <= opening.end() or not _SUBORDINATE.match(lowered, item[0])
        ]
    return min(found)[2] if found else QuestionType.OTHER


_OWN_QUESTION_WORD = re.compile(r"\b(?:what|how|why|who|whom|whose|which)\b(?!\s+about\b)")


def asks_in_own_words(question: str) -> bool:
    """Tell whether a question has a question word of its own ("And what did Moon say?"), so
    a follow-up is not an ellipsis of the last question's kind ("And Moon?", "What about
    Moon?")."""
    return bool(_OWN_QUESTION_WORD.search(question.lower()))


def states_purpose(question: str) -> bool:
    """Tell whether a why-question says an aim of its own ("Why would Kim want to gauge how
    firmly Beijing backs the sanctions?"): a sentence that words the same aim ("Kim may be
    trying to get a temperature check") restates the question rather than answering it."""
    rest = _WHY_WORD.sub(" ", question)
    return bool(REASON.search(rest) or _USE_OF.search(rest))


def asks_about_future(question: str) -> bool:
    """Tell whether a question asks about what is yet to come ("When will they meet?")."""
    return bool(_FUTURE_QUESTION.search(question))


def answers_type(features: int, question_type: QuestionType) -> bool:
    """Tell whether a sentence's features fit the kind of answer the question asks for."""
    feature = ANSWER_FEATURE.get(question_type)
    return feature is not None and bool(features & (1 << FEATURES.index(feature)))


def asked_name_of(question: str) -> str | None:
    """Return the noun of the person whose name a question asks for ("wife" in "What is the
    name of Kim's wife?", "spokesperson" in "...the spokesperson's name?"), else None."""
    match = _NAME_OF_PERSON.search(question)
    if match is None:
        return None
    return (match.group("noun") or match.group("owner")).lower()
