"""Issue 12 items 5 and 8: a copied session cookie stops working when its account signs out, gets a
new password or role, or is removed; and parallel wrong passwords never get more password checks
than the sign-in limit allows."""

from __future__ import annotations

import threading

from webapp import auth
from webapp.cli import main as cli_main

from auth_helpers import create_user, login, logout, page_csrf_token

PASSWORD = "a long enough passphrase"
NEW_PASSWORD = "another long passphrase"


def _copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie (what a thief would take)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _works(client) -> bool:
    return client.get("/api/drafts").status_code == 200


def test_a_copied_cookie_ends_with_logout(app, client):
    thief = _copy_of(app, client)
    assert _works(thief)
    assert logout(client).status_code == 302
    assert not _works(thief)
    assert thief.get("/api/drafts").status_code == 401
    assert not _works(client)


def test_a_new_password_ends_sessions(app, client, web_settings):
    thief = _copy_of(app, client)
    runner = app.test_cli_runner()
    result = runner.invoke(cli_main, ["--data", str(web_settings.data_dir), "user", "password", "ed"],
                           env={"EVIDENCE_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    assert not _works(thief) and not _works(client)
    fresh = app.test_client()
    login(fresh, "ed", NEW_PASSWORD)
    assert _works(fresh)


def test_a_role_change_ends_sessions(app, client, web_settings):
    create_user(web_settings, "ada", "admin", PASSWORD)
    thief = _copy_of(app, client)
    admin = app.test_client()
    login(admin, "ada", PASSWORD)
    ed = auth.find_user(web_settings, "ed")
    token = page_csrf_token(admin, "/admin/users")
    resp = admin.post(f"/admin/users/{ed.id}/role", data={"role": "reader", "csrf_token": token})
    assert resp.status_code == 302
    assert auth.find_user(web_settings, "ed").role == "reader"
    assert not _works(thief) and not _works(client)
    assert _works(admin)  # the admin's own session goes on


def test_removing_an_account_ends_its_sessions(app, client, web_settings):
    thief = _copy_of(app, client)
    auth.remove_user(web_settings, "ed")
    assert not _works(thief)


def test_signing_out_leaves_other_accounts_signed_in(app, client, reader):
    logout(client)
    assert _works(reader)


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(app, web_settings):
    """Each wrong password that reaches the check answers 401 and is audited; the rest answer 429."""
    tries = 40
    clients = [app.test_client() for _ in range(tries)]
    tokens = [page_csrf_token(c, "/login") for c in clients]
    barrier = threading.Barrier(tries)
    statuses: list[int] = []

    def attempt(c, token):
        barrier.wait()
        resp = c.post("/login", data={"name": "rita", "password": "not the password", "csrf_token": token})
        statuses.append(resp.status_code)

    threads = [threading.Thread(target=attempt, args=(c, t)) for c, t in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(statuses) == tries
    checked, _ = auth.read_audit(web_settings, action="auth.login_failed")
    assert len(checked) == statuses.count(401) <= web_settings.auth.login_rate_limit, statuses
    assert statuses.count(429) == tries - statuses.count(401)


def test_a_right_password_is_not_left_counted_as_a_failure(app, web_settings):
    for _ in range(web_settings.auth.login_rate_limit + 2):
        c = app.test_client()
        login(c, "rita", PASSWORD)
        assert _works(c)


def test_parallel_right_passwords_wait_their_turn_instead_of_being_refused(app, web_settings):
    """More sign-ins at once than the limit, all with the right password: each waits for a check slot."""
    tries = web_settings.auth.login_rate_limit * 2
    clients = [app.test_client() for _ in range(tries)]
    tokens = [page_csrf_token(c, "/login") for c in clients]
    barrier = threading.Barrier(tries)
    statuses: list[int] = []

    def attempt(c, token):
        barrier.wait()
        statuses.append(c.post("/login", data={"name": "rita", "password": PASSWORD, "csrf_token": token}).status_code)

    threads = [threading.Thread(target=attempt, args=(c, t)) for c, t in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert statuses == [302] * tries
