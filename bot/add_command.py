"""`citeqa add`: bring articles into the corpus from files, folders, JSON Lines, HTML and URLs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import click

from bot.config import Settings
from bot.options import command_settings, engine_option, warn
from bot.progress import progress_bars
from index import CiteqaError, Engine
from index.corpus.ingest import Saved, collect_documents, normalise_url, save_documents
from index.errors import CorpusError

logger = logging.getLogger(__name__)


def _open(settings: Settings, make: Callable[[str, int], Callable[[int], None]]) -> Engine | None:
    """Open the engine over what is served; None while the folder added to has no articles."""
    try:
        return settings.open_engine(warn, make)
    except CorpusError:
        target = settings.add_folder()
        if target.exists() and not target.is_dir():
            raise
        return None


@click.command("add")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Corpus folder to add to instead of your library (or CITEQA_CORPUS).",
)
@click.option(
    "--library",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Your library, served beside the seeds (default: the user data folder, "
    "or CITEQA_LIBRARY).",
)
@click.option("--timeout", type=float, default=20.0, help="Seconds to wait for each URL.")
@engine_option
@click.pass_context
def add_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    corpus: Path | None,
    library: Path | None,
    engine: str | None,
    timeout: float,
) -> None:
    """Add articles from SOURCES (URLs, .html, .jsonl, .txt/.md files or folders) and update
    the index in place; an article already there (same URL or same text) is skipped. Each
    source that gives no article is named on stderr; if none was added, the exit code is 1.
    Articles go into your library (see `citeqa index info`), unless --corpus names a folder.

    Example: citeqa add https://example.org/news/story.html archive.jsonl
    """
    settings = command_settings(ctx, corpus=corpus, library=library, engine=engine)
    target = settings.add_folder()
    saved = Saved()
    try:
        with progress_bars() as make:
            before = _open(settings, make)
            known_keys = dict(before.article_keys(settings.served())) if before else {}
            known_urls = {
                normalise_url(a.url) for a in (before.articles if before else ()) if a.url
            }
            collected = collect_documents(sources, timeout)
            if collected.documents:
                target.mkdir(parents=True, exist_ok=True)
                saved = save_documents(target, collected.documents, known_urls, known_keys)
            for duplicate in saved.duplicates:
                warn(f"skipped {duplicate}")
            after = before
            if saved.paths:
                after = settings.open_engine(warn, make)  # the library now exists
    except CiteqaError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write to {target}: {error}") from error
    failures = collected.failures + saved.failures
    for source, reason in failures:
        click.echo(f"citeqa: failed to add {source}: {reason}", err=True)
    summary = (
        f"added {len(saved.paths)} article(s), {len(saved.duplicates)} skipped, "
        f"{len(failures)} failed"
    )
    if after is not None:
        summary += (
            f"; {len(after.articles)} articles, {len(after.data.sentences)} sentences "
            f"({after.opened.backend})"
        )
    click.echo(summary)
    if failures and not saved.paths:
        ctx.exit(1)
