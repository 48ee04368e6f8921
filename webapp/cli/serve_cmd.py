"""`evidence serve`: the web app under waitress."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable
from typing import Any

import click

from archive import SettingsError

from . import main
from .context import CliContext

log = logging.getLogger(__name__)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Server processes sharing the port (one per core uses them all; POSIX only).")
@click.pass_obj
def serve(ctx: CliContext, host: str, port: int, threads: int, processes: int) -> None:
    """Run the web app (search, documents, citations, drafts, timeline, uploads); one line per
    request on stderr (setting access_log)."""
    if processes > 1 and not hasattr(os, "fork"):
        raise click.ClickException("--processes above 1 needs a POSIX system (os.fork)")
    if processes > 1:  # say which process wrote each log line
        for handler in logging.getLogger().handlers:
            handler.setFormatter(logging.Formatter("%(levelname)s [%(process)d] %(name)s: %(message)s"))
    sock = listen(host, port)  # fail early, in one clear line, when the address cannot be listened on
    try:
        app = served_app(ctx)
    except SettingsError as exc:
        sock.close()
        raise click.ClickException(str(exc)) from None
    click.echo(f"Evidence Index on http://{host}:{port}/ (data: {ctx.settings.data_dir}); Ctrl+C stops it.", err=True)
    run_processes(app, lambda: served_app(ctx), sock, threads, processes)


def served_app(ctx: CliContext) -> Any:
    """The app as `serve` runs it: with the access log (one line per request on stderr) unless the
    setting `access_log` is off."""
    from .. import create_app
    from ..access_log import AccessLog, enable

    app = create_app({"SETTINGS": ctx.settings})
    if ctx.settings.web.access_log:
        enable()
        app.wsgi_app = AccessLog(app.wsgi_app)  # outside ProxyFix: it logs the address the app saw
    return app


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a ClickException naming the address and the reason."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (socket.gaierror, OSError) as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def run_processes(app: Any, make_app: Callable[[], Any], sock: socket.socket, threads: int, processes: int) -> None:
    """Serve on `sock` with waitress in `processes` processes: this one serves `app`, each forked
    one (before any thread starts) an app of its own from `make_app`; the kernel hands each
    connection to one of them. This process stops the others when it is stopped (SIGTERM or Ctrl+C)."""
    from waitress import serve as waitress_serve

    children: list[int] = []
    for _ in range(processes - 1):
        pid = os.fork()
        if pid == 0:  # a child: serve until told to stop
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the first process, which stops us
            code = 0
            try:
                waitress_serve(make_app(), sockets=[sock], threads=threads)
            except BaseException:  # never return into the parent's code
                log.exception("a server process failed")
                code = 1
            finally:
                os._exit(code)
        children.append(pid)

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop) if children else None
    try:
        waitress_serve(app, sockets=[sock], threads=threads)
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        sock.close()
