"""The Flask app: search, documents, citations, drafts, timeline, uploads and quotes.

`create_app(config=None)` builds it (Flask's application-factory pattern). `config` may carry
"SETTINGS" (an archive.Settings); otherwise the settings are loaded from $EVIDENCE_DATA or
./instance. Every page has a JSON twin under /api/ built from the same view data.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from archive import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    # Flask is imported here, not above: the command line imports this package and starts faster without it.
    from flask import Flask, redirect, url_for
    from flask_wtf.csrf import CSRFProtect

    config = dict(config or {})
    settings = config.get("SETTINGS")
    if not isinstance(settings, Settings):
        settings = load_settings()
    config["SETTINGS"] = settings
    app = Flask(__name__)
    app.url_map.converters["int"] = _sqlite_int_converter()  # before any route is added
    app.config.update(
        MAX_CONTENT_LENGTH=int(settings.web.max_upload_mb * 1024 * 1024),
        WTF_CSRF_TIME_LIMIT=None,  # tokens are tied to the session; a long reading session keeps working
    )
    app.config.update(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # curly quotes stay as they are
    _trust_proxies(app, settings.auth.trusted_proxies)

    CSRFProtect(app)
    from . import auth, security

    auth.init_app(app)
    security.init_app(app)

    from .common import init_app as init_common

    init_common(app)
    _register_blueprints(app)

    @app.get("/")
    def home() -> Any:
        return redirect(url_for("search_views.search"))

    return app


def _sqlite_int_converter() -> type:
    """Flask's int converter capped at SQLite's largest integer: a bigger id is a 404, not a 500
    (werkzeug imported here, so the command line starts without it)."""
    from werkzeug.routing import IntegerConverter

    class SqliteIntConverter(IntegerConverter):
        def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("max", 2**63 - 1)
            super().__init__(map, *args, **kwargs)

    return SqliteIntConverter


def _trust_proxies(app: Flask, proxies: int) -> None:
    """Take the client's address from X-Forwarded-For, trusting that many proxies (0: ignore it)."""
    if proxies < 0:
        raise SettingsError(f"setting trusted_proxies: {proxies} is not 0 or a number of proxies")
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
        log.info("client addresses come from X-Forwarded-For (%d trusted proxies)", proxies)


def _register_blueprints(app: Flask) -> None:
    from .cite.views import bp as cite_bp
    from .draftcheck.views import bp as draftcheck_bp
    from .drafts.views import bp as drafts_bp
    from .editing.views import bp as editing_bp
    from .quotes.views import bp as quotes_bp
    from .records.views import bp as records_bp
    from .search_views.views import bp as search_bp
    from .timeline.views import bp as timeline_bp
    from .upload.views import bp as upload_bp

    for bp in (search_bp, records_bp, cite_bp, drafts_bp, timeline_bp, upload_bp, quotes_bp, editing_bp,
               draftcheck_bp):
        app.register_blueprint(bp)
    from .corrections.views import bp as corrections_bp

    app.register_blueprint(corrections_bp)
