"""`evidence serve`: the web app under waitress."""

from __future__ import annotations

import logging
import socket

import click

from archive import SettingsError

from . import main
from .context import CliContext

log = logging.getLogger(__name__)


def check_port(host: str, port: int) -> None:
    """Fail early, with one clear line, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.pass_obj
def serve(ctx: CliContext, host: str, port: int, threads: int) -> None:
    """Run the web app (search, documents, citations, drafts, timeline, uploads)."""
    from waitress import serve as waitress_serve

    from .. import create_app

    check_port(host, port)
    try:
        app = create_app({"SETTINGS": ctx.settings})
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Evidence Index on http://{host}:{port}/ (data: {ctx.settings.data_dir}); Ctrl+C stops it.", err=True)
    try:
        waitress_serve(app, host=host, port=port, threads=threads)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
