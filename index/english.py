"""How common a word is in English at large, from wordfreq's word lists (shipped in the
package; nothing is downloaded)."""

from __future__ import annotations

COMMON_ZIPF = 4.0
"""A word used at least once in 100,000 words of English (Zipf 4) is common: "duties",
"goodbye" and "convinced" are; "banquet", "lasagna" and "quokka" are not."""


def zipf(word: str) -> float:
    """Return a word's Zipf frequency in English: log10 of its uses per billion words.

    wordfreq's small list holds the words of Zipf 3 and over; any other word gives 0. It loads
    in about 10 ms, on the first call, so a process that never asks pays nothing.
    """
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en", wordlist="small"))


def is_common(*forms: str) -> bool:
    """Tell whether any form of a word ("favoring", its stem "favor") is common in English."""
    return any(zipf(form) >= COMMON_ZIPF for form in forms if form)
