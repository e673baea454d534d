"""`citeqa index build` and `citeqa index info`: the cached index of a corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from bot.options import command_settings, corpus_option, engine_option, open_engine
from bot.progress import progress_bars


@click.group("index")
def index_group() -> None:
    """Build or describe the cached index of a corpus."""


@index_group.command("build")
@click.option(
    "--vectors",
    "with_vectors",
    is_flag=True,
    help="Also embed every sentence now (a big corpus otherwise embeds them when first asked).",
)
@corpus_option
@engine_option
@click.pass_context
def index_build(
    ctx: click.Context, with_vectors: bool, corpus: Path | None, engine: str | None
) -> None:
    """Build (or load) the index of the corpus and say where it is kept.

    Example: citeqa index build --vectors --corpus ~/articles
    """
    settings = command_settings(ctx, corpus=corpus, engine=engine)
    opened = open_engine(settings)
    state = "loaded from cache" if opened.opened.from_cache else "built"
    click.echo(
        f"{state}: {len(opened.articles)} articles, {len(opened.data.sentences)} sentences, "
        f"{opened.opened.backend} engine"
        + (f", in {opened.opened.cache_folder}" if opened.opened.cache_folder else "")
    )
    if with_vectors:
        if opened.vectors is None:
            raise click.ClickException(
                "--vectors needs the hybrid ranker and its model; see the warning above"
            )
        with progress_bars() as bars:
            embedded = opened.embed_vectors(bars)
        click.echo(f"vectors: {embedded} sentences embedded with {opened.opened.model}")


@index_group.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print the description as JSON.")
@corpus_option
@engine_option
@click.pass_context
def index_info(ctx: click.Context, as_json: bool, corpus: Path | None, engine: str | None) -> None:
    """Describe the corpus index: the folders served, articles, sentences, cache folder.

    Example: citeqa index info --json
    """
    settings = command_settings(ctx, corpus=corpus, engine=engine)
    opened = open_engine(settings)
    sources = [
        {"id": a.id, "title": a.title, "publisher": a.publisher, "date": a.date}
        for a in opened.articles
    ]
    served = settings.served()
    library = settings.library if settings.corpus is None else None
    info: dict[str, Any] = {
        "corpus": str(served[0]),
        "library": str(library) if library else None,
        "folders": [str(folder) for folder in served],
        "cache": str(opened.opened.cache_folder) if opened.opened.cache_folder else None,
        "engine": opened.opened.backend,
        "ranker": opened.opened.ranker,
        "model": opened.opened.model,
        "articles": len(opened.articles),
        "sentences": len(opened.data.sentences),
        "sources": sources,
    }
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    click.echo(f"corpus    {info['corpus']}")
    if library is not None:
        unmade = "" if library in served else " (none yet: `citeqa add` puts articles here)"
        click.echo(f"library   {library}{unmade}")
    click.echo(f"cache     {info['cache']}")
    click.echo(f"engine    {info['engine']}")
    click.echo(f"ranker    {info['ranker']}" + (f" ({info['model']})" if info["model"] else ""))
    click.echo(f"articles  {info['articles']}")
    click.echo(f"sentences {info['sentences']}")
    for source in sources:
        click.echo(f"  {source['id']}: {source['title']}")
