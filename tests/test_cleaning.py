"""Cleaning: scraped residue is dropped by line shape, content is kept, bylines give the author."""

from __future__ import annotations

import pytest

from index.corpus.cleaning import (
    clean_article,
    is_call_to_action,
    is_credit,
    is_label,
    is_navigation,
    read_byline,
    read_copyright,
)

BODY = [
    "Zoo Welcomes Two Giant Pandas",
    "The city zoo welcomed two giant pandas on Tuesday.",
    "Keepers said the pandas eat 40 kilograms of bamboo a day.",
    "Visitors queued for hours to see them.",
    "The mayor called it a proud day for the city.",
    "Officials expect more visitors in the summer.",
    "Last real sentence of the story.",
]


def article(*paragraphs: str) -> str:
    """Join paragraphs the way scraped articles come: blank lines between them."""
    return "\n\n".join(paragraphs) + "\n"


def kept(text: str) -> list[str]:
    """Return the text of the lines cleaning keeps."""
    return [line.text for line in clean_article(text).lines]


@pytest.mark.parametrize(
    "line",
    [
        "clock menu more-arrow no yes mobile",
        "skip to main content",
        "share tweet email print",
        "facebook twitter linkedin whatsapp",
    ],
)
def test_navigation_lines_are_recognised(line: str) -> None:
    assert is_navigation(line)


@pytest.mark.parametrize("line", ["Filed under:", "Related:", "Topics:", "More from Vox:"])
def test_labels_are_recognised(line: str) -> None:
    assert is_label(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tomohiro Ohsumi/Getty Images",
        "Jane Doe/AFP via Getty Images",
        "Photo: Reuters",
        "Photo by John Smith/AP",
        "Image: Shutterstock",
        "AP Photo/Ahn Young-joon",
        "Photograph: Kim Hong-Ji/Reuters",
        "Illustration by Sam Lee for The Atlantic",
        "Chip Somodevilla/Getty Images",
    ],
)
def test_photo_credits_are_recognised(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for the newsletter Today, Explained",
        "Subscribe to our podcast",
        "Follow us on Twitter",
        "Read more: Why pandas matter",
        "Support independent journalism today.",
    ],
)
def test_promos_are_recognised(line: str) -> None:
    assert is_call_to_action(line)


@pytest.mark.parametrize(
    "line",
    [
        "Kim Jong Un Goes To China",
        "Zoo Welcomes Two Giant Pandas",
        "The 24/7 news cycle has changed politics.",
        "He called the deal a win/win for both sides.",
        "Officials met in Beijing/Shanghai last week.",
        "Xi Jinping met Kim Jong Un in Beijing.",
        "no.",
        "why?",
        "He said: we will go.",
        "The answer was clear: no.",
        "Subscribers rose by 10 percent last year.",
        "Listening to voters is hard, she said.",
        "Related talks are planned for May.",
        "Kim is a leader of North Korea.",
    ],
)
def test_ordinary_lines_are_no_residue(line: str) -> None:
    assert not is_navigation(line)
    assert not is_label(line)
    assert not is_credit(line)
    assert not is_call_to_action(line)
    assert read_copyright(line) is None


@pytest.mark.parametrize(
    ("line", "owner", "year"),
    [
        ("Copyright 2019 NPR. To see more, visit", "NPR", "2019"),
        ("Copyright 2017 Metro Herald, all rights reserved", "Metro Herald", "2017"),
        ("Copyright \u00a9 2017 Metro Herald", "Metro Herald", "2017"),
        ("\u00a9 2020 The Guardian", "The Guardian", "2020"),
        ("(c) 2018 BBC", "BBC", "2018"),
    ],
)
def test_copyright_lines_give_owner_and_year(line: str, owner: str, year: str) -> None:
    assert read_copyright(line) == (owner, year)


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        (
            "Jen Kirby is a senior foreign and national security reporter at Vox, where she "
            "covers global instability.",
            "Jen Kirby",
            "Vox",
        ),
        ("Maria Lopez is a staff writer for The Daily Planet.", "Maria Lopez", "The Daily Planet"),
        ("John Smith was a correspondent for Reuters in Seoul.", "John Smith", "Reuters"),
        ("Ana Ruiz is a freelance journalist.", "Ana Ruiz", None),
    ],
)
def test_bio_lines_give_author_and_outlet(line: str, author: str, outlet: str | None) -> None:
    assert read_byline(line) == (author, outlet)


