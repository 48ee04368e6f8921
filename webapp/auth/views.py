"""The auth pages: sign in, sign out, first-run setup, and the admin pages for accounts and audit."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .audit import read_audit, write_audit
from .errors import AuthError
from .ratelimit import Lockout, begin_attempt, clear_failures, end_attempt
from .session import app_settings, current_user, require_role, safe_next, sign_in, sign_out
from .users import (
    ROLES,
    count_users,
    create_user,
    get_user,
    list_users,
    remove_user,
    set_role,
    verify_password,
)

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__, template_folder="templates")

AUDIT_PAGE_SIZE = 100


def _client_address() -> str:
    """The client's address: the peer's, or X-Forwarded-For's as far as `trusted_proxies` allows."""
    return request.remote_addr or "unknown"


def _in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _lockout_message(found: Lockout) -> str:
    who = "for this account name" if found.scope == "name" else "from your network address"
    return f"Too many failed sign-in attempts {who}. Try again in about {_in_words(found.wait)}."


def _refuse(found: Lockout, name: str, nxt: str) -> Any:
    """429 with a Retry-After header; the form keeps the name so the person can try again later."""
    log.warning("sign-in refused: too many failures by %s (%r), %ss left", found.scope,
                name if found.scope == "name" else _client_address(), found.wait)
    page = render_template("auth/login.html", next=nxt, name=name, error=_lockout_message(found))
    return page, 429, {"Retry-After": str(found.wait)}


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    settings = app_settings()
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        if count_users(settings) == 0:
            return redirect(url_for("auth.setup"))
        return render_template("auth/login.html", next=nxt, name="", error=None)
    name = (request.form.get("name") or "").strip()[:100]
    password = request.form.get("password") or ""
    address = _client_address()
    attempt = begin_attempt(settings, name, address)  # counted before the password is checked
    if isinstance(attempt, Lockout):
        return _refuse(attempt, name, nxt)
    user = None
    try:
        user = verify_password(settings, name, password)
    finally:
        end_attempt(settings, attempt, name, address, failed=user is None)
    if user is None:
        write_audit(settings, name or "(no name)", "auth.login_failed", None, {"address": address})
        error = "That name and password do not match an account."
        return render_template("auth/login.html", next=nxt, name=name, error=error), 401
    clear_failures(settings, name, address)
    sign_in(user)
    write_audit(settings, user, "auth.login", user.name, {"address": address})
    return redirect(nxt)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    user = current_user()
    if request.method == "GET":  # signing out changes state, so it takes a POST (with its CSRF token)
        return render_template("auth/logout.html", user=user)
    if user.is_authenticated:
        write_audit(app_settings(), user, "auth.logout", user.name)
    sign_out()
    return redirect(url_for("auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> Any:
    """First run: create the first admin. Closed for good once any account exists."""
    settings = app_settings()
    if count_users(settings):
        abort(404)
    error = None
    name = ""
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()[:100]
        password = request.form.get("password") or ""
        if password != (request.form.get("password2") or ""):
            error = "The two passwords differ."
        else:
            try:
                user = create_user(settings, name, "admin", password, only_if_first=True)
            except AuthError as exc:
                error = str(exc)
            else:
                write_audit(settings, user, "user.add", user.name, {"role": "admin", "via": "setup"})
                sign_in(user)
                return redirect("/")
    return render_template("auth/setup.html", name=name, error=error,
                           min_length=settings.auth.password_min_length), (400 if error else 200)


@bp.route("/admin/users", methods=["GET", "POST"])
@require_role("admin")
def admin_users() -> Any:
    settings = app_settings()
    status = 200
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()[:100]
        role = request.form.get("role") or ""
        try:
            user = create_user(settings, name, role, request.form.get("password") or "")
        except AuthError as exc:
            flash(str(exc), "error")
            status = 400
        else:
            write_audit(settings, current_user(), "user.add", user.name, {"role": role})
            flash(f"Added {user.name} ({user.role}).", "info")
            return redirect(url_for("auth.admin_users"))
    return render_template("auth/users.html", users=list_users(settings), roles=ROLES,
                           min_length=settings.auth.password_min_length, me=current_user()), status


def _user_or_404(user_id: int):
    user = get_user(app_settings(), user_id)
    if user is None:
        abort(404, description="No such account.")
    return user


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@require_role("admin")
def admin_set_role(user_id: int) -> Any:
    settings = app_settings()
    target = _user_or_404(user_id)
    role = request.form.get("role") or ""
    try:
        updated = set_role(settings, target.name, role)
    except AuthError as exc:
        flash(str(exc), "error")
    else:
        write_audit(settings, current_user(), "user.role", target.name, {"from": target.role, "to": updated.role})
        flash(f"{target.name} is now {updated.role}.", "info")
    return redirect(url_for("auth.admin_users"))


@bp.route("/admin/users/<int:user_id>/remove", methods=["POST"])
@require_role("admin")
def admin_remove_user(user_id: int) -> Any:
    settings = app_settings()
    target = _user_or_404(user_id)
    try:
        remove_user(settings, target.name)
    except AuthError as exc:
        flash(str(exc), "error")
    else:
        write_audit(settings, current_user(), "user.remove", target.name, {"role": target.role})
        flash(f"Removed {target.name}.", "info")
    return redirect(url_for("auth.admin_users"))


@bp.route("/admin/audit")
@require_role("admin")
def admin_audit() -> Any:
    settings = app_settings()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    actor = (request.args.get("actor") or "").strip() or None
    action = (request.args.get("action") or "").strip() or None
    entries, total = read_audit(settings, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE, actor, action)
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    return render_template("auth/audit.html", entries=entries, total=total, page=page, pages=pages,
                           actor=actor or "", action=action or "")
