"""`citeqa convert-squad`: turn a SQuAD JSON file into a corpus folder and a question set."""

from __future__ import annotations

from pathlib import Path

import click

from index import CiteqaError
from index.evaluation.squad import convert_squad


@click.command("convert-squad")
@click.argument("squad_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def convert_squad_command(squad_file: Path, out_dir: Path) -> None:
    """Write SQUAD_FILE's articles to OUT_DIR/corpus and its questions to OUT_DIR/questions.yaml.

    Example: citeqa convert-squad dev-v2.0.json squad && citeqa eval squad/questions.yaml
    --corpus squad/corpus
    """
    try:
        result = convert_squad(squad_file, out_dir)
    except CiteqaError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        reason = error.strerror or error
        raise click.ClickException(f"cannot write to {out_dir}: {reason}") from error
    click.echo(
        f"{result.articles} articles in {result.corpus}; {result.answerable} answerable and "
        f"{result.unanswerable} unanswerable questions in {result.questions}"
    )
    if result.unlocated:
        click.echo(
            f"citeqa: warning: {len(result.unlocated)} answer(s) lie in text that cleaning "
            f"dropped, so no reply can hold them: {', '.join(result.unlocated[:10])}",
            err=True,
        )
