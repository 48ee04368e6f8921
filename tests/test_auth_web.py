"""Sign-in, roles, first-run setup, the admin pages and the audit log, through the real app."""

from __future__ import annotations

import re

import pytest

from archive import load_settings
from webapp import auth, create_app

from auth_helpers import create_user, csrf_token_from, login, logout, page_csrf_token

PASSWORD = "a long enough passphrase"
# Views anybody may reach: the auth pages themselves, static files and the home redirect.
PUBLIC_ENDPOINTS = {"static", "auth.login", "auth.logout", "auth.setup", "home"}


def _app(settings, **config):
    return create_app({"SETTINGS": settings, "TESTING": True, **config})


@pytest.fixture
def app(settings):
    app = _app(settings)
    create_user(settings, "ada", "admin", PASSWORD)
    create_user(settings, "ed", "editor", PASSWORD)
    create_user(settings, "rita", "reader", PASSWORD)
    return app


def _client(app, name=None):
    client = app.test_client()
    if name:
        login(client, name, PASSWORD)
    return client


# -- first run ------------------------------------------------------------------------------------

def test_first_run_setup_creates_the_admin_once(settings):
    app = _app(settings)
    client = app.test_client()
    first = client.get("/search")
    assert first.status_code == 302 and first.headers["Location"].endswith("/setup")
    token = page_csrf_token(client, "/setup")
    resp = client.post("/setup", data={"csrf_token": token, "name": "ada", "password": PASSWORD,
                                       "password2": PASSWORD})
    assert resp.status_code == 302
    assert auth.find_user(settings, "ada").role == "admin"
    assert client.get("/admin/users").status_code == 200  # signed in as the new admin
    # once an account exists, setup is gone for everybody
    assert app.test_client().get("/setup").status_code == 404
    assert app.test_client().post("/setup", data={"csrf_token": token, "name": "eve", "password": PASSWORD,
                                                  "password2": PASSWORD}).status_code in (400, 404)
    assert auth.find_user(settings, "eve") is None


def test_setup_refuses_mismatched_passwords(settings):
    client = _app(settings).test_client()
    token = page_csrf_token(client, "/setup")
    resp = client.post("/setup", data={"csrf_token": token, "name": "ada", "password": PASSWORD,
                                       "password2": PASSWORD + "!"})
    assert resp.status_code == 400 and "differ" in resp.get_data(as_text=True)
    assert auth.count_users(settings) == 0


# -- signing in -----------------------------------------------------------------------------------

def test_sign_in_and_out(app):
    client = _client(app)
    assert client.get("/search").status_code == 302
    resp = login(client, "rita", PASSWORD)
    assert resp.headers["Location"] == "/"
    assert client.get("/search").status_code == 200
    logout(client)
    assert client.get("/search").status_code == 302


def test_logout_needs_a_post_with_a_token(app):
    client = _client(app, "rita")
    assert client.get("/logout").status_code == 200  # a confirmation page, still signed in
    assert client.get("/search").status_code == 200
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/search").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app):
    client = _client(app)
    bad_name = login(client, "nobody", PASSWORD, expect_ok=False)
    bad_password = login(client, "rita", "wrong password here", expect_ok=False)
    assert bad_name.status_code == bad_password.status_code == 401
    msg = re.compile(r'role="alert">([^<]+)<')
    assert msg.search(bad_name.get_data(as_text=True)).group(1) == msg.search(
        bad_password.get_data(as_text=True)).group(1)
    assert client.get("/search").status_code == 302


def test_login_without_csrf_token_is_refused(app):
    client = _client(app)
    client.get("/login")
    resp = client.post("/login", data={"name": "rita", "password": PASSWORD})
    assert resp.status_code == 400
    assert "Reload the page" in resp.get_data(as_text=True) or "CSRF" in resp.get_data(as_text=True)
    assert client.get("/search").status_code == 302


def test_failed_sign_ins_are_rate_limited(app, settings):
    client = _client(app)
    for _ in range(settings.auth.login_rate_limit):
        assert login(client, "rita", "not the password", expect_ok=False).status_code == 401
    blocked = login(client, "rita", PASSWORD, expect_ok=False)  # even the right password waits
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many" in blocked.get_data(as_text=True)
    assert client.get("/search").status_code == 302
    # another account from the same address is blocked as well
    assert login(client, "ed", PASSWORD, expect_ok=False).status_code == 429


