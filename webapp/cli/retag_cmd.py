"""`evidence retag`: re-apply the vocabularies to every record, without re-reading the originals.

After a researcher edits corpus/topics.yaml, aliases.yaml or gazetteer.yaml, retag re-runs
enrichment (topics, entities, quotes, events) over the stored paragraphs, writes the records that
changed and brings the index in step. Manual topic decisions (`topics_manual`) are kept.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from dataclasses import dataclass, field

import click

from archive import Record, RecordCorrupt, Settings, Store, VocabularyError, dump_record, load_vocabulary
from ingest.enrich import enrich_with

from .. import services
from . import main
from .context import CliContext

log = logging.getLogger(__name__)


@dataclass
class RetagReport:
    changed: list[Record] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    topics_added: Counter[str] = field(default_factory=Counter)
    topics_removed: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        total = len(self.changed) + self.unchanged + len(self.failed)
        line = f"{total} records: {len(self.changed)} changed, {self.unchanged} unchanged, {len(self.failed)} failed"
        parts = [f"+{t} ×{n}" for t, n in sorted(self.topics_added.items())]
        parts += [f"-{t} ×{n}" for t, n in sorted(self.topics_removed.items())]
        return line + (f"\ntopics: {', '.join(parts)}" if parts else "")


def retag_store(settings: Settings, store: Store, write: bool = True) -> RetagReport:
    """Re-enrich every record in the store; write (and index) the ones that changed.

    Raises VocabularyError when a vocabulary file is broken (before anything is written).
    """
    vocab = load_vocabulary(settings.vocab_dir)
    report = RetagReport()
    with services.write_lock(settings):
        for record_id in store.ids():
            try:
                record = store.get(record_id)
            except RecordCorrupt as exc:
                report.failed.append(str(exc))
                continue
            before = dump_record(record)
            old_topics = set(record.topics)
            enrich_with(record, vocab, settings)
            if dump_record(record) == before:
                report.unchanged += 1
                continue
            report.topics_added.update(set(record.topics) - old_topics)
            report.topics_removed.update(old_topics - set(record.topics))
            if write:
                store.write(record)
            report.changed.append(record)
        if write and report.changed:
            services.index_records(settings, report.changed)
    return report


@main.command()
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.pass_obj
def retag(ctx: CliContext, dry_run: bool) -> None:
    """Re-apply topics, aliases and the gazetteer to every record (after editing them).

    Reads the stored paragraphs, not the original files; a researcher's own topic choices
    (topics_manual) are kept. Exit status 1 when a record could not be read.
    """
    try:
        report = retag_store(ctx.settings, ctx.store, write=not dry_run)
    except VocabularyError as exc:
        raise click.ClickException(f"vocabulary error: {exc}") from None
    for reason in report.failed:
        click.echo(f"error: {reason}", err=True)
    prefix = "dry run (nothing written): " if dry_run else ""
    click.echo(prefix + report.summary())
    if report.failed:
        sys.exit(1)
