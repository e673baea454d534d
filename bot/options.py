"""What every citeqa command shares: its options, its settings and opening its engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bot.config import Settings
from bot.progress import progress_bars
from index import ENGINES, CiteqaError, Engine
from index.semantic import RANKERS


def warn(message: str) -> None:
    """Print a warning for the user on stderr, in one line."""
    click.echo(f"citeqa: warning: {message}", err=True)


def command_settings(ctx: click.Context, **flags: Any) -> Settings:
    """Return the settings with the flags a command was given taking precedence."""
    settings: Settings = ctx.obj
    return settings.with_overrides(**flags)


def open_engine(settings: Settings) -> Engine:
    """Open the engine the settings describe, with progress bars; errors become one line."""
    try:
        with progress_bars() as bars:
            return settings.open_engine(warn, bars)
    except CiteqaError as error:
        raise click.ClickException(str(error)) from error


def _setting(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """Return an option callback that puts the option's value, when given, into the settings
    the command reads (`ctx.obj`) under `name`."""

    def take(ctx: click.Context, _: click.Parameter, value: Any) -> None:
        if value is not None:
            ctx.obj = ctx.obj.with_overrides(**{name: value})

    return take


ranker_option = click.option(
    "--ranker",
    type=click.Choice(RANKERS),
    default=None,
    expose_value=False,
    callback=_setting("ranker"),
    help="hybrid (default): the retrieval model ranks beside BM25; lexical: BM25 and its "
    "rules alone, the fastest (or CITEQA_RANKER).",
)


_corpus = click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="Serve this folder of articles (.txt, .md, .html, .jsonl) instead of the seeds and "
    "your library (or CITEQA_CORPUS).",
)


_library = click.option(
    "--library",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    expose_value=False,
    callback=_setting("library"),
    help="Your articles, served beside the seeds, where `citeqa add` puts them (default: "
    "the user data folder, or CITEQA_LIBRARY).",
)


def corpus_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --corpus, and --library for the folder served beside the seeds, to a command."""
    return _corpus(_library(command))


# The question sets are about the seeds, so eval answers from them alone by default.
eval_corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of articles: .txt, .md, .html, .jsonl (default: the seeds, or CITEQA_CORPUS).",
)
_engine_choice = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Search engine: auto (default) picks by corpus size; naive is the plain BM25 baseline "
    "(or CITEQA_ENGINE).",
)


_sphinx_url = click.option(
    "--sphinx-url",
    default=None,
    expose_value=False,
    callback=_setting("sphinx_url"),
    help="For --engine sphinxql: mysql://HOST:PORT/INDEX (or CITEQA_SPHINX_URL).",
)


def engine_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --engine, --sphinx-url for the sphinxql engine, and --ranker to a command."""
    return _engine_choice(_sphinx_url(ranker_option(command)))
