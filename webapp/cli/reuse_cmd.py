"""`evidence reuse`: where else a record's words appear (quotes, quoted_by, same_text, shares_text)."""

from __future__ import annotations

import json
import sys

import click
from tqdm import tqdm

from archive import RecordCorrupt, RecordNotFound

from .. import reuse_links
from . import main
from .context import CliContext


def _diff_line(diff: list[dict[str, str]]) -> str:
    out = []
    for seg in diff:
        if seg["op"] == "equal":
            out.append(seg.get("text", ""))
        elif seg["op"] == "added":
            out.append(f"{{+{seg.get('text', '')}+}}")
        elif seg["op"] in ("missing", "omitted"):
            out.append(f"{{-{seg.get('other', '')}-}}")
        else:
            out.append(f"{{{seg.get('other', '')}→{seg.get('text', '')}}}")
    return " ".join(out)


@main.command()
@click.argument("record_id", required=False)
@click.option("--all", "whole", is_flag=True, help="Find shared passages across the whole archive (resumes an interrupted pass).")
@click.option("--fresh", is_flag=True, help="With --all: forget the links found so far and start over.")
@click.option("--json", "as_json", is_flag=True, help='One record\'s links as JSON: {"record_id", "links": [...]}.')
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def reuse(ctx: CliContext, record_id: str | None, whole: bool, fresh: bool, as_json: bool, quiet: bool) -> None:
    """Where else a record's words appear: RECORD_ID's links paragraph by paragraph, or --all to
    find shared passages in the whole archive (new records get theirs at ingest)."""
    if whole == bool(record_id):
        raise click.ClickException("give a RECORD_ID, or --all for the whole archive")
    if whole:
        _whole(ctx, fresh, quiet)
        return
    try:
        record = ctx.store.get(record_id or "")
    except (RecordNotFound, RecordCorrupt) as exc:
        raise click.ClickException(str(exc)) from None
    data = reuse_links.record_links(ctx.settings, record)
    if not data["linked"]:
        click.echo(f"{record.id} is not compared with the archive yet: run `evidence reuse --all`", err=True)
    if as_json:
        click.echo(json.dumps({"record_id": data["record_id"], "links": data["links"]}, ensure_ascii=False, indent=2))
        return
    for other in data["rendition_of"]:
        click.echo(f"a rendition of {other}")
    if not data["links"]:
        click.echo("No passages shared with other records.")
    for link in data["links"]:
        click.echo(f"p{link['paragraph']}  {link['relation']}  {link['other_record_id']}#p{link['other_paragraph']}"
                   f"  (similarity {link['similarity']:.2f})")
        if link["diff"]:
            click.echo(f"    {_diff_line(link['diff'])}")


def _whole(ctx: CliContext, fresh: bool, quiet: bool) -> None:
    failed: list[str] = []
    bars: dict[str, tqdm] = {}

    def on_error(message: str) -> None:
        failed.append(message)
        tqdm.write(f"error: {message}", file=sys.stderr)

    def progress(stage: str, n: int) -> None:
        if quiet:
            return
        if stage not in bars:
            bars[stage] = tqdm(unit=" records", desc=stage, file=sys.stderr, dynamic_ncols=True)
        bars[stage].update(n)

    stats = reuse_links.rebuild_links(ctx.settings, ctx.store, fresh, on_error, progress)
    for bar in bars.values():
        bar.close()
    click.echo(f"{stats['read']} records read, {stats['linked']} linked, {stats['links']} links written, "
               f"{stats['removed']} removed", err=True)
    if failed:
        sys.exit(1)
