"""One question, read once: made safe to read, then its terms, type, names, figures, cues."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from index.answering.conversation import (
    asks_about_answer,
    has_pronoun_subject,
    is_follow_up,
    opens_on_contrast,
    points_at_someone,
    points_back,
    wants_more,
)
from index.answering.question_types import (
    QuestionType,
    asked_name_of,
    asks_about_future,
    asks_in_own_words,
    classify_question,
    phrasing_terms,
    states_purpose,
)
from index.answering.statements import words_of
from index.text.analyzer import Analyzer
from index.text.negation import asks_negated
from index.text.sentences import split_line

MAX_QUESTION_CHARS = 2000
MAX_QUERY_TERMS = 48
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_EMPHASIS = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")
"""Markdown's emphasis marks at a word's edge ("*trip*", "_Kim_", "`code`"): markup, as a tag is;
the model would read them as part of the question. Inside a word ("snake_case") they stay."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_DIGIT = re.compile(r"\d")
# A count this small is said many ways ("a year", "a couple", "twice", "a dozen"): no article
# need write it as the question does, so it does not mark a question as about something else.
_SMALL_COUNT = re.compile(r"(?:[0-9]|1[0-2])")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
# A greeting before a question, and thanks after it: "Hi! When...?", "...? Thanks a lot!";
# with no stop before it, only a capital tells thanks ("... arrive Thanks") from the question's
# own words ("When did the team say thanks").
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening|day))"
    r"(?:\s+(?:there|all|everyone|bot|citeqa))?\s*[!,.:;-]*\s+(?=\w)",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"(?:(?<=[?!.])\s*|\s*[,;:-]\s*|\s+(?-i:(?=Thank|Cheers|Many)))"
    r"(?:(?:many\s+)?thanks|thank\s+you|thx|ty|cheers)"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+in\s+advance)?\W*$",
    re.IGNORECASE,
)
# A request wrapped round a question: "Can you tell me who...", "Do you know when...".
_REQUEST = re.compile(
    r"^\W*(?:please\s+)?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:tell|show|remind)\s+me"
    r"|(?:do|does)\s+(?:you|anyone|anybody)\s+know"
    r"|tell\s+me"
    r"|i\s+(?:want|would\s+like|'d\s+like|need)\s+to\s+know"
    r"|i\s+wonder|i'm\s+wondering|i\s+am\s+wondering)"
    r"(?:\s+please)?\s*,?\s+(?=(?:who|whom|whose|what|which|when|where|why|how)\b)",
    re.IGNORECASE,
)


