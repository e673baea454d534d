"""What a citation says, and that the terminal and Telegram say the same of every answer."""

from __future__ import annotations

import pytest
from telegram_fakes import RAIL, ZOO, make_answer

from bot import render
from bot.citations import Citation, Part, cite_answer, cite_article, render_citation
from bot.telegram import format as telegram
from index import Article

FERRY = Article(id="ferry", title="Ferry Returns", path="ferry.txt")


@pytest.mark.parametrize(
    ("citation", "text"),
    [
        (
            Citation("T", publisher="P", date="D", paragraph=2, sentence=5),
            "P, \u201cT\u201d, D, paragraph 2, sentence 5",
        ),
        (Citation("T", paragraph=2), "\u201cT\u201d, paragraph 2"),
        (
            Citation("T", publisher="P", date="D", paragraph=3, again=True),
            "P, same article, paragraph 3",
        ),
        (
            Citation("T", paragraph=1, sentence=1, again=True),
            "same article, paragraph 1, sentence 1",
        ),
        (Citation("T", publisher="P", date="D", url="https://x"), "P, \u201cT\u201d, D"),
    ],
)
def test_a_citation_leaves_out_what_is_unknown_or_said_before(
    citation: Citation, text: str
) -> None:
    assert render_citation(citation) == text


def test_the_title_carries_the_link_for_a_front_end_to_use() -> None:
    parts = cite_article(ZOO).parts()
    assert [part.kind for part in parts] == ["publisher", "title", "date"]
    assert parts[1] == Part("title", ZOO.title, ZOO.url)


def test_an_answer_is_cited_by_its_sentence_within_the_paragraph() -> None:
    answer = make_answer("Pandas arrived.", position=(14, 30), in_paragraph=2)
    assert (cite_answer(answer).paragraph, cite_answer(answer).sentence) == (14, 2)


@pytest.mark.parametrize("article", [ZOO, RAIL, FERRY], ids=lambda article: article.id)
@pytest.mark.parametrize("again", [False, True])
def test_the_terminal_and_telegram_cite_an_answer_alike(article: Article, again: bool) -> None:
    answer = make_answer("Pandas arrived.", article=article, position=(3, 7))
    plain = render.cite(answer, again=again)
    assert telegram.strip_tags(telegram.cite(answer, again=again)) == plain
    assert telegram.cite_plain(answer) == render.cite(answer)


def test_the_terminal_and_telegram_list_sources_alike() -> None:
    terminal = render.render_sources((ZOO, RAIL, FERRY)).splitlines()
    html = telegram.render_sources([ZOO, RAIL, FERRY])[1:]
    assert [line.removeprefix("- ") for line in terminal] == [
        telegram.strip_tags(line).split(". ", 1)[1] for line in html
    ]
