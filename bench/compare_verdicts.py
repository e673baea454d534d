"""Cases whose verdict differs between two `citeqa eval --json` reports: the check of a change
meant to keep behaviour, such as a move of modules.

    citeqa eval tests/questions/*.yaml --json before.json      # on the old revision
    citeqa eval tests/questions/*.yaml --json after.json       # on the new one
    python -m bench.compare_verdicts before.json after.json

A verdict is each turn's rank of the expected sentence, whether it abstained, and its top
sentence. The exit status is 1 when any case differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Verdict = tuple[Any, ...]


def verdicts(report: dict[str, Any]) -> dict[str, Verdict]:
    """Return each case turn's verdict, keyed by case id (numbered if sets share it) and turn."""
    found: dict[str, Verdict] = {}
    seen: dict[str, int] = {}
    for case in report["cases"]:
        seen[case["id"]] = seen.get(case["id"], 0) + 1
        for number, turn in enumerate(case["turns"], start=1):
            key = f"{case['id']}({seen[case['id']]})#{number}"
            found[key] = (turn["rank"], turn["abstained"], turn["top"])
    return found


def main() -> None:
    """Print the cases that differ between the two reports named; exit 1 if any do."""
    before, after = (
        verdicts(json.loads(Path(name).read_text(encoding="utf-8"))) for name in sys.argv[1:3]
    )
    keys = before.keys() | after.keys()
    changed = sorted(key for key in keys if before.get(key) != after.get(key))
    for key in changed:
        print(f"{key}\n  before {before.get(key)}\n  after  {after.get(key)}")
    print(f"{len(changed)} of {len(before | after)} verdicts differ")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
