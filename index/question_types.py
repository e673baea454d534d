"""Question types (when, who, where, how many) and the sentence features that answer them."""

from __future__ import annotations

import re
from enum import Enum

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_UNITS = r"[a-z]+s\b"
"""A plural noun after a number makes it a count ("1500 troops"), not a year."""
_DATE = re.compile(
    rf"\b(?:(?:19|20)\d\d|1[0-8]\d\d(?![,.]?\d)(?!\s+{_UNITS})|\d{{2,3}}0s|"
    r"\d{1,2}(?:st|nd|rd|th)[- ]century|"
    rf"(?:in|since|until|by|from|after|before|around|circa)\s+\d{{3,4}}(?![,.]?\d)(?!\s+{_UNITS})|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}|(?:in|by|since|until|early|late|mid)"
    rf"[- ](?:{_MONTHS})\b|(?:{_WEEKDAYS})|(?:last|next|this|past|coming|recent)\s+"
    r"(?:year|month|week|weekend|spring|summer|fall|autumn|winter|decade|months|years|weeks)|"
    r"(?:yesterday|today|tomorrow|tonight)|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|"
    r"new year|(?:morning|night|evening|afternoon)\b|(?:birthday|anniversary)|"
    rf"\b(?:{_MONTHS})\b(?!-)|since\s+(?:taking|then))",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?:\$|\b\d[\d,.]*\b|(?<!\bno\s)(?<!-on-)(?<!-to-)\bone\b(?!-(?:on|to)-|\s+another\b)|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|"
    r"billions|dozen|dozens|first|second|third|fourth|fifth)\b|percent|%)",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)"
    r"[- ](?:seconds\b|second\b(?![-\s]+[a-z])|"
    r"(?:minute|hour|day|night|week|month|year|decade)s?\b)"
    r"|\b(?:hours|days|weeks|months|years|decades)\s+(?:long|of)\b",
    re.IGNORECASE,
)
"""A length of time ("four-day", "30 seconds"); "a second summit" is an ordinal, not one."""
_MEANS = re.compile(
    r"\b(?:by|aboard|on board|via)\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:train|plane|jet|aircraft|airplane|flight|car|motorcade|ship|"
    r"boat|ferry|bus|helicopter|road|rail|air|sea|land)\b|\b(?:train|plane|jet|flight|"
    r"motorcade|ship|helicopter|convoy|transport)\b",
    re.IGNORECASE,
)
_TITLE = (
    r"(?:President|Secretary|Minister|Leader|Chairman|Director|Professor|Adviser|Advisor|"
    r"Senator|Sen\.|Rep\.|Gov\.|Mr\.|Mrs\.|Ms\.|Dr\.|General|Gen\.|spokesperson|spokesman|"
    r"spokeswoman|correspondent|reporter|professor|director)"
)
_PERSON = re.compile(
    rf"{_TITLE}\s+[A-Z][a-z]+|(?<=[a-z,] )[A-Z][a-z]+\s+[A-Z][a-z]+(?:-[a-z]+)?|"
    r"\b(?:said|says|told|reports|reported|according to)\b"
)
_PERSON_NOUNS = (
    r"(?:person|people|officials?|leaders?|professor|experts?|academic|analysts?|scholar|"
    r"diplomats?|ministers?|senator|spokes(?:person|man|woman)|advis[eo]rs?|lawmakers?|"
    r"politicians?|journalists?)"
)
_RELATIVES = (
    r"(?:wife|wives|husband|spouse|son|daughter|child|children|brother|sister|father|mother|"
    r"uncle|aunt|nephew|niece|grandfather|grandmother|grandson|granddaughter|girlfriend|"
    r"boyfriend|partner)"
)
_NAME_OF_PERSON = re.compile(
    rf"\bname\s+of\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?P<noun>{_RELATIVES}|{_PERSON_NOUNS})\b"
    rf"|\b(?P<owner>{_RELATIVES}|{_PERSON_NOUNS})['\u2019]s\s+name\b",
    re.IGNORECASE,
)
_UNNAMED_PERSON = re.compile(rf"^(?:A|An|One)\s+(?:[\w-]+\s+){{0,3}}?{_PERSON_NOUNS}\b")
"""A sentence whose subject is someone not named ("A spokesperson for the government said")."""
_NAMED_SPEAKER = re.compile(
    r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:-[a-z]+)?,?\s+(?:said|says|told|added|wrote)\b"
    r"|\b(?:said|says|told|added|wrote)\s+[A-Z][a-z]+\s+[A-Z][a-z]+"
)
"""A named speaker ("Kim Eui-kyeom told reporters", "said Harry Kazianis")."""
_PLACE = re.compile(
    r"\b(?:in|to|at|from|into|near|across|inside|outside|on)\s+(?:the\s+)?"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+|"
    r"\b(?:(?:border|capital|station|province|region|country|district|county|coast|area|"
    r"town|port|airport)s?|city|cities|countries|"
    r"(?:north|south)(?:east|west)?(?:ern)?|(?:east|west)(?:ern)?)\b"
)
_WHY_WORD = re.compile(r"\bwhy\b|\breasons?\b|\bhow come\b", re.IGNORECASE)
_USE_OF = re.compile(r"\b(?:help|helps|helped|useful|benefit|worth\s+it)\b", re.IGNORECASE)
"""A question asking what an act is good for ("Why would it help Kim to find out...?")."""
_REASON = re.compile(
    r"\b(?:because|since|so that|so|in order to|amid|ahead of|reason|why|wants? to|trying to|"
    r"effort to|chance to|attempts? to|bid to|aims? to|makes? sense|in the hope|hoping to|"
    r"due to|as a result|fears?|concerns?)\b",
    re.IGNORECASE,
)


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
            rf"\bwho(?:m|se)?\b|\bwhich\s+(?:(?!{_AUXILIARY}\b)[\w-]+\s+){{0,2}}?{_PERSON_NOUNS}\b"
            r"|\bwhat(?:\s+is|\s+was|['\u2019]s)\s+(?:the|his|her|their)\s+name\b|\bname\s+of\b"
            rf"|\b(?:{_RELATIVES}|{_PERSON_NOUNS})['\u2019]s\s+name\b"
        ),
    ),
    (
        QuestionType.WHERE,
        re.compile(
            rf"\bwhere\b|\b(?:which|what)\s+(?:(?!{_AUXILIARY}\b)[\w-]+\s+){{0,2}}?"
            r"(?:city|country|place|town|venue|location|building|region|province|capital)\b"
        ),
    ),
    (QuestionType.WHY, re.compile(r"\bwhy\b|\bwhat\s+(?:for|reason)\b|\bhow\s+come\b")),
)

