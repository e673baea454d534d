"""How common a word is in English at large, from wordfreq's shipped word lists."""

# How common a word is in English at large, from wordfreq's word lists (shipped in the
# package; nothing is downloaded).

from __future__ import annotations

COMMON_ZIPF = 4.0
"""A word used at least once in 100,000 words of English (Zipf 4) is common: "duties",
"goodbye" and "convinced" are; "banquet", "lasagna" and "quokka" are not."""


def zipf(word: str, *, full: bool = False) -> float:
    """Return a word's Zipf frequency in English: log10 of its uses per billion words.

    wordfreq's small list holds the words of Zipf 3 and over (any other gives 0) and loads
    in about 10 ms; the `full` list goes down to Zipf 1 and loads in about 100 ms. Each loads
    on its first call, so a process that never asks pays nothing. A plain lower-case word is
    looked up in the list directly: wordfreq's own lookup keeps every word it was asked in a
    cache that only grows, and spelling correction asks for hundreds.
    """
    from wordfreq import freq_to_zipf, get_frequency_dict, zipf_frequency

    wordlist = "best" if full else "small"
    if word.isascii() and word.isalpha() and word.islower():
        frequency = get_frequency_dict("en", wordlist).get(word)
        return round(freq_to_zipf(frequency), 2) if frequency else 0.0
    return float(zipf_frequency(word, "en", wordlist=wordlist))


def is_common(*forms: str) -> bool:
    """Tell whether any form of a word ("favoring", its stem "favor") is common in English."""
    return any(zipf(form) >= COMMON_ZIPF for form in forms if form)
