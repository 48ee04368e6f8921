"""The sign-in limit through the real app: per client address (X-Forwarded-For only from trusted
proxies), per account name across addresses, and a successful sign-in clearing its own failures."""

from __future__ import annotations

import pytest

from archive import Settings, SettingsError, load_settings
from webapp import auth, create_app

from auth_helpers import create_user, login

PASSWORD = "a long enough passphrase"
WRONG = "not the password at all"
PROXY = "10.0.0.1"


def _app(settings: Settings, proxies: int):
    app = create_app({"SETTINGS": load_settings(settings.data_dir, trusted_proxies=proxies), "TESTING": True})
    for name in ("rita", "ed"):
        if auth.find_user(settings, name) is None:
            create_user(settings, name, "reader", PASSWORD)
    return app


def _client(app, forwarded_for: str | None = None, peer: str = PROXY):
    """A browser whose requests arrive from `peer`, carrying X-Forwarded-For when given."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    if forwarded_for is not None:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def _fail(client, name: str, times: int) -> None:
    for _ in range(times):
        assert login(client, name, WRONG, expect_ok=False).status_code == 401


def test_behind_a_trusted_proxy_each_client_is_limited_by_its_own_address(settings):
    app = _app(settings, proxies=1)
    attacker = _client(app, "203.0.113.7")
    _fail(attacker, "nobody", settings.auth.login_rate_limit)
    assert login(attacker, "rita", PASSWORD, expect_ok=False).status_code == 429
    # another client behind the same proxy is not locked out
    assert login(_client(app, "198.51.100.2"), "rita", PASSWORD).status_code == 302
    entries, _ = auth.read_audit(settings, action="auth.login_failed")
    assert {e.detail for e in entries} == {'{"address": "203.0.113.7"}'}


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit(settings):
    app = _app(settings, proxies=0)
    for n in range(settings.auth.login_rate_limit):
        _fail(_client(app, f"192.0.2.{n}"), f"name{n}", 1)
    blocked = login(_client(app, "192.0.2.200"), "rita", PASSWORD, expect_ok=False)
    assert blocked.status_code == 429
    assert "from your network address" in blocked.get_data(as_text=True)


def test_one_account_name_is_limited_across_addresses(settings):
    app = _app(settings, proxies=1)
    for n in range(settings.auth.login_rate_limit):
        _fail(_client(app, f"192.0.2.{n}"), "rita" if n % 2 else "RITA", 1)  # names match regardless of case
    fresh = _client(app, "198.51.100.9")
    blocked = login(fresh, "rita", PASSWORD, expect_ok=False)  # even the right password waits
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= settings.auth.login_rate_window_s
    page = blocked.get_data(as_text=True)
    assert "Too many failed sign-in attempts for this account name" in page and "minute" in page
    assert fresh.get("/search").status_code == 302  # not signed in
    # the same address may still sign in to another account
    assert login(fresh, "ed", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_that_clients_failures(settings):
    app = _app(settings, proxies=1)
    rita = _client(app, "198.51.100.4")
    _fail(rita, "rita", settings.auth.login_rate_limit - 1)
    assert login(rita, "rita", PASSWORD).status_code == 302
    again = _client(app, "198.51.100.4")
    _fail(again, "rita", settings.auth.login_rate_limit - 1)  # the earlier failures no longer count
    assert login(again, "rita", PASSWORD).status_code == 302


def test_a_sign_in_does_not_clear_other_addresses_failures_for_the_name(settings):
    app = _app(settings, proxies=1)
    _fail(_client(app, "203.0.113.7"), "rita", settings.auth.login_rate_limit - 1)
    assert login(_client(app, "198.51.100.4"), "rita", PASSWORD).status_code == 302
    attacker = _client(app, "203.0.113.8")
    _fail(attacker, "rita", 1)
    assert login(attacker, "rita", WRONG, expect_ok=False).status_code == 429


def test_forwarded_for_is_taken_only_as_far_as_the_proxies_are_trusted(settings):
    """With one trusted proxy the proxy's appended address counts; what the client wrote before it does not."""
    app = _app(settings, proxies=1)
    for n in range(settings.auth.login_rate_limit):
        _fail(_client(app, f"10.9.9.{n}, 203.0.113.7"), f"name{n}", 1)
    assert login(_client(app, "10.9.9.99, 203.0.113.7"), "rita", PASSWORD, expect_ok=False).status_code == 429


def test_a_negative_number_of_proxies_is_refused_by_name(settings):
    with pytest.raises(SettingsError, match="trusted_proxies"):
        create_app({"SETTINGS": load_settings(settings.data_dir, trusted_proxies=-1), "TESTING": True})


def test_trusted_proxies_comes_from_the_environment(settings, monkeypatch):
    monkeypatch.setenv("EVIDENCE_TRUSTED_PROXIES", "2")
    assert load_settings(settings.data_dir).auth.trusted_proxies == 2
    monkeypatch.setenv("EVIDENCE_TRUSTED_PROXIES", "two")
    with pytest.raises(SettingsError, match="trusted_proxies"):
        load_settings(settings.data_dir)
