"""Ingest: JSON Lines, saved HTML and URLs (from a local server) into a corpus, once each."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_process import RunCli
from click.testing import CliRunner

from bot.cli import cli
from index import Engine
from index.corpus.documents import extract_html, read_jsonl, render_document
from index.corpus.finding import find_article_files
from index.corpus.ingest import collect_documents, normalise_url, save_documents
from index.corpus.reading import load_corpus

PAGES = Path(__file__).parent / "fixtures" / "pages"
RECORDS = [
    {
        "title": "Dam Opens",
        "text": "The river dam opened on Monday. It holds 40 billion litres.",
        "url": "https://news.example/dam",
        "date": "2022-06-01",
        "publisher": "River News",
    },
    {"title": "Choir Tours", "text": "The school choir left for a tour of six cities."},
]


@pytest.fixture
def site() -> Iterator[str]:
    """Serve tests/fixtures/pages on 127.0.0.1; yield the base URL."""
    handler = functools.partial(QuietHandler, directory=str(PAGES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def write_jsonl(path: Path, records: list[dict[str, str]], extra: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")
    return path


def test_jsonl_records_become_documents_and_bad_lines_warn(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", RECORDS, '{"title": "no text"}\nnot json\n')
    collected = read_jsonl(path)
    assert [d.title for d in collected.documents] == ["Dam Opens", "Choir Tours"]
    assert collected.documents[0].publisher == "River News"
    assert collected.documents[1].url is None
    assert collected.warnings[0] == f'skipped {path} line 3: it has no "text"'
    assert collected.warnings[1].startswith(f"skipped {path} line 4: not JSON")


def test_saved_html_gives_text_and_metadata() -> None:
    page = (PAGES / "harbour-bridge.html").read_bytes()
    document = extract_html(page)
    assert document.title == "Harbour Bridge Reopens After Repairs"
    assert (document.date, document.author) == ("2024-03-18", "Priya Natarajan")
    assert document.publisher == "Coastal Gazette"
    assert "312 corroded cables" in document.text
    assert "Most read" not in document.text and "Subscribe" not in document.text


def test_a_jsonl_file_is_a_corpus_of_its_own(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", RECORDS)
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["feed/1", "feed/2"]
    assert corpus.articles[0].url == "https://news.example/dam"
    assert corpus.articles[0].date == "2022-06-01"
    assert [s.text for s in corpus.sentences[:2]] == [
        "Dam Opens",
        "The river dam opened on Monday.",
    ]


def test_urls_are_fetched_and_failures_warn(site: str) -> None:
    collected = collect_documents([f"{site}/orchard-festival.html", f"{site}/missing.html"])
    assert [d.title for d in collected.documents] == ["Orchard Festival Draws Record Crowd"]
    assert collected.documents[0].url == f"{site}/orchard-festival.html"
    assert collected.warnings == [
        f"skipped {site}/missing.html: the server answered 404 File not found"
    ]


def test_duplicates_by_url_or_text_are_saved_once(tmp_path: Path, site: str) -> None:
    jsonl = write_jsonl(tmp_path / "a.jsonl", [*RECORDS, RECORDS[0]])
    same_text = write_jsonl(tmp_path / "b.jsonl", [{**RECORDS[1], "url": "https://x.example/"}])
    sources = [str(jsonl), str(same_text), f"{site}/harbour-bridge.html"]
    collected = collect_documents([*sources, f"{site}/harbour-bridge.html#top"])
    corpus = tmp_path / "corpus"
    saved = save_documents(corpus, collected.documents, set(), {})
    assert sorted(p.name for p in saved.paths) == [
        "2022-06-01-dam-opens.md",
        "2024-03-18-harbour-bridge-reopens-after-repairs.md",
        "choir-tours.md",
    ]
    assert len(saved.duplicates) == 3
    assert saved.duplicates[1] == f"{same_text}:1: same text as {corpus}/added/choir-tours.md"


def test_rendered_documents_read_back_with_their_metadata(tmp_path: Path) -> None:
    document = extract_html((PAGES / "harbour-bridge.html").read_bytes())
    (tmp_path / "bridge.md").write_text(render_document(document), encoding="utf-8")
    loaded = load_corpus(tmp_path)
    article = loaded.articles[0]
    assert (article.title, article.publisher, article.author, article.date) == (
        "Harbour Bridge Reopens After Repairs",
        "Coastal Gazette",
        "Priya Natarajan",
        "2024-03-18",
    )
    assert loaded.sentences[0].text == "Harbour Bridge Reopens After Repairs"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://News.Example/a/", "https://news.example/a"),
        ("https://news.example/a#comments", "https://news.example/a"),
        ("http://news.example", "http://news.example"),
    ],
)
def test_url_keys(url: str, key: str) -> None:
    assert normalise_url(url) == key


@pytest.mark.parametrize("engine", ["rank-bm25", "tantivy", "naive"])
def test_citeqa_add_updates_the_index(tmp_path: Path, site: str, engine: str) -> None:
    corpus = tmp_path / "corpus"
    jsonl = write_jsonl(tmp_path / "feed.jsonl", RECORDS)
    runner = CliRunner()
    base = ["--cache-dir", str(tmp_path / "cache"), "add", "--corpus", str(corpus)]
    first = runner.invoke(cli, [*base, "--engine", engine, str(jsonl)])
    assert first.exit_code == 0, first.output
    assert first.output == (
        f"added 2 article(s), 0 skipped, 0 failed; 2 articles, 5 sentences ({engine})\n"
    )
    url = f"{site}/harbour-bridge.html"
    second = runner.invoke(cli, [*base, "--engine", engine, url, str(jsonl)])
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[-1] == (
        f"added 1 article(s), 2 skipped, 0 failed; 3 articles, 12 sentences ({engine})"
    )
    assert len(find_article_files(corpus)) == 3
    reply = Engine.open(corpus, tmp_path / "cache", engine).ask("How many cables were replaced?")
    assert reply.answers[0].article.url == url


def closed_port() -> int:
    """Return a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_citeqa_add_names_each_failure_and_fails_when_nothing_was_added(
    citeqa: RunCli, tmp_path: Path, site: str
) -> None:
    corpus = tmp_path / "corpus"
    absent = tmp_path / "absent.txt"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('not json\n{"title": "No Text"}\n', encoding="utf-8")
    refused = f"http://127.0.0.1:{closed_port()}/story.html"
    missing = f"{site}/missing.html"
    sources = [missing, refused, absent, bad, f"{site}/"]
    result = citeqa("add", "--corpus", corpus, *sources)
    assert result.returncode == 1
    assert result.stdout == "added 0 article(s), 0 skipped, 6 failed\n"
    lines = result.stderr.splitlines()
    assert lines[0] == f"citeqa: failed to add {missing}: the server answered 404 File not found"
    assert lines[1].startswith(f"citeqa: failed to add {refused}: it could not be fetched (")
    assert "refused" in lines[1]
    assert lines[2:] == [
        f"citeqa: failed to add {absent}: no such file or folder",
        f"citeqa: failed to add {bad} line 1: not JSON "
        "(Expecting value: line 1 column 1 (char 0))",
        f'citeqa: failed to add {bad} line 2: it has no "text"',
        f"citeqa: failed to add {site}/: it is a list of links "
        "(a web server's folder listing?), not an article",
    ]
    assert not corpus.exists()


def test_citeqa_add_keeps_what_worked_and_names_what_failed(
    citeqa: RunCli, tmp_path: Path, site: str
) -> None:
    corpus = tmp_path / "corpus"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = citeqa("add", "--corpus", corpus, f"{site}/harbour-bridge.html", empty)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added 1 article(s), 0 skipped, 1 failed; 1 articles, ")
    assert result.stderr.splitlines() == [
        f"citeqa: failed to add {empty}: it holds no records "
        '(one JSON object a line, with a "text")'
    ]
    assert [item.id for item in find_article_files(corpus)] == [
        "added/2024-03-18-harbour-bridge-reopens-after-repairs"
    ]
