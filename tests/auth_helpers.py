"""Test helpers for accounts: make a user directly in the database, sign a test client in."""

from __future__ import annotations

import re

from archive import Settings
from webapp.auth import User
from webapp.auth import create_user as _create_user

_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def create_user(settings: Settings, name: str, role: str, password: str) -> User:
    return _create_user(settings, name, role, password)


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = _CSRF_RE.search(html)
    if not match:
        raise AssertionError("no csrf_token field in the page")
    return match.group(1)


def page_csrf_token(client, path: str = "/login") -> str:
    """GET a page with a form and return its CSRF token (also sets the session cookie)."""
    resp = client.get(path)
    return csrf_token_from(resp.get_data(as_text=True))


def login(client, name: str, password: str, expect_ok: bool = True):
    """Sign in through the real /login form (CSRF token included). Returns the POST response."""
    token = page_csrf_token(client, "/login")
    resp = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    if expect_ok and resp.status_code != 302:
        raise AssertionError(f"login as {name!r} failed: HTTP {resp.status_code}")
    return resp


def logout(client):
    token = page_csrf_token(client, "/logout")
    return client.post("/logout", data={"csrf_token": token})
