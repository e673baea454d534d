"""Negation: whether a question asks what is not so, and whether a sentence says no at all."""

# A question that asks for what something is *not* ("What is not contained in PSPACE?",
# "Which city does not lie on the coast?") is answered by a sentence that says so in some
# negative way ("is not", "never", "with the exception of", "unable"); a sentence that only
# states the positive ("L is contained in PSPACE") answers the question without its "not",
# which is another question. Only a wh-question whose verb is negated counts: "why not"
# is answered by a reason, which need not be worded negatively, and a negation inside a
# modifier ("an example of a problem not known to be in P") does not turn the question round.

from __future__ import annotations

import re

_AUXILIARY = (
    r"(?:is|are|was|were|be|been|do|does|did|can|could|may|might|will|would|shall|should|"
    r"must|has|have|had)"
)
_ASKS_NEGATED = re.compile(
    r"^\W*(?:(?:in|at|on|from|to|for|by|with|of|during)\s+)?"
    r"(?:what|which|who|whom|whose|where|when|how(?!\s+come\b))\b.*?(?:"
    rf"\b{_AUXILIARY}\s+(?:[\w-]+\s+){{0,3}}?not\b|\b(?:cannot|never)\b|\w+n['\u2019]t\b)",
    re.IGNORECASE,
)
_EITHER_WAY = re.compile(
    rf"\bor\s+(?:{_AUXILIARY}\s*)?(?:not|n['\u2019]t)\b|\b{_AUXILIARY}n['\u2019]t\s+or\b",
    re.IGNORECASE,
)
""""whether or not", "may or may not": both ways are asked, so neither is."""
_SUBORDINATE = re.compile(
    r"\b(?:that|whether|if|because|although|though|while|unless|whereas)\b", re.IGNORECASE
)
"""Where a clause under the question's own begins: "Who said that Beijing has not mixed the
two issues?" asks who said something, not what is not so."""
_SAYS_NO = re.compile(
    r"\b(?:not|never|no|cannot|neither|nor|none|nothing|nobody|nowhere|without|except|"
    r"exception\w*|lack\w*|fail\w*|absent|unable|refus\w*|den(?:y|ies|ied)|only|rather\s+than|"
    r"other\s+than|instead|un\w{4,}|\w{4,}less)\b|n['\u2019]t\b",
    re.IGNORECASE,
)
"""Any way a sentence may word a negative; generous, as a missed one refuses an answer."""


def asks_negated(question: str) -> bool:
    """Tell whether a wh-question (not "why") asks of what is not so ("What is not strictly
    contained in PSPACE?", "Which team didn't play?")."""
    main_clause = _SUBORDINATE.split(_EITHER_WAY.sub(" ", question), maxsplit=1)[0]
    return bool(_ASKS_NEGATED.search(main_clause))


def says_no(sentence: str) -> bool:
    """Tell whether a sentence words a negative in any way ("not", "never", "unable",
    "with the exception of", "only")."""
    return bool(_SAYS_NO.search(sentence))