def test_next_only_redirects_within_the_site(app):
    for target, expected in [("/timeline?topic=blockade", "/timeline?topic=blockade"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("javascript:alert(1)", "/")]:
        client = _client(app)
        token = page_csrf_token(client, "/login")
        resp = client.post("/login", data={"name": "rita", "password": PASSWORD, "csrf_token": token,
                                           "next": target})
        assert resp.headers["Location"] == expected, target


def test_a_protected_page_sends_you_to_login_and_back(app):
    client = _client(app)
    resp = client.get("/timeline?topic=blockade")
    assert resp.status_code == 302
    assert "/login?next=" in resp.headers["Location"]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    nxt = re.search(r'name="next" value="([^"]*)"', page).group(1)
    assert nxt.replace("&amp;", "&") == "/timeline?topic=blockade"


def test_api_answers_401_json_when_not_signed_in(app):
    resp = _client(app).get("/api/search?q=letter")
    assert resp.status_code == 401
    assert resp.get_json()["status"] == 401


def test_session_cookie_flags(app):
    client = _client(app)
    token = page_csrf_token(client, "/login")
    resp = client.post("/login", data={"name": "rita", "password": PASSWORD, "csrf_token": token})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "rita" not in cookie


def test_a_removed_account_loses_its_session_at_once(app, settings):
    client = _client(app, "rita")
    assert client.get("/search").status_code == 200
    auth.remove_user(settings, "rita")
    assert client.get("/search").status_code == 302


def test_a_role_change_applies_at_once(app, settings):
    client = _client(app, "ed")
    assert client.get("/upload").status_code == 200
    auth.set_role(settings, "ed", "reader")
    assert client.get("/upload").status_code == 302  # the session ended with the role change (issue 12)
    assert _client(app, "ed").get("/upload").status_code == 403  # signed in again, as a reader


# -- roles ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "path", "allowed"), [
    ("rita", "/search", True), ("rita", "/upload", False), ("rita", "/admin/users", False),
    ("ed", "/upload", True), ("ed", "/admin/audit", False),
    ("ada", "/upload", True), ("ada", "/admin/users", True), ("ada", "/admin/audit", True),
])
def test_roles_gate_pages(app, who, path, allowed):
    resp = _client(app, who).get(path)
    assert resp.status_code == (200 if allowed else 403), (who, path)


def test_a_reader_cannot_upload_through_the_api(app):
    client = _client(app, "rita")
    token = page_csrf_token(client, "/drafts")
    resp = client.post("/api/upload", headers={"X-CSRFToken": token},
                       data={"files": [(__import__("io").BytesIO(b"Some text for the archive."), "a.txt")]})
    assert resp.status_code == 403
    assert resp.get_json()["status"] == 403


def test_anonymous_reading_is_off_by_default_and_read_only_when_on(settings):
    assert settings.auth.anonymous_read is False
    closed = _app(settings)
    create_user(settings, "ada", "admin", PASSWORD)
    assert closed.test_client().get("/search").status_code == 302
    opened = _app(load_settings(settings.data_dir, anonymous_read=True))
    visitor = opened.test_client()
    assert visitor.get("/search").status_code == 200
    assert visitor.get("/api/timeline").status_code == 200
    assert visitor.get("/upload").status_code in (302, 401)
    assert visitor.get("/admin/users").status_code in (302, 401)
    token = page_csrf_token(visitor, "/login")
    resp = visitor.post("/drafts", data={"csrf_token": token, "name": "A draft"})
    assert resp.status_code in (302, 401)  # anonymous visitors keep no drafts and change nothing


def test_every_view_but_the_sign_in_pages_requires_a_role(app):
    unguarded = [rule.rule for rule in app.url_map.iter_rules()
                 if rule.endpoint not in PUBLIC_ENDPOINTS
                 and getattr(app.view_functions[rule.endpoint], "required_role", None) is None]
    assert unguarded == []


