"""Telegram HTML: escaping, emphasis, citations, clipping and splitting under the limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram_fakes import RAIL, ZOO, make_answer

from bot.telegram.format import (
    MESSAGE_BUDGET,
    MESSAGE_LIMIT,
    cite,
    cite_plain,
    clip,
    clip_spans,
    emphasise,
    escape,
    fit_block,
    html_problems,
    pack,
    pack_one,
    render_abstention,
    render_answer,
    render_answers,
    render_notice,
    render_searched,
    render_sources,
    squeeze,
    strip_tags,
    telegram_length,
)
from index import Reply
from index.text.analyzer import Analyzer
from index.text.matching import matched_spans

TRICKY = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["<b>", "</i>", "&amp;", "a < b > c & d", "\"quoted\" 'single'", "<a href='x'>y</a>", "&#12;"]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("plain", "plain"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two…"),
        ("  spaced   out\ntext ", 20, "spaced out text"),
        ("abcdefghij", 5, "abcd…"),
        ("abc", 1, "…"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


@given(TRICKY, st.integers(min_value=1, max_value=400))
def test_clip_never_exceeds_its_limit(text: str, limit: int) -> None:
    assert len(clip(text, limit)) <= limit


def test_telegram_length_counts_utf16_units() -> None:
    assert telegram_length("abc") == 3
    assert telegram_length("😀") == 2


def test_emphasise_bolds_the_spans() -> None:
    text = "The red pandas arrived from Nepal."
    assert emphasise(text, ((8, 14), (28, 33))) == (
        "The red <b>pandas</b> arrived from <b>Nepal</b>."
    )


def test_emphasise_escapes_everything_else() -> None:
    assert emphasise("Pandas <3 & bamboo", ((0, 6),)) == "<b>Pandas</b> &lt;3 &amp; bamboo"


def test_emphasise_without_spans_only_escapes() -> None:
    assert emphasise("a < b", ()) == "a &lt; b"


@given(TRICKY, st.lists(st.sampled_from(["b", "amp", "a", "panda", "lt"]), max_size=3))
def test_emphasis_is_always_valid_html_and_keeps_the_text(text: str, terms: list[str]) -> None:
    markup = emphasise(text, matched_spans(Analyzer(), text, terms))
    assert html_problems(markup) == []
    assert strip_tags(markup) == text


def test_squeezing_white_space_moves_the_spans_with_their_words() -> None:
    text = "  The   red pandas\n arrived from Nepal. "
    spans = ((12, 18), (33, 38))
    squeezed, moved = squeeze(text, spans)
    assert squeezed == "The red pandas arrived from Nepal."
    assert [squeezed[start:end] for start, end in moved] == ["pandas", "Nepal"]


def test_clipping_drops_the_spans_past_the_cut() -> None:
    clipped, spans = clip_spans("The red pandas arrived from Nepal.", ((8, 14), (28, 33)), 20)
    assert (clipped, spans) == ("The red pandas…", ((8, 14),))
    assert clip_spans("Nepal pandas", ((0, 5), (6, 12)), 1) == ("…", ())


@given(TRICKY, st.integers(min_value=1, max_value=400))
def test_clipped_spans_stay_on_the_same_words(text: str, limit: int) -> None:
    spans = matched_spans(Analyzer(), text, ["panda", "a", "b", "amp"])
    clipped, moved = clip_spans(text, spans, limit)
    assert clipped == clip(text, limit)
    kept = [text[start:end] for start, end in spans][: len(moved)]
    assert [clipped[start:end] for start, end in moved] == kept


def test_cite_escapes_article_fields_and_links_the_title() -> None:
    answer = make_answer("Pandas arrived.", position=(2, 5))
    assert cite(answer) == (
        "<i>Daily &lt;News&gt;</i>, "
        '“<a href="https://example.com/zoo?a=1&amp;b=2">&lt;Cats &amp; Dogs&gt; at the city '
        "zoo</a>”, 2024-05-01, paragraph 2, sentence 5"
    )
    assert html_problems(cite(answer)) == []


def test_cite_leaves_out_what_is_unknown() -> None:
    answer = make_answer("Trains run.", article=RAIL, position=(1, 2))
    assert cite(answer) == "<i>Rail Weekly</i>, “Night trains return”, paragraph 1, sentence 2"
    assert cite_plain(answer) == "Rail Weekly, “Night trains return”, paragraph 1, sentence 2"


def test_render_answer_puts_the_sentence_over_its_citation() -> None:
    answer = make_answer("Pandas arrived.", matched_terms=("panda",))
    block = render_answer(answer, number=2)
    first, second = block.split("\n")
    assert first == "2. <b>Pandas</b> arrived."
    assert second.startswith("— <i>Daily &lt;News&gt;</i>")


def test_render_answer_with_context_underlines_the_answer_between_its_neighbours() -> None:
    answer = make_answer("Pandas arrived.", before="The zoo <opened>.", after="Keepers smiled.")
    block = render_answer(answer, with_context=True)
    assert block.startswith("The zoo &lt;opened&gt;. <u>Pandas arrived.</u> Keepers smiled.\n")
    assert html_problems(block) == []


def test_render_answers_numbers_only_several() -> None:
    one = render_answers([make_answer("A.")])
    two = render_answers([make_answer("A."), make_answer("B.")])
    assert not one[0].startswith("1.")
    assert [block[:3] for block in two] == ["1. ", "2. "]


def test_long_sentences_are_clipped() -> None:
    block = render_answer(make_answer("word " * 2000))
    assert telegram_length(block) < 1600
    assert "…" in block


@given(TRICKY)
def test_abstention_quotes_the_question_escaped_and_clipped(question: str) -> None:
    markup = render_abstention(Reply(question=question, abstained=True))
    assert html_problems(markup) == []
    assert "/sources" in markup
    assert telegram_length(markup) < 400


def test_render_notice_escapes() -> None:
    assert render_notice("Ask <something>") == "<i>Ask &lt;something&gt;</i>"


def test_render_sources_lists_every_article() -> None:
    lines = render_sources([RAIL, ZOO])
    assert lines[0] == "<b>2 articles</b> I answer from:"
    assert lines[1] == "1. <i>Rail Weekly</i>, “Night trains return”"
    assert lines[2].startswith("2. <i>Daily &lt;News&gt;</i>, “<a href=")
    assert all(html_problems(line) == [] for line in lines)


def test_render_sources_without_articles() -> None:
    assert render_sources([]) == ["I have no articles loaded."]


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<b>x</b>", None),
        ("&lt;&gt;&amp;&quot;&#x27;", None),
        ('<a href="https://x">y</a>', None),
        ("a < b", "unescaped"),
        ("a & b", "unescaped"),
        ("<b>x", "never closed"),
        ("<b>x</i>", "does not close"),
        ("<span>x</span>", "not supported"),
        ("<br/>", "self-closing"),
        ("&nbsp;", "&nbsp;"),
    ],
)
def test_html_problems(markup: str, problem: str | None) -> None:
    problems = html_problems(markup)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in found for found in problems)


def test_fit_block_clips_a_long_block_to_plain_escaped_text() -> None:
    block = "<b>" + escape("<long> & " * 1000) + "</b>"
    fitted = fit_block(block, 100)
    assert telegram_length(fitted) <= 100
    assert html_problems(fitted) == []
    assert fitted.startswith("&lt;long&gt; &amp;")


def test_fit_block_turns_invalid_markup_into_text() -> None:
    assert fit_block("<span>x & y</span>") == "x &amp; y"


def test_pack_splits_between_blocks_under_the_budget() -> None:
    blocks = [f"<b>{index}</b> " + "x" * 900 for index in range(10)]
    messages = pack(blocks)
    assert len(messages) == 3
    assert all(telegram_length(message) <= MESSAGE_BUDGET for message in messages)
    assert "\n\n".join(messages) == "\n\n".join(blocks)


def test_pack_one_drops_what_does_not_fit_and_says_so() -> None:
    blocks = ["x" * 1500 for _ in range(4)]
    message = pack_one(blocks)
    assert telegram_length(message) <= MESSAGE_BUDGET < MESSAGE_LIMIT
    assert message.count("x" * 1500) == 2
    assert message.endswith("<i>(2 more not shown: a Telegram message has to stay short)</i>")


def test_pack_one_keeps_what_fits() -> None:
    assert pack_one(["a", "b"]) == "a\n\nb"


@given(st.lists(TRICKY, max_size=12))
def test_packed_messages_are_valid_and_short(texts: list[str]) -> None:
    blocks = [f"<i>{escape(text * 20)}</i>" for text in texts if text]
    for message in [*pack(blocks), pack_one(blocks)]:
        assert html_problems(message) == []
        assert telegram_length(message) <= MESSAGE_BUDGET


def test_a_second_answer_from_the_same_article_does_not_repeat_its_title() -> None:
    first = make_answer("Pandas arrived.", position=(2, 5))
    second = make_answer("They ate bamboo.", position=(3, 7))
    other = make_answer("Trains run.", article=RAIL, position=(1, 2))
    blocks = render_answers([first, second, other])
    assert "Cats &amp; Dogs" in blocks[0]
    assert blocks[1].endswith("— <i>Daily &lt;News&gt;</i>, same article, paragraph 3, sentence 7")
    assert "Night trains return" in blocks[2]
    assert all(html_problems(block) == [] for block in blocks)


def test_a_corrected_question_is_shown_escaped_as_searched() -> None:
    reply = Reply(question="Is <Bejing> far?", abstained=True, searched="Is <Beijing> far?")
    assert render_searched(reply) == ["<i>Searched for: Is &lt;Beijing&gt; far?</i>"]
    assert render_searched(Reply(question="Is Beijing far?", abstained=True)) == []
