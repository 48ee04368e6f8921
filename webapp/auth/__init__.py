"""Accounts and roles: sign-in, sessions, the role check for views, and the audit log.

Public interface:
    init_app(app)              register /login, /logout, /setup, /admin/users, /admin/audit and the
                               session key (DATA/secret_key, generated once, mode 0600)
    require_role(role)         view decorator; reader < editor < admin
    current_user()             the signed-in User(id, name, role), or the anonymous visitor
    audit(actor, action, target, detail=None)   one audit-log entry (inside a request)
    write_audit(settings, ...) the same, outside a request (the CLI)
and the account functions the CLI uses (create_user, list_users, remove_user, set_role, ...).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Flask, current_app
from jinja2 import TemplateNotFound

from archive import Settings

from .audit import AuditEntry, read_audit, write_audit
from .errors import (
    AuthError,
    InvalidRole,
    InvalidUserName,
    LastAdmin,
    SetupClosed,
    UserExists,
    UserNotFound,
    WeakPassword,
)
from .secret import SecretKeyError, load_or_create_secret_key
from .session import current_user, is_allowed, require_role, safe_next
from .users import (
    ROLE_RANK,
    ROLES,
    User,
    anonymous_user,
    check_name,
    check_password,
    check_role,
    count_users,
    create_user,
    find_user,
    get_user,
    list_users,
    remove_user,
    set_password,
    set_role,
    verify_password,
)

log = logging.getLogger(__name__)

__all__ = [
    "ROLES", "ROLE_RANK", "AuditEntry", "AuthError", "InvalidRole", "InvalidUserName", "LastAdmin",
    "SecretKeyError", "SetupClosed", "User", "UserExists", "UserNotFound", "WeakPassword", "anonymous_user",
    "audit", "check_name", "check_password", "check_role", "count_users", "create_user", "current_user", "find_user", "get_user", "init_app", "is_allowed",
    "list_users", "load_or_create_secret_key", "read_audit", "remove_user", "require_role", "safe_next",
    "set_password", "set_role", "verify_password", "write_audit",
]

STANDALONE_LAYOUT = "auth/_layout.html"


def audit(actor: User | str | None, action: str, target: str | None = None, detail: Any = None) -> None:
    """Record one change in the audit log (call inside a request or app context)."""
    write_audit(current_app.config["SETTINGS"], actor, action, target, detail)


def init_app(app: Flask) -> None:
    settings: Settings | None = app.config.get("SETTINGS")
    if not isinstance(settings, Settings):
        raise RuntimeError("auth.init_app: set app.config['SETTINGS'] to an archive.Settings first")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(settings)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.auth.session_cookie_secure,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.auth.session_hours),
    )
    _ensure_csrf(app)
    from .views import bp

    app.register_blueprint(bp)

    @app.context_processor
    def _auth_context() -> dict[str, Any]:
        return {"current_user": current_user(), "auth_layout": _layout(app)}


def _ensure_csrf(app: Flask) -> None:
    """Every form posts a CSRF token; install Flask-WTF's protection unless the app already has it."""
    if "csrf" not in app.extensions:
        from flask_wtf.csrf import CSRFProtect

        CSRFProtect(app)


def _layout(app: Flask) -> str:
    """The site's base.html when it has a `content` block; else the auth pages' own small layout."""
    cached = app.extensions.get("auth_layout")
    if cached is None:
        try:
            base = app.jinja_env.get_template("base.html")
            cached = "base.html" if "content" in base.blocks else STANDALONE_LAYOUT
        except TemplateNotFound:
            cached = STANDALONE_LAYOUT
        if not app.debug:
            app.extensions["auth_layout"] = cached
    return cached
