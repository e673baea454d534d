"""Scraped residue: tells content from menus, credits, promos and footers, by line shape."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from index.text.analyzer import load_stopwords

_NAV = re.compile(r"^[a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*){2,}$")
_LABEL = re.compile(r"^[\w ,&'-]{1,40}:$")
_NAME = r"[A-Z][\w.'-]*(?: (?:[A-Z][\w.'-]*|de|van|von|da|di|bin|al))*"
_CREDIT_LABEL = r"(?:[Pp]hoto|[Pp]hotograph|[Ii]mage|[Pp]icture|[Cc]redit|[Ii]llustration)s?"
# Names joined by "/" or a lower-case "via"/"for": "Jane Doe/AFP via Getty Images". Case
# matters, so a title-case headline ("Kim Travels To Beijing Via Train") is not a credit.
_CREDIT = re.compile(
    rf"^(?:{_CREDIT_LABEL}(?: by)?:? )?{_NAME}(?: ?/ ?{_NAME}| via {_NAME}| for {_NAME})+$"
    rf"|^{_CREDIT_LABEL}(?: by)?: .{{1,60}}$"
)
_CREDIT_AGENCY = re.compile(
    r"\b(?:getty images|afp|reuters|associated press|ap photo|shutterstock|epa|pool)\b", re.I
)
# A promo starts with an imperative that only promos use, or with a common verb and names a
# promo thing ("Get the newsletter"); "Get the vaccine, officials urged" is not one.
_PROMO_OPENER = re.compile(
    r"^(?:sign up|subscribe|follow us|download our|click here|become a member|share this|"
    r"support (?:our|independent))\b|^(?:follow @|related:|watch:|listen:|read more:)"
    r"|^advertisement$",
    re.IGNORECASE,
)
_PROMO_VERB = re.compile(r"^(?:get (?:our|the)|read more|join our|listen to|recommended)\b", re.I)
_PROMO_THING = re.compile(
    r"\b(?:newsletters?|podcasts?|app|inbox|e-?mails?|subscri\w+|membership|stories|"
    r"updates|episodes?|free|daily|weekly)\b",
    re.IGNORECASE,
)
# "Copyright 2019 NPR", "© NPR", "Copyright (c) 2021 Acme News Inc.": a year or a © sign
# must follow, so a sentence about copyright law is not a footer.
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*(?:\u00a9|\(c\))?|\u00a9|\(c\))\s*"
    r"(?:(?P<year>(?:19|20)\d\d)(?:\s*[-\u2013]\s*(?:19|20)\d\d)?\b|(?<=[\u00a9)]))"
    r"\s*,?\s*(?P<owner>[^;|]*?)\.?\s*"
    r"(?:,(?!\s*(?:LLC|Inc|Ltd|Co|Corp|GmbH|plc)\b)|[;|]|\.\s|$)",
    re.IGNORECASE,
)
_BIO = re.compile(
    rf"^(?P<name>{_NAME}) (?:is|was) (?:an?|the) [^.]{{0,120}}?\b(?:reporter|writer|"
    r"correspondent|editor|journalist|columnist|contributor|producer|critic|author|"
    r"analyst|host)\b(?:[^.]{0,80}?\b(?:at|for|with) "
    r"(?P<outlet>[A-Z][\w&.'-]*(?: [A-Z][\w&'-]*)*))?"
)
_TAIL_SHARE = 0.2


@dataclass(frozen=True)
class Line:
    """A line of the article file that survived cleaning, with its offset in the file."""

    start: int
    text: str


@dataclass(frozen=True)
class CleanedArticle:
    """What cleaning keeps of one article, and the facts it read off the residue."""

    lines: tuple[Line, ...]
    author: str | None = None
    publisher: str | None = None
    year: str | None = None


def _raw_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lines.append(Line(offset + raw.index(stripped[0]), stripped))
        offset += len(raw)
    return lines


def _has_sentence_end(text: str) -> bool:
    return text.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?"))


def is_navigation(text: str) -> bool:
    """A run of lower-case words with no punctuation and few function words: a menu."""
    if not _NAV.match(text):
        return False
    words = text.split()
    function_words = sum(word in load_stopwords() for word in words)
    return function_words / len(words) < 0.34


def is_label(text: str) -> bool:
    """A short heading ending in a colon, like "Filed under:"."""
    return bool(_LABEL.match(text)) and len(text.split()) <= 4


def is_credit(text: str) -> bool:
    """A photo credit: a short line of names joined by "/" or naming a picture agency."""
    if _has_sentence_end(text) or len(text.split()) > 8:
        return False
    return bool(_CREDIT.match(text)) or bool(_CREDIT_AGENCY.search(text) and "/" in text)


def is_call_to_action(text: str) -> bool:
    """A promo line: "Sign up for the newsletter", "Subscribe", "Get our daily newsletter"."""
    if len(text.split()) > 25:
        return False
    return bool(_PROMO_OPENER.match(text)) or bool(
        _PROMO_VERB.match(text) and _PROMO_THING.search(text)
    )


def read_copyright(text: str) -> tuple[str | None, str | None] | None:
    """Return (owner, year) of a copyright footer line, or None if the line is not one."""
    match = _COPYRIGHT.match(text)
    if match is None:
        return None
    owner = match.group("owner").strip() or None
    return owner, match.group("year")


def read_byline(text: str) -> tuple[str, str | None] | None:
    """Return (author, outlet) of an author's bio line, or None if the line is not one."""
    match = _BIO.match(text)
    if match is None:
        return None
    return match.group("name"), match.group("outlet")


def clean_article(text: str) -> CleanedArticle:
    """Drop scraped residue from an article's text and read author and publisher off it."""
    lines = _raw_lines(text)
    dropped_repeats = _repeats_to_drop(lines)
    tail_start = len(lines) - max(2, round(len(lines) * _TAIL_SHARE))
    kept: list[Line] = []
    author = publisher = year = None
    in_footer = False
    for index, line in enumerate(lines):
        body = line.text
        if in_footer:
            copyright_ = read_copyright(body)
            if copyright_ is not None:
                publisher = publisher or copyright_[0]
                year = year or copyright_[1]
            continue
        if index in dropped_repeats:
            continue
        if is_navigation(body) or is_label(body) or is_credit(body):
            continue
        copyright_ = read_copyright(body)
        if copyright_ is not None:
            publisher = publisher or copyright_[0]
            year = year or copyright_[1]
            in_footer = index >= tail_start
            continue
        if is_call_to_action(body):
            in_footer = index >= tail_start
            continue
        byline = read_byline(body)
        if byline is not None:
            author = author or byline[0]
            publisher = publisher or byline[1]
        kept.append(line)
    return CleanedArticle(tuple(kept), author, publisher, year)


def _repeats_to_drop(lines: list[Line]) -> set[int]:
    """Return the indexes of repeated lines to drop, in one pass over the article.

    A paragraph repeated far apart (a pull quote) keeps its first copy; copies that sit
    together or beside a photo credit (a caption) all go.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        positions[line.text].append(index)
    drop: set[int] = set()
    for places in positions.values():
        if len(places) < 2:
            continue
        adjacent = any(b - a == 1 for a, b in itertools.pairwise(places))
        near_credit = any(
            0 <= j < len(lines) and is_credit(lines[j].text)
            for i in places
            for j in (i - 1, i + 1)
        )
        drop.update(places if adjacent or near_credit else places[1:])
    return drop