@pytest.mark.parametrize(
    "line", ["Xi Jinping is the president of China.", "Kim is a leader of North Korea."]
)
def test_other_is_a_sentences_are_no_byline(line: str) -> None:
    assert read_byline(line) is None


def test_residue_at_the_top_goes_and_the_headline_stays() -> None:
    text = article(
        "clock menu more-arrow no yes mobile", "Filed under:", "Share this story", *BODY
    )
    assert kept(text) == BODY


@pytest.mark.parametrize(
    ("footer", "publisher", "year"),
    [
        ("Copyright 2019 NPR. To see more, visit", "NPR", "2019"),
        ("Copyright 2021 Daily Planet.\n\nTo see more, visit", "Daily Planet", "2021"),
        (
            "\u00a9 2020 The Guardian\n\nTo see more, visit https://example.org/more",
            "The Guardian",
            "2020",
        ),
        (
            "Sign up for the newsletter Today, Explained\n\n"
            "Understand the world with a daily explainer plus the most compelling stories.",
            None,
            None,
        ),
        (
            "Subscribe to our podcast\n\n"
            "New episodes every Friday, with the stories behind the news.",
            None,
            None,
        ),
    ],
    ids=["npr", "two-lines", "symbol", "newsletter-blurb", "podcast-blurb"],
)
def test_footers_and_their_blurbs_go(footer: str, publisher: str | None, year: str | None) -> None:
    cleaned = clean_article(article(*BODY, footer))
    assert [line.text for line in cleaned.lines] == BODY
    assert (cleaned.publisher, cleaned.year) == (publisher, year)


def test_a_promo_early_in_the_article_does_not_swallow_the_rest() -> None:
    text = article(BODY[0], "Sign up for our newsletter", *BODY[1:])
    assert kept(text) == BODY


def test_a_caption_repeated_verbatim_goes_in_every_copy() -> None:
    caption = "Kim Jong Un met Xi Jinping in Beijing, state media said."
    text = "\n".join([BODY[0], caption, caption, "Jane Doe/AFP via Getty Images", *BODY[1:]])
    assert kept(text) == BODY


def test_a_caption_split_by_its_credit_goes_in_every_copy() -> None:
    caption = "The pandas rest in their new enclosure."
    text = article(BODY[0], BODY[1], caption, "Photo: Reuters", caption, *BODY[2:])
    assert kept(text) == BODY


def test_a_paragraph_repeated_far_apart_is_kept_once() -> None:
    text = article(*BODY[:3], BODY[1], *BODY[3:])
    assert kept(text) == BODY


def test_a_bio_line_is_kept_and_gives_author_and_publisher() -> None:
    bio = "Maria Lopez is a staff writer for The Daily Planet, where she covers science."
    cleaned = clean_article(article(BODY[0], bio, *BODY[1:]))
    assert [line.text for line in cleaned.lines] == [BODY[0], bio, *BODY[1:]]
    assert (cleaned.author, cleaned.publisher) == ("Maria Lopez", "The Daily Planet")


def test_metadata_stays_empty_when_the_text_does_not_say_it() -> None:
    cleaned = clean_article(article(*BODY))
    assert (cleaned.author, cleaned.publisher, cleaned.year) == (None, None, None)


def test_kept_lines_carry_their_offsets_in_the_file() -> None:
    text = (
        "menu search home login\n\n  Zoo Welcomes Pandas\r\n\tThe zoo opened.\n\nPhoto: AP\nEnd.\n"
    )
    lines = clean_article(text).lines
    assert [line.text for line in lines] == ["Zoo Welcomes Pandas", "The zoo opened.", "End."]
    for line in lines:
        assert text[line.start : line.start + len(line.text)] == line.text


def test_a_line_repeated_thousands_of_times_is_dropped_whole() -> None:
    cleaned = clean_article("Title Line\n\n" + "Same caption here.\n" * 5000 + "\nA real end.\n")
    assert [line.text for line in cleaned.lines] == ["Title Line", "A real end."]
