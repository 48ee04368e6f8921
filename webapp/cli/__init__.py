"""The `evidence` command line. One module per command group; each adds its commands to `main`.

Commands are loaded when they run: `COMMANDS` names each command's module (and the line `evidence
--help` shows for it), so starting the program imports neither the web app nor the ingest and search
packages. To add a command: write `webapp/cli/NAME_cmd.py` with `@main.command()` (or
`@main.group()`), and register it with one line in `COMMANDS`.

User mistakes end in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from archive import SettingsError, load_settings

from .context import CliContext

# command name: (its module in webapp/cli/, its line in `evidence --help`). Keep this sorted.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check_cmd", "Verify the archive: records parse, originals' hashes match, the index agrees."),
    "check-draft": ("checkdraft_cmd", "Check every quotation and figure of the letter FILE (text, Markdown or Word) "
                                      "against the archive."),
    "cite": ("cite_cmd", "Cite paragraph N of a record (REF is RECORD_ID#pN), or an exact quote inside it."),
    "export": ("records_cmd", "Write every record as one JSON object per line (the fields of DESIGN.md)."),
    "ingest": ("records_cmd", "Ingest files or folders into the archive and the index."),
    "import": ("import_cmd", "Import documents from the rows of FILE (.jsonl, .jsonl.gz or .csv): each row a document's "
                             "`text` (or the `path` of a file beside FILE) and its record fields by name."),
    "reindex": ("search_cmd", "Rebuild the search index from the archive (into a new folder, swapped in when complete)."),
    "retag": ("retag_cmd", "Re-apply topics, aliases and the gazetteer to every record (after editing them)."),
    "reuse": ("reuse_cmd", "Where else a record's words appear: RECORD_ID's links paragraph by paragraph, or --all "
                           "to find shared passages in the whole archive (new records get theirs at ingest)."),
    "search": ("search_cmd", "Find passages."),
    "serve": ("serve_cmd", "Run the web app (search, documents, citations, drafts, timeline, uploads); one line per "
                           "request on stderr (setting access_log)."),
    "show": ("records_cmd", "Show one record: its metadata and numbered paragraphs."),
    "timeline": ("timeline_cmd", "Show what happened when, as the documents tell it, each entry with its RECORD_ID#pN."),
    "user": ("user_cmd", "Manage accounts: readers search, read, cite and keep drafts; editors also upload, retag and "
                         "delete records; admins also manage accounts."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported from their module (COMMANDS) when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name][0]}")
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(map(len, self.list_commands(ctx)), default=0)
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                if self.commands[name].hidden:
                    continue
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                rows.append((name, click.utils.make_default_short_help(COMMANDS[name][1], limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def load_all(self) -> dict[str, click.Command]:
        """Every command, imported (for tests and documentation checks)."""
        for module in sorted({m for m, _ in COMMANDS.values()}):
            importlib.import_module(f"{__name__}.{module}")
        return dict(self.commands)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Data folder (default: $EVIDENCE_DATA, else ./instance).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (to stderr).")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, verbose: bool) -> None:
    """Evidence Index: archive, search and cite advocacy documents."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(data_dir)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    ctx.obj = CliContext(settings)


def __getattr__(name: str) -> Any:
    """`webapp.cli.NAME_cmd` as an attribute loads that module (as the eager imports once did)."""
    if name.endswith("_cmd"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(name)
