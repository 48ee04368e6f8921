"""The server's access log: one line per request on stderr, written when the answer has been sent.

    2026-12-03T10:15:02Z 127.0.0.1 "GET /search?q=blockade HTTP/1.1" 200 5120 18ms

The address is the client's as the app sees it (after `trusted_proxies`); the request line is cut
at `MAX_TARGET` characters, so an abusive query cannot flood the log.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

log = logging.getLogger("evidence.access")

MAX_TARGET = 300
_ACCESS_HANDLER_FLAG = "_evidence_access_handler"


def enable(stream: Any = None) -> None:
    """Send access lines to `stream` (stderr by default), once per process, without other logging."""
    if any(getattr(h, _ACCESS_HANDLER_FLAG, False) for h in log.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    setattr(handler, _ACCESS_HANDLER_FLAG, True)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


class AccessLog:
    """WSGI middleware: wraps an app and logs each request it answers."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        answer: dict[str, Any] = {"status": "-", "length": None}

        def record_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer["status"] = status.split(" ", 1)[0]
            for name, value in headers:
                if name.lower() == "content-length":
                    answer["length"] = value
            return start_response(status, headers, exc_info)

        try:
            body = self.app(environ, record_start)
        except BaseException:
            answer["status"] = "500"
            self._write(environ, answer, 0, started)
            raise
        return _Logged(body, lambda sent: self._write(environ, answer, sent, started))

    @staticmethod
    def _write(environ: dict[str, Any], answer: dict[str, Any], sent: int, started: float) -> None:
        target = environ.get("PATH_INFO", "") or "/"
        if environ.get("QUERY_STRING"):
            target += "?" + environ["QUERY_STRING"]
        if len(target) > MAX_TARGET:
            target = target[:MAX_TARGET] + f"...[{len(target)}-chars]"
        target = target.replace('"', "%22").replace("\n", "%0A")
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        size = answer["length"] if answer["length"] is not None else sent
        ms = (time.perf_counter() - started) * 1000
        log.info('%s %s "%s %s %s" %s %s %.0fms', when, environ.get("REMOTE_ADDR", "-"),
                 environ.get("REQUEST_METHOD", "-"), target, environ.get("SERVER_PROTOCOL", "-"),
                 answer["status"], size, ms)


class _Logged:
    """The answer's body, passed through; the line is written when the server closes it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]) -> None:
        self.body = body
        self.done = done
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.done(self.sent)
