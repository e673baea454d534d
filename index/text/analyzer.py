"""Text analysis shared by the index and the questions: normalisation, tokens, stopwords, stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import Stemmer

# Folds quotes and dashes one character for one, so spans in the folded text are spans in
# the original (`Analyzer.words`).
_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2013": "-", "\u2014": " ", "\u2010": "-", "\u2011": "-", "\u00a0": " ",
    }
)  # fmt: skip
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)
_POSSESSIVE = re.compile(r"(?<=\w)'s?\b")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SPAN_WORD = re.compile(r"\$|%|[^\W_]+(?:[-'][^\W_]+)*")
_WORD = re.compile(r"\$|%|[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
}
_SYMBOL_WORDS = {"$": "dollar", "%": "percent"}
_CONTRACTION = re.compile(r"\b(?:(wo)|(ca)|(sha)|(\w+?))n't\b", re.IGNORECASE)
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")
_US = re.compile(r"\bUS\b")


_WORD_CACHE_LIMIT = 500_000  # words remembered with their terms; cleared when full


@dataclass(frozen=True)
class AnalyzerSettings:
    """The choices that decide which terms a text becomes; saved with an index, checked on load."""

    stem: bool = True
    drop_stopwords: bool = True
    split_hyphens: bool = True
    join_hyphens: bool = True
    number_words: bool = True
    version: int = 4

    def as_dict(self) -> dict[str, object]:
        """Return the settings as a plain mapping, for saving beside an index."""
        return asdict(self)


@dataclass(frozen=True)
class Word:
    """A word of the original text: where it stands and the term it became (None if dropped)."""

    start: int
    end: int
    term: str | None


@cache
def load_stopwords() -> frozenset[str]:
    """Return the stopword list kept as data in this package."""
    text = resources.files("index").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def load_question_words() -> frozenset[str]:
    """Return the words of question phrasing that are dropped from questions only."""
    text = resources.files("index").joinpath("data/question_words.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def normalise(text: str) -> str:
    """Fold acronyms ("U.S." is "usa"), compatibility forms, quotes, dashes and case.

    Offsets are not kept; callers needing them use `Analyzer.words`.
    """
    text = _CONTRACTION.sub(_expand_contraction, text.replace("\u2019", "'"))
    text = _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", "") + " ", text)
    text = _US.sub("USA", text)
    return fold_accents(unicodedata.normalize("NFKC", text).translate(_QUOTES).lower())


def _expand_contraction(match: re.Match[str]) -> str:
    """Spell out "n't" so "won't" is "will not" and "won" stays the past of "win"."""
    if match.group(1):
        return "will not"
    if match.group(2):
        return "can not"
    if match.group(3):
        return "shall not"
    return f"{match.group(4)} not"


def fold_accents(text: str) -> str:
    """Drop combining accents ("fiancée" is "fiancee"), leaving other scripts as they are."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", stripped)


