"""Web security for every response: CSP and the usual headers, cookie flags, upload size, CSRF.

`init_app(app)` installs it all; the headers go on every response, HTML, JSON and files alike.
No inline script or style is allowed, so document text that slips through as markup cannot run.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template_string, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import RequestEntityTooLarge

from archive import Settings

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def init_app(app: Flask) -> None:
    settings: Settings | None = app.config.get("SETTINGS")
    if not isinstance(settings, Settings):
        raise RuntimeError("security.init_app: set app.config['SETTINGS'] to an archive.Settings first")
    app.config.update(
        MAX_CONTENT_LENGTH=int(settings.web.max_upload_mb * 1024 * 1024),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.auth.session_cookie_secure,
        WTF_CSRF_TIME_LIMIT=None,  # tokens live as long as the session: a long edit does not fail on save
    )
    if "csrf" not in app.extensions:
        CSRFProtect(app)
    app.after_request(add_security_headers)
    app.register_error_handler(RequestEntityTooLarge, _too_large(settings))
    app.register_error_handler(CSRFError, _csrf_failed)


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(("/api/", "/admin/", "/login", "/setup", "/drafts")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _error(status: int, title: str, message: str) -> Any:
    """The site's error page (or JSON twin) when the web app provides one; else a minimal page."""
    try:
        from .common import error_response
    except ImportError:
        error_response = None
    if error_response is not None:
        return error_response(status, title, message)
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        resp = jsonify(error=message, status=status, title=title)
        resp.status_code = status
        return resp
    page = render_template_string(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ title }}</title></head>"
        "<body><h1>{{ title }}</h1><p>{{ message }}</p><p><a href=\"/\">Home</a></p></body></html>",
        title=title, message=message,
    )
    return page, status


def _too_large(settings: Settings):
    def handler(exc: RequestEntityTooLarge) -> Any:
        log.info("refused an upload over %s MB from %s", settings.web.max_upload_mb, request.remote_addr)
        return _error(413, "Request Entity Too Large", f"The upload is over the {settings.web.max_upload_mb:g} MB limit (setting max_upload_mb).")

    return handler


def _csrf_failed(exc: CSRFError) -> Any:
    log.info("CSRF check failed on %s %s: %s", request.method, request.path, exc.description)
    return _error(400, "Bad Request", f"The form had expired or was not sent by this site ({exc.description}). "
                       "Reload the page and try again.")
