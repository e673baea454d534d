"""A question as typed, made safe to read: control characters, markup, white space, length."""

from __future__ import annotations

import html
import re
import unicodedata

MAX_QUESTION_CHARS = 2000
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean_question(text: str) -> str:
    """Drop control characters and markup, collapse white space, clip an over-long question."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = _TAG.sub(" ", html.unescape(_CONTROL.sub(" ", text)))
    return " ".join(text.split())[:MAX_QUESTION_CHARS]
