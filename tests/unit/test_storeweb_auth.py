"""Store web service: PIN hashing, sessions, sign-in CSRF, rate limits, headers, escaping.
Attack tests first: each proves a door stays shut, and the honest path beside it opens."""

from __future__ import annotations

import pytest

from kiosk.storeweb.accounts import Accounts
from kiosk.storeweb.limits import ACCOUNT_WINDOW_S
from kiosk.storeweb.sessions import COOKIE, SessionStore
from tests.support.messaging import GTIN
from tests.support.storeweb import StaffSite, csrf_of, staff_config


@pytest.fixture
def site() -> StaffSite:
    return StaffSite()


def test_config_keeps_only_hashes_and_the_right_pin_signs_in():
    config = staff_config()
    anna = next(e for e in config.mqtt.staff if e.id == "anna")
    assert "1357" not in anna.pin_hash and anna.pin_hash.startswith("pbkdf2_sha256$")
    accounts = Accounts.from_config(config)
    assert accounts.authenticate("anna", "1357").name == "Anna"
    assert accounts.authenticate("anna", "1358") is None
    assert accounts.authenticate("ghost", "1357") is None
    assert accounts.get("nopin") is None  # no PIN in the config: cannot sign in at all


def test_sign_in_sets_a_strict_httponly_cookie_and_shows_the_zone(site):
    client = site.client()
    answer = site.sign_in(client, "anna")
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    page = client.get("/staff")
    assert "Anna" in page.text and "womenswear" in page.text


def test_https_base_url_makes_the_cookie_secure_and_adds_hsts():
    site = StaffSite(staff_app={"base_url": "https://staff.maison.example"})
    client = site.client()
    answer = site.sign_in(client, "anna")
    assert "Secure" in answer.headers["set-cookie"]
    assert "max-age" in answer.headers["strict-transport-security"]


def test_wrong_pin_and_unknown_name_are_refused_alike(site):
    client = site.client()
    wrong = site.sign_in(client, "anna", "0000")
    ghost = site.sign_in(client, "ghost", "1357")
    assert wrong.status_code == ghost.status_code == 401
    assert COOKIE not in client.cookies
    assert client.get("/staff").text.count('name="pin"') == 1  # still the sign-in form


def test_sign_in_without_the_form_token_is_refused(site):
    client = site.client()
    client.get("/staff")  # gets the nonce cookie
    forged = client.post("/staff/signin", data={"csrf": "x" * 64, "staff": "anna", "pin": "1357"})
    assert forged.status_code == 403 and COOKIE not in client.cookies
    other = site.client()  # a token from another browser's form does not fit this nonce
    token = csrf_of(other.get("/staff").text)
    stolen = site.client().post("/staff/signin", data={"csrf": token, "staff": "anna", "pin": "1357"})
    assert stolen.status_code == 403


def test_cross_origin_and_oversized_posts_never_reach_a_route(site):
    client = site.client()
    site.sign_in(client, "anna")
    token = csrf_of(client.get("/staff").text)
    evil = client.post("/staff/signout", data={"csrf": token}, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    big = client.post("/staff/signout", data={"csrf": token, "pad": "x" * 9000})
    assert big.status_code == 413
    assert "Anna" in client.get("/staff").text  # still signed in: neither post did anything


def test_pin_brute_force_locks_the_account_not_its_owner_forever(site):
    attacker = site.client("10.0.0.66")
    codes = [site.sign_in(attacker, "anna", f"{n:04d}").status_code for n in range(2000, 2006)]
    assert codes[:5] == [401] * 5 and codes[5] == 429  # the sixth try is not even checked
    locked = site.sign_in(site.client("10.0.0.8"), "anna")  # even the right PIN waits
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 60
    site.store.clock.advance(ACCOUNT_WINDOW_S + 1)
    assert site.sign_in(site.client("10.0.0.8"), "anna").status_code == 303


def test_one_address_trying_many_names_is_slowed(site):
    attacker = site.client("10.0.0.66")
    names = ["anna", "li", "bob", "marc"] * 3
    codes = [site.sign_in(attacker, name, "9999").status_code for name in names]
    assert 429 in codes and codes.index(429) == 10  # 10 attempts a minute per address
    assert site.sign_in(site.client("10.0.0.9"), "li").status_code == 303  # others unaffected


def test_a_sign_in_lasts_one_shift(site):
    client = site.client()
    site.sign_in(client, "anna")
    site.store.clock.advance(site.web.sessions.shift_s - 60)
    assert "Anna" in client.get("/staff").text
    site.store.clock.advance(120)
    assert 'name="pin"' in client.get("/staff").text  # stale: back to the sign-in form


def test_revoked_sign_in_is_worthless_at_once(site):
    client = site.client()
    site.sign_in(client, "anna")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    token = csrf_of(client.get("/staff").text)
    assert site.web.sessions.revoke_staff("anna") == 1
    answer = site.act(client, request_id, "claim", csrf=token)
    assert answer.status_code == 401
    assert site.store.mirror.get(request_id).status == "open"


def test_forged_or_tampered_cookies_are_refused():
    store = SessionStore(b"k" * 32, 3600)
    cookie, _ = store.create("anna", 0.0)
    session_id, _, tag = cookie.partition(".")
    assert store.get(cookie, 1.0).staff_id == "anna"
    assert store.get(f"{session_id}.{'0' * len(tag)}", 1.0) is None
    other = "B" if session_id.endswith("A") else "A"  # a real change of the id's last character
    assert store.get(f"{session_id[:-1]}{other}.{tag}", 1.0) is None
    assert store.get(session_id, 1.0) is None
    assert SessionStore(b"o" * 32, 3600).get(cookie, 1.0) is None  # another process's key


def test_sign_out_needs_the_token_and_ends_the_session(site):
    client = site.client()
    site.sign_in(client, "anna")
    assert client.post("/staff/signout", data={"csrf": "nope"}).status_code == 303
    assert "Anna" in client.get("/staff").text  # a forged sign-out did not end it
    token = csrf_of(client.get("/staff").text)
    client.post("/staff/signout", data={"csrf": token})
    assert 'name="pin"' in client.get("/staff").text


def test_every_page_has_the_strict_headers(site):
    client = site.client()
    for path in ("/staff", "/staff/manifest.webmanifest", "/staff/sw.js", "/static/staff.js"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert client.get("/staff/sw.js").headers["service-worker-allowed"] == "/staff"


def test_hostile_product_names_are_escaped(site):
    client = site.client()
    site.sign_in(client, "anna")
    site.store.mirror.request(GTIN, "M", "<img src=x onerror=alert(1)>",
                              product_name="<script>alert(1)</script>")
    page = client.get("/staff").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page


def test_demo_store_lists_anna_in_womenswear_with_pin_1357():
    from kiosk.cli.demo import DEMO_CONFIG
    from kiosk.config import load_config

    accounts = Accounts.from_config(load_config(DEMO_CONFIG))
    anna = accounts.authenticate("anna", "1357")
    assert anna is not None and anna.zones == ("womenswear",) and anna.role == "associate"
    assert {a.id for a in accounts} == {"anna", "li", "marc", "sofia"}
