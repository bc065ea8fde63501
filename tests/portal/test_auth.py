"""Sign-in: cookie flags, CSRF on the login form, rate limits per account and per address,
sessions that end at sign-out and when the account is removed."""

from __future__ import annotations

from tests.portal.conftest import PASSWORDS, audit_lines, csrf_of, login, make_client, signed_in


def _cookie_header(response, name):
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith(name + "="))


def test_session_cookie_is_httponly_and_samesite_strict(client):
    r = login(client, "ana")
    assert r.status_code == 303
    header = _cookie_header(r, "ctip_session").lower()
    assert "httponly" in header and "samesite=strict" in header and "path=/" in header
    assert "secure" not in header.replace("samesite", "")  # plain http on loopback by default


def test_session_cookie_is_secure_when_configured(portal):
    from starlette.testclient import TestClient

    from ctip.portal.app import create_app

    portal["config"].secure_cookies = True
    c = TestClient(create_app(portal["config"]), base_url="https://testserver")
    r = login(c, "ana")
    assert r.status_code == 303
    assert "; secure" in _cookie_header(r, "ctip_session").lower()


def test_login_page_cookie_flags_and_no_script(client):
    r = client.get("/login")
    assert "samesite=strict" in _cookie_header(r, "ctip_login").lower()
    assert "<script" not in r.text.lower()
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"


def test_login_without_csrf_token_is_refused(client):
    client.get("/login")
    r = client.post("/login", data={"username": "ana", "password": PASSWORDS["ana"]}, follow_redirects=False)
    assert r.status_code == 403
    assert "ctip_session" not in r.headers.get("set-cookie", "")
    r = client.post("/login", data={"username": "ana", "password": PASSWORDS["ana"], "csrf_token": "f" * 64}, follow_redirects=False)
    assert r.status_code == 403


def test_login_token_from_another_browser_is_refused(portal):
    a, b = make_client(portal), make_client(portal)
    token_of_a = csrf_of(a.get("/login").text)
    b.get("/login")
    r = b.post("/login", data={"username": "ana", "password": PASSWORDS["ana"], "csrf_token": token_of_a}, follow_redirects=False)
    assert r.status_code == 403


def test_wrong_password_then_rate_limited_per_account(portal):
    c = make_client(portal)
    for _ in range(portal["config"].max_failures_account):
        assert login(c, "ana", "wrong-password").status_code == 401
    # Over the limit even the right password is refused, from any address.
    assert login(c, "ana").status_code == 429
    other = make_client(portal)
    r = login(other, "ana")
    assert r.status_code == 429 and "Too many failed attempts" in r.text
    # Another account is not affected by ana's failures.
    assert login(make_client(portal), "bob").status_code == 303
    events = [e["event"] for e in audit_lines(portal)]
    assert events.count("login_failed") == 5 and events.count("login_throttled") == 2


def test_rate_limited_per_address_across_accounts(portal):
    portal["config"].max_failures_address = 6
    c = make_client(portal)
    for i in range(6):
        assert login(c, ["ana", "bob", "sec"][i % 3], "nope-nope").status_code == 401
    assert login(c, "res").status_code == 429  # res never failed; the address did


def test_success_resets_the_account_counter(portal):
    c = make_client(portal)
    for _ in range(4):
        login(c, "ana", "wrong-password")
    assert login(c, "ana").status_code == 303
    c2 = make_client(portal)
    for _ in range(4):
        assert login(c2, "ana", "wrong-password").status_code == 401


def test_logout_needs_csrf_and_ends_the_session(portal):
    c, token = signed_in(portal, "ana")
    assert c.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert c.get("/submissions", follow_redirects=False).status_code == 200
    cookie = c.cookies.get("ctip_session")
    r = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    # The old cookie no longer opens anything.
    c2 = make_client(portal)
    c2.cookies.set("ctip_session", cookie)
    assert c2.get("/submissions", follow_redirects=False).headers["location"] == "/login"


def test_removing_a_user_ends_its_sessions(portal):
    c, _ = signed_in(portal, "bob")
    assert portal["store"].remove_user("bob")
    r = c.get("/submissions", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_pages_need_a_session(client):
    for path in ("/submissions", "/submissions/0123456789abcdef", "/template", "/published", "/report"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path


def test_passwords_are_hashed_with_argon2_and_never_logged(portal):
    import sqlite3

    login(make_client(portal), "ana", "typo-" + PASSWORDS["ana"])
    login(make_client(portal), PASSWORDS["bob"], "x")  # a password typed in the user field
    with sqlite3.connect(portal["config"].db_path) as con:
        hashes = [r[0] for r in con.execute("select password_hash from users")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    log = portal["config"].audit_path.read_text(encoding="utf-8")
    for pw in PASSWORDS.values():
        assert pw not in log
    assert "(unknown)" in log


def test_language_from_the_account_country_or_the_browser(portal):
    c = make_client(portal)
    assert "Contraseña" in c.get("/login", headers={"accept-language": "es-DO,es;q=0.9,en;q=0.5"}).text
    assert "Wachtwoord" in c.get("/login", headers={"accept-language": "de, nl;q=0.8"}).text
    assert "Password" in c.get("/login", headers={"accept-language": "de"}).text
    haiti, _ = signed_in(portal, "marie")  # HTI's language is French, whatever the browser says
    page = haiti.get("/submissions", headers={"accept-language": "en"}).text
    assert "Mes envois" in page and 'lang="fr"' in page
