"""`evidence cite RECORD_ID#pN`: the same citation as the web app's /api/cite."""

from __future__ import annotations

import json

import click

from archive import RecordCorrupt, RecordNotFound

from ..cite import STYLES, CitationError, cite, parse_ref
from . import main
from .context import CliContext


@main.command("cite")
@click.argument("ref")
@click.option("--style", type=click.Choice(STYLES), default="chicago", show_default=True, help="Citation style.")
@click.option("--quote", default=None, help="Exact words from that paragraph to cite as a quote.")
@click.option("--json", "as_json", is_flag=True, help="The citation as JSON (the fields of /api/cite).")
@click.pass_obj
def cite_command(ctx: CliContext, ref: str, style: str, quote: str | None, as_json: bool) -> None:
    """Cite paragraph N of a record (REF is RECORD_ID#pN), or an exact quote inside it."""
    try:
        reference = parse_ref(ref)
        record = ctx.store.get(reference.record_id)
        citation = cite(record, reference.paragraph, style, quote)
    except (CitationError, RecordNotFound, RecordCorrupt) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(citation.to_dict(), ensure_ascii=False, indent=2))
        return
    if citation.caution:
        click.echo(f"note: {citation.caution}", err=True)
    click.echo(citation.text)
    click.echo()
    click.echo(f"Bibliography: {citation.bibliography}")
