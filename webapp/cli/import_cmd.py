"""`evidence import FILE`: documents from the rows of a JSON-lines or CSV file; and the Dask options
(`--scheduler`, `--workers`) it shares with `evidence ingest`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from archive import VocabularyError

from .. import bulk
from ..jobs import FileResult
from . import main
from .context import CliContext


def cluster_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--scheduler and --workers: read the documents on a Dask cluster (the command stays the one writer)."""
    command = click.option("--workers", type=click.IntRange(min=1), default=None,
                           help="Read on a local Dask cluster of N worker processes.")(command)
    return click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
                        help="Read on the workers of this Dask scheduler (they need this project installed, "
                             "not the files: the bytes are sent).")(command)


def run_with_progress(ctx: CliContext, sources: Iterable[bulk.Item | FileResult], options: bulk.ClusterOptions,
                      quiet: bool, total: int | None, unit: str) -> bulk.BatchReport:
    """Read, store and index the sources with a progress bar and one error line per failure on stderr."""
    if options.scheduler and options.workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    try:
        reader = bulk.open_reader(ctx.settings, options)
    except (bulk.ClusterError, VocabularyError) as exc:
        raise click.ClickException(str(exc)) from None
    bar = tqdm(total=total, unit=unit, file=sys.stderr, disable=quiet or total == 1, dynamic_ncols=True)

    def on_result(result: FileResult) -> None:
        bar.update(1)
        if result.status == "failed":
            tqdm.write(f"error: {result.path}: {result.reason}", file=sys.stderr)

    try:
        return bulk.run_bulk(sources, ctx.settings, ctx.store, reader, on_result=on_result)
    finally:
        bar.close()
        reader.close()


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="SRC=DEST",
              help="Read column SRC as the record field DEST (text, path, title, date, doc_type, org, url, "
                   "authors, recipients, topics, notes). Repeatable.")
@cluster_options
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def import_(ctx: CliContext, file: Path, maps: tuple[str, ...], scheduler: str | None, workers: int | None,
            quiet: bool) -> None:
    """Import documents from the rows of FILE (.jsonl, .jsonl.gz or .csv): each row a document's `text` (or
    the `path` of a file beside FILE) and its record fields by name.

    A bad row is named by its line and passed over; rerunning changes nothing (rows already stored are
    skipped). Exit status: 0 when every row was imported (or was already there), 1 when any failed.
    """
    from ingest import ImportFileError, parse_mapping

    try:
        mapping = parse_mapping(maps)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        for column in bulk.unknown_columns(file, mapping):
            click.echo(f"warning: {file.name}: column {column!r} is not a record field and is passed over "
                       f"(--map {column}=FIELD reads it as one)", err=True)
        sources = bulk.row_sources(file, mapping, ctx.settings)
        report = run_with_progress(ctx, sources, bulk.ClusterOptions(scheduler, workers), quiet, None, "row")
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)
