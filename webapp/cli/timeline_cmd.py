"""`evidence timeline`: events and publication dates, oldest first (the data of /api/timeline)."""

from __future__ import annotations

import json

import click

from . import main
from .context import CliContext


@main.command("timeline")
@click.option("--topic", default=None, help="Only this topic id (see corpus/topics.yaml).")
@click.option("--type", "doc_type", default=None, help="Only this document type (press_release, letter, ...).")
@click.option("--since", default=None, help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="JSON, with the same fields as /api/timeline.")
@click.pass_obj
def timeline_command(ctx: CliContext, topic: str | None, doc_type: str | None, since: str | None,
                     until: str | None, as_json: bool) -> None:
    """Show what happened when, as the documents tell it, each entry with its RECORD_ID#pN."""
    import search

    from ..timeline import timeline_data

    try:
        data = timeline_data(search.SearchIndex(ctx.settings), topic, doc_type, since, until)
    except search.QueryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for e in data["events"]:
        where = f"{e['record_id']}#p{e['paragraph']}" if e.get("paragraph") else e["record_id"]
        what = "published: " + e["title"] if e.get("kind") == "publication" else e.get("summary") or ""
        click.echo(f"{e.get('date')}\t{what}\t{where}")
    click.echo(f"{data['total']} entries", err=True)
