"""The `evidence` command line. One module per command group; each adds its commands to `main`.

User mistakes end in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import logging
import sys

import click

from archive import SettingsError, load_settings

from .context import CliContext


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


# Command modules register themselves on import (keep this list sorted).
from . import (  # noqa: E402, F401
    check_cmd,
    cite_cmd,
    records_cmd,
    retag_cmd,
    reuse_cmd,
    search_cmd,
    serve_cmd,
    timeline_cmd,
    user_cmd,
)