_FUTURE = re.compile(
    r"\b(?:will|would|expected to|scheduled|plans? to|planned|set to|due to|tentatively|"
    r"upcoming|forthcoming|next|potential(?:ly)?|going to)\b",
    re.IGNORECASE,
)
_FUTURE_QUESTION = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:will|(?:is|are|was|were)\s+(?:[\w'\u2019-]+\s+){0,5}?"
    r"(?:going|expected|scheduled|set|due|supposed|slated|planned)\s+to)\b",
    re.IGNORECASE,
)
"""The question's own verb is future ("When will...", "Who is expected to..."), not a clause
inside it ("Which country hosted talks about where the summit will be?")."""

FEATURES = ("date", "number", "person", "place", "reason", "duration", "means", "future")
_FEATURE_PATTERNS = {
    "date": _DATE,
    "number": _NUMBER,
    "person": _PERSON,
    "place": _PLACE,
    "reason": _REASON,
    "duration": _DURATION,
    "means": _MEANS,
    "future": _FUTURE,
}


def _on_lower_case(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """Return a case-insensitive pattern recompiled to run on lower-cased text, else None.

    Python's IGNORECASE matching is about twice as slow; lowering the sentence once is cheap.
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    if any(ch.isupper() for ch in re.sub(r"\\.", "", pattern.pattern)):
        raise ValueError(f"pattern has upper-case letters: {pattern.pattern[:40]}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# (bit, pattern, whether it runs on the lower-cased sentence), in FEATURES order.
_FEATURE_SEARCHES = tuple(
    (1 << bit, lowered or pattern, lowered is not None)
    for bit, pattern, lowered in (
        (bit, _FEATURE_PATTERNS[name], _on_lower_case(_FEATURE_PATTERNS[name]))
        for bit, name in enumerate(FEATURES)
    )
)
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


def sentence_features(text: str) -> int:
    """Return a bit set of the answer features a sentence has (bit i is FEATURES[i])."""
    lowered = text.lower()
    bits = 0
    for bit, pattern, on_lower in _FEATURE_SEARCHES:
        if pattern.search(lowered if on_lower else text):
            bits |= bit
    return bits


def states_purpose(question: str) -> bool:
    """Tell whether a why-question says an aim of its own ("Why would Kim want to gauge how
    firmly Beijing backs the sanctions?"): a sentence that words the same aim ("Kim may be
    trying to get a temperature check") restates the question rather than answering it."""
    rest = _WHY_WORD.sub(" ", question)
    return bool(_REASON.search(rest) or _USE_OF.search(rest))


def asks_about_future(question: str) -> bool:
    """Tell whether a question asks about what is yet to come ("When will they meet?")."""
    return bool(_FUTURE_QUESTION.search(question))


def speaks_of_future(features: int) -> bool:
    """Tell whether a sentence speaks of what is planned or expected."""
    return bool(features & (1 << FEATURES.index("future")))


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


_NAME_AFTER = re.compile(r"^,?\s+(?:[A-Z][\w'\u2019-]*|[A-Z]\.)")
_NAME_BEFORE = re.compile(
    r"[A-Z][\w-]+,\s+(?:(?:a|an|the|his|her|their|its|[\w'\u2019-]+['\u2019]s)\s+)?"
    r"(?:[\w-]+\s+){0,2}$"
)


def names_in_apposition(sentence: str, start: int, end: int) -> bool:
    """Tell whether the word at sentence[start:end] stands beside a name that says who it is:
    "his wife, Ri Sol-ju", "spokesman Kim Eui-kyeom", "Ri Sol-ju, his wife"."""
    return bool(_NAME_AFTER.match(sentence[end:])) or bool(_NAME_BEFORE.search(sentence[:start]))


def hands_over_name(sentence: str, following: str) -> bool:
    """Tell whether a sentence speaks of someone it does not name and the next one names them,
    as news writes it: "A spokesperson for the government expressed optimism. '...,' Kim
    Eui-kyeom told reporters." To "who" the next sentence is the answer."""
    return bool(_UNNAMED_PERSON.search(sentence)) and bool(_NAMED_SPEAKER.search(following))


_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+(?:\u2014|\u2013|--)\s+")
"""Where a sentence joins clauses that each say their own thing: ", and", ", but", ";", a dash."""


def clauses(text: str) -> list[str]:
    """Split a sentence into its coordinated clauses ("Trump said he plans to hit China with
    $60 billion in tariffs, and Beijing plans to retaliate" into two); one clause else."""
    return [part for part in _CLAUSE_BREAK.split(text) if part.strip()]


def number_words(text: str) -> list[str]:
    """Return each number, amount or ordinal a sentence says ("$", "60", "billion", "fourth")."""
    return [match.group() for match in _NUMBER.finditer(text)]


def place_words(text: str) -> list[str | None]:
    """Return the capitalised word of each place a sentence mentions ("in Vietnam"), None for
    a place named by a common noun ("the border", "in the northeast")."""
    found: list[str | None] = []
    for match in _PLACE.finditer(text):
        words = _CAPITALISED.findall(match.group())
        found.append(words[-1] if words else None)
    return found