def test_state_changing_views_need_editor_or_admin_unless_they_are_the_users_own(app):
    """Uploads, deletes and retagging need an editor; account pages an admin; readers change only drafts."""
    for rule in app.url_map.iter_rules():
        role = getattr(app.view_functions[rule.endpoint], "required_role", None)
        if rule.endpoint in PUBLIC_ENDPOINTS or not (rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            continue
        if rule.endpoint.startswith("auth."):
            assert role == "admin", rule.rule
        elif rule.endpoint.startswith("drafts."):
            assert role == "reader", rule.rule
        elif rule.endpoint == "cite.api_cite":
            assert role == "reader", rule.rule  # POST only to send a long quote; changes nothing
        elif rule.endpoint.startswith("draftcheck."):
            assert role == "reader", rule.rule  # POST carries the letter to check; nothing is stored
        else:
            assert role in ("editor", "admin"), rule.rule


def test_no_view_is_exempt_from_csrf(app):
    csrf = app.extensions["csrf"]
    assert not csrf._exempt_views and not csrf._exempt_blueprints


# -- admin pages and the audit log -------------------------------------------------------------------

def test_admin_adds_changes_and_removes_an_account_and_it_is_audited(app, settings):
    admin = _client(app, "ada")
    token = csrf_token_from(admin.get("/admin/users").get_data(as_text=True))
    resp = admin.post("/admin/users", data={"csrf_token": token, "name": "vol", "role": "reader",
                                            "password": PASSWORD})
    assert resp.status_code == 302
    vol = auth.find_user(settings, "vol")
    assert vol.role == "reader"
    admin.post(f"/admin/users/{vol.id}/role", data={"csrf_token": token, "role": "editor"})
    assert auth.find_user(settings, "vol").role == "editor"
    admin.post(f"/admin/users/{vol.id}/remove", data={"csrf_token": token})
    assert auth.find_user(settings, "vol") is None
    entries, _ = auth.read_audit(settings)
    mine = [(e.actor, e.action, e.target) for e in entries if e.target == "vol"]
    assert mine == [("ada", "user.remove", "vol"), ("ada", "user.role", "vol"), ("ada", "user.add", "vol")]
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "user.remove" in page and "vol" in page


def test_admin_forms_refuse_a_missing_token(app, settings):
    admin = _client(app, "ada")
    resp = admin.post("/admin/users", data={"name": "vol", "role": "admin", "password": PASSWORD})
    assert resp.status_code == 400
    assert auth.find_user(settings, "vol") is None


def test_the_last_admin_is_kept(app, settings):
    admin = _client(app, "ada")
    token = csrf_token_from(admin.get("/admin/users").get_data(as_text=True))
    ada = auth.find_user(settings, "ada")
    admin.post(f"/admin/users/{ada.id}/remove", data={"csrf_token": token})
    assert auth.find_user(settings, "ada") is not None
    assert "last admin" in admin.get("/admin/users").get_data(as_text=True)


def test_hostile_names_in_the_audit_log_are_shown_as_text(app):
    hostile = '<script>alert(1)</script>'
    login(_client(app), hostile, "whatever it is", expect_ok=False)
    page = _client(app, "ada").get("/admin/audit").get_data(as_text=True)
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_sign_ins_are_in_the_audit_log(app, settings):
    _client(app, "rita")
    login(_client(app), "rita", "not the password", expect_ok=False)
    actions = [(e.actor, e.action) for e in auth.read_audit(settings)[0]]
    assert ("rita", "auth.login") in actions and ("rita", "auth.login_failed") in actions


def test_the_secret_key_comes_from_the_data_folder(app, settings):
    assert app.config["SECRET_KEY"] == (settings.data_dir / "secret_key").read_text().strip()
    again = _app(settings)
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]  # sessions survive a restart


def test_uploads_are_in_the_audit_log(app, settings):
    import io

    editor = _client(app, "ed")
    token = page_csrf_token(editor, "/upload")
    resp = editor.post("/api/upload", headers={"X-CSRFToken": token}, data={
        "files": [(io.BytesIO(b"A statement long enough to be archived as a document of its own.\n"), "note.txt")]})
    assert resp.status_code == 200
    record_id = resp.get_json()["results"][0]["record_id"]
    entries, _ = auth.read_audit(settings, actor="ed", action="record.upload")
    assert [e.target for e in entries] == [record_id]
    assert "note.txt" in entries[0].detail