def clean_question(text: str) -> str:
    """Drop control characters and markup, collapse white space, clip an over-long question."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = _EMPHASIS.sub("", _TAG.sub(" ", html.unescape(_CONTROL.sub(" ", text))))
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def asked_question(text: str) -> str:
    """Return what a message asks: without a greeting or thanks round it ("Hi! When...?
    Thanks"), and the question a request wraps ("Can you tell me who went with Kim?" asks "Who
    went with Kim?"). Their words are no part of what is asked; the question word must lead."""
    asked = _THANKS.sub("", _GREETING.sub("", text))
    match = _REQUEST.match(asked)
    if match is not None:
        asked = asked[match.end() :]
    if not asked or asked == text:
        return text
    return asked[:1].upper() + asked[1:]


# A verb that opens a question asking whether something is so ("Is it Kim's fourth visit?").
_OPENING_VERB = (
    r"(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might|must)"
)
_YES_NO = re.compile(rf"^\W*{_OPENING_VERB}\b", re.IGNORECASE)
# A sentence that asks: it ends on a question mark, or opens on a question word or on a verb
# that opens a question ("did kim signal any willingness to give up nukes").
_ASKS = re.compile(
    rf"\?\W*$|^\W*(?:who|whom|whose|what|which|when|where|why|how|{_OPENING_VERB})\b",
    re.IGNORECASE,
)
# A short label before a question: "Quick question: when...", "Kim's trip: who went with him?".
_LABEL = re.compile(r"^\W*((?:[^\W_][\w'\u2019-]*\s+){0,3}[^\W_][\w'\u2019-]*)\s*:\s+(?=\w)")


def split_context(text: str) -> tuple[str, str]:
    """Return what a message says before its question, and the question: "I read the piece.
    Who went with him?" is ("I read the piece.", "Who went with him?"); "Quick question: when
    did Kim leave?" is ("Quick question", "when did Kim leave?"). A message that is one
    question, or several ("When did he arrive? And who went with him?"), has no context, nor
    one whose label asks itself ("Which one: the first or the second?")."""
    label = _LABEL.match(text)
    if (
        label is not None
        and not _ASKS.search(label.group(1))
        and _ASKS.search(text[label.end() :])
    ):
        said, asked = split_context(text[label.end() :])
        return " ".join(filter(None, (label.group(1), said))), asked
    pieces = [text[start:end].strip() for start, end in split_line(text)]
    first = next((n for n, piece in enumerate(pieces) if _ASKS.search(piece)), 0)
    if first == 0:
        return "", text
    return " ".join(pieces[:first]), " ".join(pieces[first:])


@dataclass(frozen=True)
class Cues:
    """What a question's wording says of the conversation it stands in."""

    follows_on: bool
    """It leans on the question before ("And the meeting with Trump?", "Why?")."""
    pronoun_subject: bool
    """Its subject is a bare "he", "she" or "they"."""
    points_at_someone: bool
    """It points back at someone with a pronoun ("his place")."""
    opens_on_contrast: bool
    """It opens on a contrast ("But who...", "What about...")."""
    own_question: bool
    """It asks a question of its own ("And what did Moon say?"), not the last one again."""
    wants_more: bool
    """It asks for something not yet said ("What else?")."""
    about_answer: bool
    """It asks about what was just said ("Did anyone believe that?")."""
    points_back: bool
    """It asks more of the last answer ("Who used it before him?", "Why?")."""


@dataclass(frozen=True)
class ParsedQuestion:
    """A question as answering reads it: made once by `parse_question`, read by planning,
    ranking, abstention and the conversation, so no module tokenises the question again."""

    text: str
    terms: tuple[str, ...]
    """Its own terms, in order, without its phrasing words ("how", "did"); at most
    MAX_QUERY_TERMS of them."""
    words: frozenset[str]
    """Its words as written, folded: what an echo of the question is made of."""
    compounds: frozenset[str]
    """Terms that only join others into a compound, which an answer need not cover."""
    stems: tuple[str, ...]
    """Its plain stems in order, which choose the synonym phrases that apply."""
    question_type: QuestionType
    names: frozenset[str]
    """Terms of its capitalised words after the first."""
    figures: frozenset[str]
    """Terms of its words written with a digit ("1974", "$60", "3bn"), but for a count of up to
    twelve ("4", "12"), which an article may say another way ("a year", "a dozen")."""
    word_terms: tuple[tuple[str, tuple[str, ...]], ...]
    """Each of its words, lower-cased, with the terms among its own terms that it gives: how
    common a word is in English decides whether a term no sentence holds is a paraphrase."""
    future: bool
    yes_no: bool
    """It asks whether something is so ("Is it Kim's fourth visit to China in a year?"): a
    sentence saying just that, in the question's own words, answers it."""
    negated: bool
    """It asks of what is not so ("What is not contained in PSPACE?")."""
    purpose: bool
    """It asks what something is for ("Why ... to ...?"), so a sentence of purpose answers."""
    name_of: str | None
    """The noun of the person whose name it asks for ("wife"), if it asks one."""
    cues: Cues


def parse_question(text: str, analyzer: Analyzer) -> ParsedQuestion:
    """Read a cleaned question once into everything answering needs of its wording."""
    phrasing = {analyzer.word_term(word) for word in phrasing_terms(text)}
    terms = [t for t in dict.fromkeys(analyzer.question_terms(text)) if t not in phrasing]
    terms = terms[:MAX_QUERY_TERMS]
    own = set(terms)
    words = text.split()
    cues = Cues(
        follows_on=is_follow_up(text, terms),
        pronoun_subject=has_pronoun_subject(text),
        points_at_someone=points_at_someone(text),
        opens_on_contrast=opens_on_contrast(text),
        own_question=asks_in_own_words(text),
        wants_more=wants_more(text),
        about_answer=asks_about_answer(text),
        points_back=points_back(text),
    )
    return ParsedQuestion(
        text=text,
        terms=tuple(terms),
        words=frozenset(words_of(text)),
        compounds=frozenset(analyzer.compounds(text)),
        stems=tuple(analyzer.plain_stems(text)),
        question_type=classify_question(text),
        names=frozenset(analyzer.terms(" ".join(w for w in words[1:] if w[:1].isupper()))) & own,
        figures=frozenset(
            term
            for term in analyzer.terms(" ".join(w for w in words if _DIGIT.search(w)))
            if term in own and not _SMALL_COUNT.fullmatch(term)
        ),
        word_terms=tuple(
            (word.lower(), tuple(term for term in analyzer.terms(word) if term in own))
            for word in _WORD.findall(text)
        ),
        future=asks_about_future(text),
        yes_no=bool(_YES_NO.match(text)),
        negated=asks_negated(text),
        purpose=states_purpose(text),
        name_of=asked_name_of(text),
        cues=cues,
    )
