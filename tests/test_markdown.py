"""Markdown articles: read as the text they show, in answers, titles and sources alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_process import RunCli
from tiny_corpus import write_files

from index.corpus.markdown_text import markdown_to_text
from index.corpus.reading import load_corpus, text_key

FERRY = """\
---
publisher: Harbour Gazette
date: 2024-03-02
---
# Island ferry service **resumes** after storm

The *Skerry Queen* sailed from Northpoint at 7 a.m. on Monday, the first crossing in
twelve days.

> "We are glad to be back," said [captain Ola Berg](https://example.org/berg).

## Timetable

- Boats leave **every two hours** until 9 p.m.
- Tickets cost `12 kroner` for adults.

1. The harbour office reopens on Tuesday.

```
Fares: adults 12, children 6.
```

---

See the [full timetable](https://example.org/timetable) for *holiday* sailings.
"""
FERRY_TEXT = [
    "Island ferry service resumes after storm",
    "The Skerry Queen sailed from Northpoint at 7 a.m. on Monday, the first crossing in",
    "twelve days.",
    '"We are glad to be back," said captain Ola Berg.',
    "Timetable",
    "Boats leave every two hours until 9 p.m.",
    "Tickets cost 12 kroner for adults.",
    "The harbour office reopens on Tuesday.",
    "Fares: adults 12, children 6.",
    "See the full timetable for holiday sailings.",
]
# Markdown syntax in output: emphasis, heading and code marks, link targets, quote openers.
SYNTAX = re.compile(r"[*#`]|\]\(|example\.org|^>", re.MULTILINE)


def test_markdown_becomes_its_text_one_paragraph_a_line_blank_lines_between() -> None:
    text = markdown_to_text(FERRY.split("---\n", 2)[2])
    assert text.split("\n\n") == [
        FERRY_TEXT[0],
        "\n".join(FERRY_TEXT[1:3]),
        *FERRY_TEXT[3:8],
        FERRY_TEXT[8],
        FERRY_TEXT[9] + "\n",
    ]


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("A [link](https://a.org) and <https://b.org>.", "A link and https://b.org."),
        ("Escaped \\*stars\\* and AT&amp;T.", "Escaped *stars* and AT&T."),
        ("An ![aerial photo](p.jpg) picture.", "An  picture."),
        ("Less than <b>bold</b>.", "Less than <b>bold</b>."),
        ("Title\n=====\n\nBody.", "Title\n\nBody."),
        ("    indented code", "indented code"),
        ("* * *", ""),
    ],
    ids=[
        "links",
        "escapes-and-entities",
        "image",
        "raw-html-stays-text",
        "setext",
        "code",
        "rule",
    ],
)
def test_markdown_marks_go_and_text_stays(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text + "\n"


def test_a_md_article_is_read_without_its_markdown_and_keeps_its_front_matter(
    tmp_path: Path,
) -> None:
    corpus = load_corpus(write_files(tmp_path / "c", {"ferry.md": FERRY}))
    (article,) = corpus.articles
    assert (article.title, article.publisher, article.date) == (
        "Island ferry service resumes after storm",
        "Harbour Gazette",
        "2024-03-02",
    )
    assert [s.text for s in corpus.sentences] == FERRY_TEXT
    assert [s.paragraph for s in corpus.sentences] == list(range(1, 11))


def test_only_md_files_are_read_as_markdown(tmp_path: Path) -> None:
    text = "# Not a heading in plain text\n\nA *starred* word.\n"
    corpus = load_corpus(write_files(tmp_path / "c", {"notes.txt": text}))
    assert [s.text for s in corpus.sentences] == [
        "# Not a heading in plain text",
        "A *starred* word.",
    ]


def test_the_duplicate_key_of_an_added_article_reads_it_as_the_md_file_it_is_saved_as() -> None:
    key = text_key(FERRY)
    assert key is not None
    assert key == text_key(FERRY.replace("**resumes**", "resumes"))
    assert key != text_key(FERRY, suffix=".txt")


def test_answers_titles_and_sources_carry_no_markdown(citeqa: RunCli, tmp_path: Path) -> None:
    corpus = write_files(tmp_path / "ferry", {"ferry.md": FERRY})
    question = "What did captain Ola Berg say?"
    asked = citeqa("ask", "--json", "--top", "3", "--corpus", corpus, question)
    assert asked.returncode == 0, asked.stderr
    (reply,) = [json.loads(line) for line in asked.stdout.splitlines()]
    best = reply["answers"][0]
    assert best["text"] == '"We are glad to be back," said captain Ola Berg.'
    assert best["source"]["title"] == "Island ferry service resumes after storm"
    shown = citeqa("ask", "--corpus", corpus, question, "When does the boat leave?")
    repl = citeqa("repl", "--corpus", corpus, input="/sources\n")
    for output in (shown.stdout, repl.stdout):
        assert "Island ferry service resumes after storm" in output
        assert not SYNTAX.search(output), output
