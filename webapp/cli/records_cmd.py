"""`evidence ingest`, `evidence export`, `evidence show`: getting documents in and records out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from archive import RecordCorrupt, RecordNotFound

from .. import jobs
from ..bulk import ClusterOptions, file_sources
from . import main
from .context import CliContext
from .import_cmd import cluster_options, run_with_progress


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", is_flag=True, help="No progress bar.")
@cluster_options
@click.pass_obj
def ingest(ctx: CliContext, paths: tuple[Path, ...], quiet: bool, scheduler: str | None, workers: int | None) -> None:
    """Ingest files or folders into the archive and the index.

    Exit status: 0 when every file was ingested (or was already there), 1 when any failed.
    """
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    for p in missing:
        click.echo(f"error: {p}: no such file or folder", err=True)
    targets = [p for p in paths if p not in missing]
    total = jobs.count_files(targets)
    options = ClusterOptions(scheduler, workers)
    if options.distributed:
        report = run_with_progress(ctx, file_sources(targets, ctx.settings), options, quiet, total, "file")
        click.echo(report.summary() + (f", {len(missing)} missing" if missing else ""), err=True)
        sys.exit(1 if report.failed or missing else 0)
    bar = tqdm(total=total, unit="file", file=sys.stderr, disable=quiet or total < 2, dynamic_ncols=True)

    def on_result(result: jobs.FileResult) -> None:
        bar.update(1)
        if result.status == "failed":
            tqdm.write(f"error: {result.path}: {result.reason}", file=sys.stderr)

    report = jobs.ingest_paths(targets, ctx.settings, ctx.store, on_result=on_result)
    bar.close()
    click.echo(report.summary() + (f", {len(missing)} missing" if missing else ""), err=True)
    if report.failed or missing:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_obj
def export(ctx: CliContext, fmt: str) -> None:
    """Write every record as one JSON object per line (the fields of DESIGN.md)."""
    failed = 0
    for record_id in ctx.store.ids():
        try:
            record = ctx.store.get(record_id)
        except RecordCorrupt as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
    if failed:
        sys.exit(1)


@main.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON.")
@click.pass_obj
def show(ctx: CliContext, record_id: str, as_json: bool) -> None:
    """Show one record: its metadata and numbered paragraphs."""
    try:
        record = ctx.store.get(record_id)
    except (RecordNotFound, RecordCorrupt) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(record.title)
    click.echo(f"id: {record.id}")
    click.echo(f"type: {record.doc_type}   date: {record.date or 'unknown'}"
               + (f" (from {record.date_source})" if record.date_source else ""))
    for label, value in (("organization", record.source.org), ("url", record.source.url),
                         ("file", record.source.path), ("sha256", record.source.sha256)):
        if value:
            click.echo(f"{label}: {value}")
    for label, values in (("authors", record.authors), ("recipients", record.recipients), ("topics", record.topics)):
        if values:
            click.echo(f"{label}: {', '.join(values)}")
    click.echo("")
    for p in record.paragraphs:
        page = f" p.{p.page}" if p.page else ""
        marker = {"heading": "#", "list_item": "-", "quote": ">", "signature": "~"}.get(p.kind, " ")
        click.echo(f"[p{p.n}{page}] {marker} {p.text}")
