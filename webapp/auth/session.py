"""Who is asking: the signed-in user from the session cookie, and the role check for views."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, g, jsonify, redirect, request, session, url_for

from archive import Settings

from .users import User, anonymous_user, check_role, count_users, end_sessions, get_user

log = logging.getLogger(__name__)

SESSION_USER_KEY = "uid"
SESSION_GENERATION_KEY = "gen"  # the account's session generation when this session began
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable[..., Any])


def app_settings() -> Settings:
    return current_app.config["SETTINGS"]


def current_user() -> User:
    """The signed-in user, or the anonymous visitor (a reader only when anonymous_read is on)."""
    cached = g.get("_auth_user")
    if cached is not None:
        return cached
    settings = app_settings()
    user: User | None = None
    uid = session.get(SESSION_USER_KEY)
    if isinstance(uid, int):
        user = get_user(settings, uid)
        if user is None or session.get(SESSION_GENERATION_KEY) != user.session_generation:
            # the account was removed, or signed out, or its password or role changed since: the
            # cookie (or any copy of it) grants nothing
            session.pop(SESSION_USER_KEY, None)
            session.pop(SESSION_GENERATION_KEY, None)
            user = None
    user = user or anonymous_user(settings)
    g._auth_user = user
    return user


def sign_in(user: User) -> None:
    session.clear()  # a fresh session: nothing from before sign-in carries over
    session[SESSION_USER_KEY] = user.id
    session[SESSION_GENERATION_KEY] = user.session_generation
    session.permanent = True
    g._auth_user = user


def sign_out() -> None:
    """End this account's sessions (every copy of this cookie, and the account's other sign-ins)."""
    user = g.get("_auth_user")
    if user is not None and user.is_authenticated:
        end_sessions(app_settings(), user.id)
    session.clear()
    g.pop("_auth_user", None)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: no scheme, no host, no '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _unauthenticated() -> Any:
    if wants_json():
        resp = jsonify(error="sign in required", status=401, title="Unauthorized")
        resp.status_code = 401
        return resp
    if count_users(app_settings()) == 0:
        return redirect(url_for("auth.setup"))
    nxt = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=safe_next(nxt)))


def _forbidden(role: str) -> Any:
    if wants_json():
        resp = jsonify(error=f"this needs the {role} role", status=403, title="Forbidden")
        resp.status_code = 403
        return resp
    abort(403, description=f"This page needs the {role} role.")


def is_allowed(user: User, role: str, method: str, changes_nothing: bool = False) -> bool:
    """Anonymous visitors may only read (safe methods, or a POST that changes nothing), and only as readers."""
    if not user.can(role):
        return False
    return user.is_authenticated or method in SAFE_METHODS or changes_nothing


def require_role(role: str, *, changes_nothing: bool = False) -> Callable[[F], F]:
    """View decorator: reader < editor < admin. Anonymous visitors pass only as readers, only for
    GET/HEAD (or a POST marked `changes_nothing`, such as asking for a citation), and only when the
    anonymous_read setting is on; others are sent to /login (HTML) or get a 401 JSON answer (/api/
    paths). Signed-in users without the role get 403."""
    check_role(role)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if is_allowed(user, role, request.method, changes_nothing):
                return view(*args, **kwargs)
            if user.is_authenticated:
                return _forbidden(role)
            return _unauthenticated()

        wrapped.required_role = role  # type: ignore[attr-defined]  # read by the route audit test
        return wrapped  # type: ignore[return-value]

    return decorate
