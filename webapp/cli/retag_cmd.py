"""`evidence retag`: re-apply the vocabularies to every record, without re-reading the originals.

After a researcher edits corpus/topics.yaml, aliases.yaml or gazetteer.yaml, retag re-runs
enrichment (topics, entities, quotes, events) over the stored paragraphs, writes the records that
changed and brings the index in step. Manual topic decisions (`topics_manual`) are kept.
"""

from __future__ import annotations

import logging
import sys

import click

from archive import VocabularyError

from ..jobs import RetagReport, retag_store
from . import main
from .context import CliContext

log = logging.getLogger(__name__)


@main.command()
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.pass_obj
def retag(ctx: CliContext, dry_run: bool) -> None:
    """Re-apply topics, aliases and the gazetteer to every record (after editing them).

    Reads the stored paragraphs, not the original files; a researcher's own topic choices
    (topics_manual) are kept. Exit status 1 when a record could not be read.
    """
    try:
        report: RetagReport = retag_store(ctx.settings, ctx.store, write=not dry_run)
    except VocabularyError as exc:
        raise click.ClickException(f"vocabulary error: {exc}") from None
    for reason in report.failed:
        click.echo(f"error: {reason}", err=True)
    prefix = "dry run (nothing written): " if dry_run else ""
    click.echo(prefix + report.summary())
    if report.failed:
        sys.exit(1)
