"""Broken corpora: each bad file is skipped or handled with a warning naming it; the rest serve."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import index.corpus.finding
import index.engine
from index import Engine

GOOD = (
    "Harbour Bridge Reopens\n\n"
    "The harbour bridge reopened to traffic on Tuesday after two years of repairs.\n"
    "The mayor cut the ribbon at noon.\n"
)
QUESTION = "When did the harbour bridge reopen?"


def _empty(folder: Path) -> None:
    (folder / "empty.txt").write_text("")


def _binary(folder: Path) -> None:
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)


def _latin1(folder: Path) -> None:
    text = "Caf\u00e9 Opens\n\nThe caf\u00e9 on the quay served cr\u00e8me br\u00fbl\u00e9e.\n"
    (folder / "latin1.txt").write_bytes(text.encode("latin-1"))


def _huge(folder: Path) -> None:
    line = b"The council met again and the minister said little of note today.\n"
    with (folder / "huge.txt").open("wb") as out:
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))


def _no_punctuation(folder: Path) -> None:
    (folder / "nopunct.txt").write_text(
        "Orchard Festival Notes\n\napples and pears were sold in the square all morning\n"
        "the band played until the rain came in the afternoon\n"
    )


def _symlink_loop(folder: Path) -> None:
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder / "sub", target_is_directory=True)


def _dangling(folder: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "never-there.txt")


def _identical(folder: Path) -> None:
    (folder / "zz-copy.txt").write_text(GOOD)


CASES: dict[str, tuple[Callable[[Path], None], str | None, str | None]] = {
    # name: (make the bad file, text a warning must hold, a question it still answers)
    "empty file": (_empty, "empty.txt", None),
    "binary file": (_binary, "binary.txt: it looks like a binary file", None),
    "Latin-1 file": (_latin1, "latin1.txt as cp1252", "What did the cafe on the quay serve?"),
    "50 MB file": (_huge, "huge.txt: it is 52 MB", None),
    "no sentence punctuation": (_no_punctuation, None, "What was sold in the square?"),
    "symlink loops": (_symlink_loop, None, None),
    "dangling symlink": (_dangling, "gone.txt", None),
    "two identical articles": (_identical, "zz-copy.txt: same text as bridge", None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_broken_file_is_named_and_the_rest_still_serve(tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(GOOD)
    make, warning, question = CASES[name]
    make(corpus)
    warnings: list[str] = []
    engine = Engine.open(corpus, tmp_path / "cache", warn=warnings.append)
    reply = engine.ask(QUESTION)
    assert not reply.abstained
    assert "reopened to traffic on Tuesday" in reply.answers[0].text
    if warning is None:
        assert warnings == []
    else:
        assert any(warning in line for line in warnings), warnings
    if question is not None:
        assert not engine.ask(question).abstained


def test_a_file_that_vanishes_during_the_build_is_skipped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(GOOD)
    (corpus / "vanishing.txt").write_text("Gone Soon\n\nThis article is deleted mid-build.\n")
    listing = index.corpus.finding.find_article_files

    def list_then_delete(folder: Path) -> list[index.corpus.finding.ArticleFile]:
        files = listing(folder)
        vanishing = corpus / "vanishing.txt"
        if vanishing.exists():
            os.remove(vanishing)
        return files

    monkeypatch.setattr(index.engine, "find_article_files", list_then_delete)
    warnings: list[str] = []
    engine = Engine.open(corpus, None, warn=warnings.append)
    assert [a.id for a in engine.articles] == ["bridge"]
    assert any("vanishing.txt" in line for line in warnings), warnings
