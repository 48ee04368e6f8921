"""`evidence search` and `evidence reindex`: querying the index and rebuilding it from the archive."""

from __future__ import annotations

import html
import json
import re
import sys

import click

from . import main
from .context import CliContext

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _plain(snippet_html: str, bold: bool) -> str:
    """A snippet for a terminal: marks shown in bold (or as «…» when not a terminal), text unescaped."""
    def show(m: re.Match[str]) -> str:
        word = html.unescape(m.group(1))
        return click.style(word, bold=True) if bold else f"«{word}»"

    out, pos = [], 0
    for m in _MARK.finditer(snippet_html):
        out.append(html.unescape(snippet_html[pos : m.start()]))
        out.append(show(m))
        pos = m.end()
    out.append(html.unescape(snippet_html[pos:]))
    return "".join(out)


@main.command()
@click.argument("text", metavar="QUERY", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="The result as JSON (the fields of /api/search).")
@click.option("--limit", type=int, default=None, help="Passages per page (default: search_page_size).")
@click.option("--topic", default=None, help="Only records with this topic id.")
@click.option("--type", "doc_type", default=None, help="Only this document type (letter, report, ...).")
@click.option("--org", default=None, help="Only records issued by this organization (any of its names).")
@click.option("--since", default=None, help="Dated on or after YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", default=None, help="Dated on or before YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--page", type=int, default=1, show_default=True)
@click.pass_obj
def search(ctx: CliContext, text: str, as_json: bool, limit: int | None, topic: str | None,
           doc_type: str | None, org: str | None, since: str | None, until: str | None, sort: str,
           page: int) -> None:
    """Find passages. QUERY uses words, "phrases", AND/OR/NOT, field:value (title, topic, type,
    org, date) and wildcards; other names of a place, person or acronym are searched too.

    Exit status: 0 with results or none, 1 for a malformed query (the message says why).
    """
    import search as search_pkg

    if not text.strip() and not any((topic, doc_type, org, since, until)):
        raise click.ClickException("give words to search for, or a filter (--topic, --type, --org, --since, --until)")
    q = search_pkg.SearchQuery(
        text=text, topic=topic, doc_type=doc_type, org=org, since=since, until=until, sort=sort,
        page=page, limit=limit if limit is not None else ctx.settings.search.search_page_size,
    )
    result = search_pkg.SearchIndex(ctx.settings).search(q)
    if as_json:
        from ..reuse_links import fold_renditions

        click.echo(json.dumps(fold_renditions(ctx.settings, result.to_dict()), ensure_ascii=False, indent=2))
        if result.error:
            sys.exit(1)
        return
    if result.error:
        raise click.ClickException(result.error)
    bold = sys.stdout.isatty()
    if not result.hits:
        click.echo("No passages found." + (f" Did you mean: {result.suggestion}" if result.suggestion else ""))
        return
    if result.meaning and result.meaning["also_searched"]:
        forms = "; ".join(f"{', '.join(v)} (for {k!r})" for k, v in result.meaning["also_searched"].items())
        click.echo(f"Also searched: {forms}")
    if result.meaning and result.meaning["relaxed"]:
        click.echo("No record has all of your words: records with some of them, and records close in meaning.")
    shown_from = (result.page - 1) * result.limit + 1
    shown = len({hit.record_id for hit in result.hits})
    click.echo(f"{result.records} record{'' if result.records == 1 else 's'} matched "
               f"(showing {shown_from}-{shown_from + shown - 1}, page {result.page} of {result.pages})")
    for i, hit in enumerate(result.hits):
        click.echo("")
        by_meaning = "  (close in meaning; your words are not in it)" if hit.match == "meaning" else ""
        click.echo(f"{hit.record_id}#p{hit.paragraph}  {hit.date or 'n.d.'}  {hit.doc_type}{by_meaning}")
        click.echo(f"  {_plain(hit.snippet, bold)}")
        click.echo(f"  {hit.citation}")
        last_of_record = i + 1 == len(result.hits) or result.hits[i + 1].record_id != hit.record_id
        if last_of_record and result.more.get(hit.record_id):
            click.echo(f"  (+{result.more[hit.record_id]} more matching paragraphs in this record)")


@main.command()
@click.option("--procs", type=int, default=None, help="Worker processes (default: all cores for large archives).")
@click.pass_obj
def reindex(ctx: CliContext, procs: int | None) -> None:
    """Rebuild the search index from the archive (into a new folder, swapped in when complete)."""
    import search as search_pkg

    if procs is not None and procs < 1:
        raise click.ClickException("--procs must be 1 or more")
    stats = search_pkg.SearchIndex(ctx.settings).rebuild(ctx.store, procs=procs)
    for reason in stats["skipped"]:
        click.echo(f"error: not indexed: {reason}", err=True)
    click.echo(
        f"indexed {stats['records']} records ({stats['documents']} documents) in {stats['seconds']:.1f} s "
        f"with {stats['procs']} process(es)", err=True,
    )
    from .. import reuse_links

    links = reuse_links.rebuild_links(ctx.settings, ctx.store, True, lambda message: None)
    click.echo(f"reuse links: {links['links']} between {links['linked']} records", err=True)
    if stats["skipped"]:
        sys.exit(1)
