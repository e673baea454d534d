"""The `citeqa` command line: ask, repl, index, eval and telegram over one engine."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from bot.add_command import add_command
from bot.config import (
    LOG_LEVELS,
    ConfigError,
    Settings,
    dotenv_files,
    load_settings,
)
from bot.index_command import index_group
from bot.logs import configure_logging
from bot.options import (
    command_settings,
    corpus_option,
    engine_option,
    eval_corpus_option,
    open_engine,
)
from bot.render import INDEX_INFO_HINT, render_reply, reply_to_dict
from bot.repl import piped_lines
from bot.squad_command import convert_squad_command
from index import CiteqaError
from index.answering.conversation import Conversation
from index.corpus.finding import seeds_folder
from index.models import Reply

logger = logging.getLogger(__name__)


def _asker(settings: Settings) -> Callable[[str, Conversation | None, int], Reply]:
    return open_engine(settings).ask


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where built indexes are kept (default: the user cache, or CITEQA_CACHE_DIR).",
)
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    default=None,
    help="DEBUG, INFO, WARNING (default) or ERROR.",
)
@click.option(
    "--log-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the log to this file instead of stderr.",
)
@click.version_option(package_name="citeqa")
@click.pass_context
def cli(
    ctx: click.Context, cache_dir: Path | None, log_level: str | None, log_file: Path | None
) -> None:
    """Ask questions about news articles; get the sentences that answer them, cited.

    Example: citeqa ask "When was Kim's first foreign trip?"
    """
    try:
        settings = load_settings(dotenv_path=dotenv_files()).with_overrides(
            cache_dir=cache_dir, log_level=log_level, log_file=log_file
        )
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    try:
        configure_logging(settings.log_level, settings.log_file)
    except OSError as error:
        raise click.UsageError(
            f"cannot write the log to {settings.log_file} ({error.strerror or error}): "
            "give --log-file or CITEQA_LOG_FILE a file in a folder that exists"
        ) from error
    ctx.obj = settings


@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@click.option("--top", type=click.IntRange(1, 50), default=None, help="Answers per question.")
@corpus_option
@engine_option
@click.pass_context
def ask(
    ctx: click.Context,
    question: tuple[str, ...],
    as_json: bool,
    top: int | None,
    corpus: Path | None,
    engine: str | None,
) -> None:
    """Answer each QUESTION on its own; a lone `-` reads one question per line from stdin.

    Example: citeqa ask --json "Who did Kim meet in Beijing?"
    """
    settings = command_settings(ctx, corpus=corpus, engine=engine, top=top)
    questions = piped_lines(sys.stdin.buffer) if question == ("-",) else iter(question)
    ask_one = _asker(settings)
    for text in questions:
        reply = ask_one(text, None, settings.top)
        if as_json:
            click.echo(json.dumps(reply_to_dict(reply), ensure_ascii=False))
        else:
            click.echo(f"Q: {' '.join(text.split())[:200]}")
            click.echo(render_reply(reply, hint=INDEX_INFO_HINT))
            click.echo()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per reply.")
@click.option("--top", type=click.IntRange(1, 50), default=None, help="Answers per question.")
@corpus_option
@engine_option
@click.pass_context
def repl(
    ctx: click.Context, as_json: bool, top: int | None, corpus: Path | None, engine: str | None
) -> None:
    """Ask questions one after another; follow-ups use the conversation.

    Example: citeqa repl   (then type a question, /help, /sources, /reset or /quit)
    """
    from bot.repl import run_repl

    settings = command_settings(ctx, corpus=corpus, engine=engine, top=top)
    engine_ = open_engine(settings)
    history = settings.cache_dir / "repl-history"
    ctx.exit(run_repl(engine_, settings.top, as_json, history))


@cli.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the machine-readable report to this file ('-' for stdout).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="A saved JSON report: fail if a case that passed there fails now.",
)
@click.option("--min-hit1", type=float, default=None, help="Fail if hit@1 is below this.")
@click.option("--min-hit3", type=float, default=None, help="Fail if hit@3 is below this.")
@click.option("--min-mrr", type=float, default=None, help="Fail if MRR is below this.")
@click.option(
    "--min-abstain-recall",
    type=float,
    default=None,
    help="Fail if the share of unanswerable questions abstained on is below this.",
)
@click.option(
    "--min-follow-ups",
    type=float,
    default=None,
    help="Fail if the share of follow-up conversations answered right is below this.",
)
@click.option("--failures-only", is_flag=True, help="List only the cases that failed.")
@eval_corpus_option
@engine_option
@click.pass_context
def eval_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    json_out: Path | None,
    baseline: Path | None,
    failures_only: bool,
    corpus: Path | None,
    engine: str | None,
    **floors: float | None,
) -> None:
    """Run question sets through the engine; print per-case verdicts and the summary.

    Example: citeqa eval tests/questions/*.yaml --min-hit1 0.9 --min-abstain-recall 1
    """
    from bot.eval_command import run_eval

    settings = command_settings(ctx, corpus=corpus, engine=engine)
    settings = settings.with_overrides(corpus=settings.corpus or seeds_folder())
    code = run_eval(settings, _asker, files, json_out, baseline, floors, failures_only)
    ctx.exit(code)


@cli.command()
@click.option(
    "--webhook",
    "webhook_url",
    default=None,
    help="Serve a webhook at this public URL instead of long polling.",
)
@corpus_option
@engine_option
@click.pass_context
def telegram(
    ctx: click.Context, webhook_url: str | None, corpus: Path | None, engine: str | None
) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN or .env).

    Example: TELEGRAM_BOT_TOKEN=123:abc citeqa telegram
    """
    from bot.telegram.app import run_bot

    settings = command_settings(ctx, corpus=corpus, engine=engine, webhook_url=webhook_url)
    try:
        code = run_bot(settings)
    except ConfigError as error:
        click.echo(f"citeqa: {error}", err=True)
        ctx.exit(2)
    ctx.exit(code)


def main() -> None:
    """Run the command line, turning library errors into one line and exit code 1."""
    try:
        cli(prog_name="citeqa")
    except CiteqaError as error:
        click.echo(f"citeqa: {error}", err=True)
        sys.exit(1)


cli.add_command(add_command)
cli.add_command(index_group)
cli.add_command(convert_squad_command)

__all__ = ["cli", "main"]
