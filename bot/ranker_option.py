"""The --ranker option every command that opens an engine takes."""

from __future__ import annotations

import click

from index.semantic import RANKERS


def _take_ranker(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.obj = ctx.obj.with_overrides(ranker=value)


ranker_option = click.option(
    "--ranker",
    type=click.Choice(RANKERS),
    default=None,
    expose_value=False,
    callback=_take_ranker,
    help="hybrid (default): the retrieval model ranks beside BM25; lexical: BM25 and its "
    "rules alone, the fastest (or CITEQA_RANKER).",
)
