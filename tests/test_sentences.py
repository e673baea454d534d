"""Sentence splitting: Punkt with news abbreviations, headlines on their own, file offsets kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.corpus.cleaning import clean_article
from index.corpus.finding import find_article_files
from index.corpus.reading import load_article
from index.text.sentences import sentence_tokenizer, split_line, split_sentences


def pieces(text: str) -> list[str]:
    """Return the sentences of one line as text."""
    return [text[start:end] for start, end in split_line(text)]


@pytest.mark.parametrize(
    "sentences",
    [
        ["The House passed H.R. 1 on Friday.", "Sen. Warren objected."],
        ["The bill, H.R. 2500, passed in the House.", "It now goes to the Senate."],
        ["Sen. Elizabeth Warren spoke first.", "Then the vote began."],
        ["Gov. Gavin Newsom signed it.", "Critics were quiet."],
        ["Gov. Newsom spoke on Jan. 5 in the U.S. capital.", "Mr. Kim and Dr. Lee listened."],
        ["The talks resume on Jan. 12 in Hanoi.", "Both sides agreed."],
        ["U.S. officials met in Seoul.", "Talks went well."],
        ["Mr. Kim arrived by train.", "Dr. Lee met him."],
        ["Rep. Ocasio-Cortez and Gen. Milley met in Washington, D.C. on Monday."],
        ["It was 5 p.m. on Feb. 3 when it began.", "Then it rained."],
        ["Prices rose 3.5 percent.", "Officials in St. Louis said so."],
        ["He said no.", "The talks ended."],
    ],
    ids=lambda sentences: sentences[0][:24],
)
def test_abbreviations_do_not_end_sentences(sentences: list[str]) -> None:
    assert pieces(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        ["Officials from the U.S. and China met.", "Talks went well."],
        ['"We will go," he said.', '"Soon."'],
        ["Is it true?", "Nobody knows!", "We will see."],
    ],
    ids=lambda sentences: sentences[0][:24],
)
def test_sentence_ends_still_split(sentences: list[str]) -> None:
    assert pieces(" ".join(sentences)) == sentences


def test_a_headline_without_a_period_is_a_sentence_of_its_own() -> None:
    text = "Kim Jong Un Goes To China\nKim arrived on Tuesday. He met Xi.\n"
    sentences = split_sentences("a", clean_article(text).lines)
    assert [s.text for s in sentences] == [
        "Kim Jong Un Goes To China",
        "Kim arrived on Tuesday.",
        "He met Xi.",
    ]


def test_paragraphs_count_lines_and_sentences_run_through_the_article() -> None:
    text = "Title Line\n\nOne. Two.\n\nThree.\n\nFour. Five. Six.\n"
    sentences = split_sentences("doc", clean_article(text).lines)
    assert [(s.paragraph, s.sentence, s.text) for s in sentences] == [
        (1, 1, "Title Line"),
        (2, 2, "One."),
        (2, 3, "Two."),
        (3, 4, "Three."),
        (4, 5, "Four."),
        (4, 6, "Five."),
        (4, 7, "Six."),
    ]
    assert {s.article_id for s in sentences} == {"doc"}


def test_a_dangling_opening_quote_goes_to_the_next_sentence() -> None:
    text = 'A summit is forthcoming. " U.S. officials met in Vietnam," the AP reports.'
    sentences = split_sentences("a", clean_article(text).lines)
    assert sentences[0].text == "A summit is forthcoming."


@pytest.mark.parametrize(
    "raw",
    [
        "Title\n\nFirst sentence. Second one.\n",
        "Title\r\n\r\n   Indented sentence here. Another.\r\n\tTabbed line.\r\n",
        "---\ntitle: T\n---\nHeadline Here\n\nBody text. More text.\n",
        "\ufeffCaf\u00e9 Owners Complain\n\n"
        "The caf\u00e9 closed. Kim\u2019s aide said \u201cno.\u201d\n",
        'Title\n\nIt is forthcoming. " U.S. and Korean officials met," the AP reports.\n',
    ],
    ids=["plain", "crlf-indent", "front-matter", "bom-curly", "stray-quote"],
)
def test_offsets_point_into_the_file(tmp_path: Path, raw: str) -> None:
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    (item,) = find_article_files(tmp_path)
    _, sentences = load_article(item)
    text = item.path.read_bytes().decode("utf-8-sig")
    assert sentences
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_offsets_point_into_the_seed_files(seeds_dir: Path) -> None:
    for item in find_article_files(seeds_dir):
        _, sentences = load_article(item)
        text = item.path.read_bytes().decode("utf-8")
        assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
        assert [s.sentence for s in sentences] == list(range(1, len(sentences) + 1))


@pytest.mark.parametrize(
    "line",
    [
        "North Korean Leader Kim Jong Un Goes To China",
        "It\u2019s his first foreign trip since taking power in 2011.",
        'It was "done."',
        "\u201cWe hope so,\u201d she said.",
        "Is it? Yes.",
        "A. B",
        "Wait... what",
        "End.)",
        "U.S.",
        "Dr. Smith arrived. He left.",
        "a.b.c",
        "  Padded headline  ",
    ],
)
def test_the_one_sentence_shortcut_agrees_with_punkt(line: str) -> None:
    assert list(split_line(line)) == list(sentence_tokenizer().span_tokenize(line))
