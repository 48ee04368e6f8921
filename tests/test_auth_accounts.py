"""Accounts, the session key, the sign-in rate limit and the audit log, without the web layer."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest
from click.testing import CliRunner

from webapp import auth
from webapp.auth import ratelimit
from webapp.cli import main

PASSWORD = "a long enough passphrase"


def _stored_hash(settings, name: str) -> str:
    with sqlite3.connect(settings.database_path) as conn:
        return conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()[0]


def test_password_is_stored_as_a_scrypt_hash(settings):
    auth.create_user(settings, "ann", "editor", PASSWORD)
    stored = _stored_hash(settings, "ann")
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored
    assert auth.verify_password(settings, "ann", PASSWORD) == auth.find_user(settings, "ann")
    assert auth.verify_password(settings, "ann", PASSWORD + "x") is None
    assert auth.verify_password(settings, "nobody", PASSWORD) is None


def test_same_password_hashes_differently_per_user(settings):
    auth.create_user(settings, "ann", "reader", PASSWORD)
    auth.create_user(settings, "bob", "reader", PASSWORD)
    assert _stored_hash(settings, "ann") != _stored_hash(settings, "bob")


def test_names_are_unique_regardless_of_case(settings):
    auth.create_user(settings, "Ann", "reader", PASSWORD)
    with pytest.raises(auth.UserExists, match="already exists"):
        auth.create_user(settings, "ann", "admin", PASSWORD)
    assert [u.name for u in auth.list_users(settings)] == ["Ann"]


@pytest.mark.parametrize("name", ["", " ", "a b", "<script>", "-lead", "x" * 65, "na\u0000me"])
def test_bad_names_are_refused_with_the_reason(settings, name):
    with pytest.raises(auth.InvalidUserName, match="user name"):
        auth.create_user(settings, name, "reader", PASSWORD)
    assert auth.count_users(settings) == 0


def test_bad_role_and_short_password_are_refused(settings):
    with pytest.raises(auth.InvalidRole, match="role"):
        auth.create_user(settings, "ann", "owner", PASSWORD)
    with pytest.raises(auth.WeakPassword, match=str(settings.auth.password_min_length)):
        auth.create_user(settings, "ann", "reader", "short")
    assert auth.count_users(settings) == 0


def test_the_last_admin_cannot_be_removed_or_demoted(settings):
    auth.create_user(settings, "ann", "admin", PASSWORD)
    auth.create_user(settings, "bob", "editor", PASSWORD)
    with pytest.raises(auth.LastAdmin):
        auth.remove_user(settings, "ann")
    with pytest.raises(auth.LastAdmin):
        auth.set_role(settings, "ann", "reader")
    auth.set_role(settings, "bob", "admin")
    auth.remove_user(settings, "ann")
    assert [(u.name, u.role) for u in auth.list_users(settings)] == [("bob", "admin")]


def test_first_run_setup_only_while_no_account_exists(settings):
    first = auth.create_user(settings, "ann", "admin", PASSWORD, only_if_first=True)
    assert first.role == "admin"
    with pytest.raises(auth.SetupClosed):
        auth.create_user(settings, "eve", "admin", PASSWORD, only_if_first=True)
    assert auth.find_user(settings, "eve") is None


def test_role_ranks():
    reader, editor, admin = (auth.User(i, n, n) for i, n in enumerate(auth.ROLES, 1))
    assert reader.can("reader") and not reader.can("editor")
    assert editor.can("editor") and not editor.can("admin")
    assert admin.can("reader") and admin.can("admin")


def test_anonymous_visitor_reads_only_when_the_setting_is_on(settings):
    from archive import load_settings

    closed = auth.anonymous_user(settings)
    assert closed.is_anonymous and not closed.can("reader")
    open_ = auth.anonymous_user(load_settings(settings.data_dir, anonymous_read=True))
    assert open_.can("reader") and not open_.can("editor")
    assert auth.is_allowed(open_, "reader", "GET")
    assert not auth.is_allowed(open_, "reader", "POST")  # anonymous access is read-only


def test_secret_key_is_generated_once_with_owner_only_permissions(settings):
    first = auth.load_or_create_secret_key(settings)
    path = settings.data_dir / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 64
    assert auth.load_or_create_secret_key(settings) == first
    assert not list(settings.data_dir.glob(".secret_key*"))


def test_short_secret_key_file_is_refused_with_its_name(settings):
    (settings.data_dir / "secret_key").write_text("short")
    with pytest.raises(auth.SecretKeyError, match="secret_key"):
        auth.load_or_create_secret_key(settings)


def test_failed_sign_ins_are_limited_per_name_and_per_address(settings):
    limit, window = settings.auth.login_rate_limit, settings.auth.login_rate_window_s
    t0 = 1_000_000.0
    for i in range(limit):
        assert ratelimit.retry_after(settings, "ann", "10.0.0.1", now=t0 + i) == 0
        ratelimit.record_failure(settings, "ann", "10.0.0.1", now=t0 + i)
    wait = ratelimit.retry_after(settings, "ann", "10.0.0.9", now=t0 + limit)
    assert 0 < wait <= window
    # the same address is blocked for other names too
    assert ratelimit.retry_after(settings, "bob", "10.0.0.1", now=t0 + limit) > 0
    # once the window has passed, attempts are allowed again
    assert ratelimit.retry_after(settings, "ann", "10.0.0.1", now=t0 + limit + window) == 0
    ratelimit.clear_failures(settings, "ann")
    assert ratelimit.retry_after(settings, "ann", "10.0.0.2", now=t0 + limit) == 0


def test_audit_log_is_newest_first_and_filterable(settings):
    ann = auth.create_user(settings, "ann", "admin", PASSWORD)
    auth.write_audit(settings, ann, "record.delete", "rec-1", {"why": "duplicate"})
    auth.write_audit(settings, "cli:ops", "user.add", "bob", None)
    entries, total = auth.read_audit(settings)
    assert total == 2
    assert [e.action for e in entries] == ["user.add", "record.delete"]
    assert json.loads(entries[1].detail) == {"why": "duplicate"}
    only_ann, n = auth.read_audit(settings, actor="ann")
    assert n == 1 and only_ann[0].target == "rec-1"


def _cli(settings, *args, password: str | None = PASSWORD, input: str | None = None):
    env = {"EVIDENCE_PASSWORD": password} if password is not None else {}
    return CliRunner().invoke(main, ["--data", str(settings.data_dir), *args], env=env, input=input)


def test_cli_user_add_list_remove(settings):
    result = _cli(settings, "user", "add", "ann", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert _cli(settings, "user", "add", "bob", "--role", "reader").exit_code == 0
    listed = json.loads(_cli(settings, "user", "list", "--json").output)
    assert listed == [{"name": "ann", "role": "admin"}, {"name": "bob", "role": "reader"}]
    assert auth.verify_password(settings, "bob", PASSWORD) is not None
    removed = _cli(settings, "user", "remove", "bob", "--yes")
    assert removed.exit_code == 0
    assert auth.find_user(settings, "bob") is None
    actions = [(e.actor.startswith("cli:"), e.action, e.target) for e in auth.read_audit(settings)[0]]
    assert actions == [(True, "user.remove", "bob"), (True, "user.add", "bob"), (True, "user.add", "ann")]


def test_cli_prompts_for_the_password_twice(settings):
    result = _cli(settings, "user", "add", "ann", "--role", "editor", password=None,
                  input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert auth.verify_password(settings, "ann", PASSWORD) is not None


def test_cli_mistakes_are_one_clear_line(settings):
    assert _cli(settings, "user", "add", "ann", "--role", "admin").exit_code == 0
    cases = [
        (("user", "add", "ann", "--role", "reader"), "already exists"),
        (("user", "add", "bob", "--role", "reader"), "at least"),
        (("user", "remove", "ann", "--yes"), "last admin"),
        (("user", "remove", "nobody", "--yes"), "no user named"),
    ]
    for args, message in cases:
        result = _cli(settings, *args, password="short" if args[1] == "add" else PASSWORD)
        assert result.exit_code == 1, args
        assert message in result.output
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
