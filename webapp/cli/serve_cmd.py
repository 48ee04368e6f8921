"""`evidence serve`: the web app under waitress."""

from __future__ import annotations

import logging

import click

from . import main
from .context import CliContext

log = logging.getLogger(__name__)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.pass_obj
def serve(ctx: CliContext, host: str, port: int, threads: int) -> None:
    """Run the web app (search, documents, citations, drafts, timeline, uploads)."""
    from waitress import serve as waitress_serve

    from .. import create_app

    app = create_app({"SETTINGS": ctx.settings})
    click.echo(f"Evidence Index on http://{host}:{port}/ (data: {ctx.settings.data_dir}); Ctrl+C stops it.", err=True)
    try:
        waitress_serve(app, host=host, port=port, threads=threads)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
