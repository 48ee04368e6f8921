"""One error handler for the whole app: an HTML page, or JSON under /api/ (or when asked for).

The JSON shape is pinned by a test: {"error": message, "status": code, "title": short name}.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from archive import RecordNotFound

from ..cite import CitationError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, title: str, message: str) -> Any:
    if wants_json():
        resp = jsonify(error=message, status=status, title=title)
        resp.status_code = status
        return resp
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    return error_response(status, exc.name, exc.description or exc.name)


def _not_found(exc: RecordNotFound) -> Any:
    return error_response(404, "Not Found", str(exc))


def _citation_error(exc: CitationError) -> Any:
    return error_response(400, "Bad Request", str(exc))


def _query_error(exc: Exception) -> Any:
    return error_response(400, "Bad Request", str(exc))


def _unexpected(exc: Exception) -> Any:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "Internal Server Error", "Something went wrong on our side; it has been logged.")


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RecordNotFound, _not_found)
    app.register_error_handler(CitationError, _citation_error)
    from search import QueryError

    app.register_error_handler(QueryError, _query_error)
    if not app.testing:
        app.register_error_handler(Exception, _unexpected)
