"""What an answer looks like in a sentence: dates, numbers, people, places, reasons, plans."""

# What an answer looks like in a sentence: dates, numbers, people, places, reasons, lengths
# of time, means of travel and plans (the answer features stored with each sentence), and the
# sentence shapes that name someone or join clauses.

from __future__ import annotations

import re

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
PERSON_NOUNS = (
    r"(?:person|people|officials?|leaders?|professor|experts?|academic|analysts?|scholar|"
    r"diplomats?|ministers?|senator|spokes(?:person|man|woman)|advis[eo]rs?|lawmakers?|"
    r"politicians?|journalists?)"
)
_UNNAMED_PERSON = re.compile(rf"^(?:A|An|One)\s+(?:[\w-]+\s+){{0,3}}?{PERSON_NOUNS}\b")
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
REASON = re.compile(
    r"\b(?:because|since|so that|so|in order to|amid|ahead of|reason|why|wants? to|trying to|"
    r"effort to|chance to|attempts? to|bid to|aims? to|makes? sense|in the hope|hoping to|"
    r"due to|as a result|fears?|concerns?)\b",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\b(?:will|would|expected to|scheduled|plans? to|planned|set to|due to|tentatively|"
    r"upcoming|forthcoming|next|potential(?:ly)?|going to)\b",
    re.IGNORECASE,
)
FEATURES = ("date", "number", "person", "place", "reason", "duration", "means", "future")
_FEATURE_PATTERNS = {
    "date": _DATE,
    "number": _NUMBER,
    "person": _PERSON,
    "place": _PLACE,
    "reason": REASON,
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


def sentence_features(text: str) -> int:
    """Return a bit set of the answer features a sentence has (bit i is FEATURES[i])."""
    lowered = text.lower()
    bits = 0
    for bit, pattern, on_lower in _FEATURE_SEARCHES:
        if pattern.search(lowered if on_lower else text):
            bits |= bit
    return bits


def speaks_of_future(features: int) -> bool:
    """Tell whether a sentence speaks of what is planned or expected."""
    return bool(features & (1 << FEATURES.index("future")))


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