class Analyzer:
    """Turns text into index terms; the same object serves the index and the questions."""

    def __init__(self, settings: AnalyzerSettings | None = None) -> None:
        self.settings = settings or AnalyzerSettings()
        self._stopwords = load_stopwords()
        self._stemmer = Stemmer.Stemmer("english")
        # No cache: its entries are objects the garbage collector keeps walking, and spelling
        # correction stems hundreds of strings that are no words at all.
        self._uncached_stemmer = Stemmer.Stemmer("english", 0)
        self._stems: dict[str, str] = {}
        self._word_cache: dict[str, tuple[str, ...]] = {}
        self._first_terms: dict[str, str | None] = {}
        self._question_stems: frozenset[str] | None = None

    def stem(self, word: str) -> str:
        """Return the stem of one lower-cased word (cached)."""
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word) if self.settings.stem else word
            self._stems[word] = stem
        return stem

    def _word_terms(self, word: str) -> list[str]:
        word = _SYMBOL_WORDS.get(word, word)
        parts = word.split("-") if "-" in word else [word]
        terms: list[str] = []
        if len(parts) > 1:
            if self.settings.split_hyphens:
                terms.extend(self._part_term(part) for part in parts)
            if self.settings.join_hyphens:
                terms.append(self._part_term("".join(parts)))
            if not self.settings.split_hyphens and not self.settings.join_hyphens:
                terms.append(self._part_term(word))
        else:
            terms.append(self._part_term(word))
        return [term for term in terms if term]

    def _part_term(self, part: str) -> str:
        return self._term(part, self.stem) or ""

    def word_term(self, word: str) -> str | None:
        """Return the term of one lower-case word of letters, None for a stopword.

        Uncached, unlike `terms`: spelling correction tries hundreds of strings per word.
        """
        return self._term(word, self._uncached_stemmer.stemWord)

    def _term(self, word: str, stem: Callable[[str], str]) -> str | None:
        """Return a word's term with the given stemmer: None for a stopword, number words
        as digits."""
        if self.settings.drop_stopwords and word in self._stopwords:
            return None
        if self.settings.number_words:
            word = _NUMBER_WORDS.get(word, word)
        return stem(word) if self.settings.stem else word

    def _tokens(self, text: str) -> list[re.Match[str]]:
        text = _THOUSANDS.sub("", _POSSESSIVE.sub("", normalise(text)))
        return list(_WORD.finditer(text))

    def terms(self, text: str) -> list[str]:
        """Return the index terms of a text, in order, stopwords dropped."""
        terms: list[str] = []
        for word in _WORD.findall(_THOUSANDS.sub("", _POSSESSIVE.sub("", normalise(text)))):
            terms.extend(self._cached_word_terms(word))
        return terms

    def _cached_word_terms(self, word: str) -> tuple[str, ...]:
        cache = self._word_cache
        found = cache.get(word)
        if found is None:
            if len(cache) >= _WORD_CACHE_LIMIT:
                cache.clear()
            found = cache[word] = tuple(self._word_terms(word))
        return found

    def compounds(self, text: str) -> set[str]:
        """Return the joined terms of a text's hyphenated words ("trumpkim" for "Trump-Kim").

        They stand beside their parts' terms, so they are extra evidence, not extra words.
        """
        if not (self.settings.join_hyphens and self.settings.split_hyphens):
            return set()
        return {
            self._part_term(match.group().replace("-", ""))
            for match in self._tokens(text)
            if "-" in match.group()
        } - {""}

    def question_terms(self, text: str) -> list[str]:
        """Return a question's terms: its index terms less the words of question phrasing."""
        if self._question_stems is None:
            self._question_stems = frozenset(self.stem(word) for word in load_question_words())
        return [term for term in self.terms(text) if term not in self._question_stems]

    def plain_stems(self, text: str) -> list[str]:
        """Return the stem of every word of a text, stopwords kept and hyphens split: what a
        phrase ("travel with", "twelve months") is matched on."""
        stems: list[str] = []
        for match in self._tokens(text):
            for part in match.group().split("-"):
                part = _NUMBER_WORDS.get(part, part) if self.settings.number_words else part
                stems.append(self._uncached_stemmer.stemWord(part) if self.settings.stem else part)
        return stems

    def words(self, text: str) -> list[Word]:
        """Return each word of the original text with its span and its first term."""
        words: list[Word] = []
        folded = unicodedata.normalize("NFKC", text)
        if len(folded) != len(text):
            folded = text
        same = folded.translate(_SAME_LENGTH)
        lowered = same.lower()
        if len(lowered) != len(same) or "\u03a3" in same:
            # A letter whose lower case is longer ("İ"), or a capital sigma, whose lower case
            # depends on its place in a word: lower each letter alone, keeping the spans.
            lowered = "".join(low if len(low := ch.lower()) == 1 else ch for ch in same)
        firsts = self._first_terms
        for match in _SPAN_WORD.finditer(lowered):
            token = match.group()
            if token == "us" and folded[match.start() : match.end()] == "US":
                token = "US"  # the country, not the pronoun
            if token not in firsts:
                if len(firsts) >= _WORD_CACHE_LIMIT:
                    firsts.clear()
                raw = "usa" if token == "US" else fold_accents(_POSSESSIVE.sub("", token)).lower()
                terms = self._cached_word_terms(raw) if raw else ()
                firsts[token] = terms[0] if terms else None
            words.append(Word(match.start(), match.end(), firsts[token]))
        return words
