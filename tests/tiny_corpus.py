"""The tiny invented corpus the core tests run on, and a helper to write corpus folders."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

# Three invented articles, each carrying its metadata a different way: a front-matter block
# (pandas), a copyright footer (council) and a sidecar file (race). One sentence is in two
# articles, so answers must collapse it; "kilometres" is in two, so follow-ups must choose.
CORPUS: dict[str, str] = {
    "pandas.txt": """\
---
publisher: Daily Planet
author: Maria Lopez
date: 2021-05-04
url: https://example.org/pandas
---
Zoo Welcomes Two Giant Pandas

The city zoo welcomed two giant pandas from Chengdu on Tuesday. The pandas, named Bao and \
Lin, travelled for 14 hours in a cargo plane.

Keepers said the pandas eat 40 kilograms of bamboo a day. The zoo spent $2 million on the \
new enclosure.

Dr. Ana Ruiz, the zoo's chief veterinarian, said the animals settled in quickly. Visitors \
can see the pandas every morning.

The mayor called it a proud day for the city.
""",
    "council.txt": """\
City Council Backs New Bike Lanes

The city council voted 7-2 on Monday to approve the transport budget.

The plan adds 1,000 kilometres of bike lanes. Opponents said the money should fund buses \
instead.

The mayor called it a proud day for the city.

Copyright 2022 Metro Herald. To see more, visit
""",
    "race.txt": """\
Students Win Solar Car Race

A team of engineering students won the four-day solar car race across the desert.

Their car, called Helios, averaged 80 kilometres an hour over the four days of the race, \
the organisers said.

The team's captain, Tom Okafor, thanked the sponsors.
""",
    "race.meta.yaml": "publisher: Solar News\ndate: 2020-09\n",
}
MAYOR = "The mayor called it a proud day for the city."
BAMBOO = "Keepers said the pandas eat 40 kilograms of bamboo a day."
HELIOS = (
    "Their car, called Helios, averaged 80 kilometres an hour over the four days of the race, "
    "the organisers said."
)
BIKE_LANES = "The plan adds 1,000 kilometres of bike lanes."


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write text (UTF-8) or bytes files into a folder, creating it; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# A question set over the tiny corpus: a substring case, a location case (the vet is sentence
# 6 of the pandas article), an abstention and a two-turn follow-up.
QUESTION_SET = """\
version: 1
cases:
  - id: bamboo
    question: How much bamboo do the pandas eat?
    expect: ["40 kilograms of bamboo"]
    tags: [quantity, pandas]
  - id: vet
    question: Who is the zoo's chief veterinarian?
    expect:
      - {source: pandas, sentence: 6}
    tags: [who, pandas]
  - id: lasagna
    question: What is the recipe for lasagna?
    expect: abstain
    tags: [abstain]
  - id: kilometres
    tags: [followup]
    turns:
      - question: What was the solar car of the engineering students called?
        expect: ["solar car race"]
      - question: And how many kilometres?
        expect: ["80 kilometres an hour"]
"""
