"""The hand-off service over real HTTP (uvicorn on loopback): replay, tamper, expiry,
guessing, CSRF, headers, mirror authentication and catalogue-only prices."""

from __future__ import annotations

import json
import re
import time
import uuid

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.errors import HandoffError
from kiosk.handoff.client import HandoffClient
from kiosk.handoff.mirror_auth import sign_headers
from kiosk.handoff.tokens import TOKEN_CHARS
from tests.support.handoff import BELT, MIRROR, SHIRT, STORE, TROUSERS, FakeClock, running_service

pytestmark = pytest.mark.integration


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def live(tmp_path, clock):
    with running_service(tmp_path, clock=clock, redeem_per_minute=5) as running:
        yield running


def basket():
    items = BasketStore().basket("session-1")
    items.add(SHIRT)
    items.add(TROUSERS, 2)
    return items


def open_basket(phone: httpx.Client, url: str) -> httpx.Response:
    redeemed = phone.get(url)
    assert redeemed.status_code == 303 and redeemed.headers["location"] == "/basket"
    return phone.get("/basket")


def csrf_of(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_the_qr_url_carries_nothing_but_the_domain_and_an_opaque_token(live):
    server, _service, client = live
    handoff = client.create(basket())
    assert re.fullmatch(re.escape(server.url) + rf"/h/[A-Za-z0-9_-]{{{TOKEN_CHARS}}}", handoff.url)
    for secret in (SHIRT, TROUSERS, "49.90", "Linen", MIRROR, STORE):
        assert secret not in handoff.url


def test_replay_on_another_phone_is_refused(live):
    server, _service, client = live
    url = client.create(basket()).url
    with httpx.Client(base_url=server.url) as first, httpx.Client(base_url=server.url) as second:
        assert open_basket(first, url).status_code == 200
        assert second.get(url).status_code == 410
        assert second.get("/basket").status_code == 404
        assert first.get(url).status_code == 303  # the same phone may reopen its link


def test_tampered_and_guessed_tokens_are_404_and_rate_limited(live):
    server, _service, client = live
    token = client.create(basket()).url.rsplit("/", 1)[1]
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with httpx.Client(base_url=server.url) as phone:
        assert phone.get(f"/h/{flipped}").status_code == 404
        assert phone.get("/h/" + "A" * TOKEN_CHARS).status_code == 404
        assert phone.get("/h/../../etc/passwd").status_code == 404
        codes = [phone.get("/h/" + uuid.uuid4().hex[:TOKEN_CHARS]).status_code for _ in range(5)]
        assert 429 in codes
        limited = phone.get("/h/" + "B" * TOKEN_CHARS)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert phone.get(f"/h/{token}").status_code == 303  # a real code is never locked out


def test_expired_tokens_are_410(live, clock):
    server, service, client = live
    url = client.create(basket()).url
    clock.now += service.ttl_s + 1
    with httpx.Client(base_url=server.url) as phone:
        response = phone.get(url)
    assert response.status_code == 410 and "expired" in response.text


def test_checkout_form_is_protected_against_cross_site_posts(live):
    server, _service, client = live
    with httpx.Client(base_url=server.url) as phone:
        csrf = csrf_of(open_basket(phone, client.create(basket()).url))
        form = {"csrf": csrf, "fulfilment": "collect"}
        assert phone.post("/basket/checkout", data=form,
                          headers={"Origin": "https://evil.example"}).status_code == 403
        assert phone.post("/basket/checkout", data=form | {"csrf": "x" * 43},
                          headers={"Origin": server.url}).status_code == 403
        assert phone.post("/basket/checkout", data={"fulfilment": "collect"},
                          headers={"Origin": server.url}).status_code == 403
        assert phone.post("/basket/checkout", data=form).status_code == 403  # no Origin, no Referer
        ok = phone.post("/basket/checkout", data=form, headers={"Origin": server.url})
        assert ok.status_code == 303 and ok.headers["location"].startswith("/order/")


def test_session_cookie_and_security_headers(live):
    server, _service, client = live
    with httpx.Client(base_url=server.url) as phone:
        redeemed = phone.get(client.create(basket()).url)
        cookie = redeemed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        page = phone.get("/basket")
    headers = page.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src" not in headers["content-security-policy"]  # no script at all
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin" and headers["cache-control"] == "no-store"
    assert "<script" not in page.text


def test_prices_come_from_the_catalogue_only(live):
    server, _service, client = live
    signed_with = client._key
    body = json.dumps({"v": 1, "snapshot_id": uuid.uuid4().hex, "store": STORE, "mirror": MIRROR,
                       "lines": [{"gtin": SHIRT, "quantity": 1, "price": "0.01"}]}).encode()
    headers = sign_headers(signed_with, MIRROR, int(time.time()), body) | {"content-type": "application/json"}
    assert httpx.post(f"{server.url}/api/v1/handoffs", content=body, headers=headers).status_code == 422
    with httpx.Client(base_url=server.url) as phone:
        page = open_basket(phone, client.create(basket()).url)
        tampered = phone.post("/basket/checkout", headers={"Origin": server.url},
                              data={"csrf": csrf_of(page), "fulfilment": "take_now", "total": "0.01",
                                    "price": "0.01"})
        order = phone.get(tampered.headers["location"])
    assert "€207.90" in page.text  # 49.90 + 2 × 79.00, from the catalogue
    assert "€207.90" in order.text


def test_mirror_api_needs_a_fresh_valid_signature(live):
    server, _service, client = live
    body = json.dumps({"v": 1, "snapshot_id": uuid.uuid4().hex, "store": STORE, "mirror": MIRROR,
                       "lines": [{"gtin": SHIRT, "quantity": 1}]}).encode()
    url, key, now = f"{server.url}/api/v1/handoffs", client._key, int(time.time())
    post = lambda headers: httpx.post(url, content=body, headers=headers).status_code  # noqa: E731
    assert post({}) == 401
    assert post(sign_headers(b"k" * 32, MIRROR, now, body)) == 401
    assert post(sign_headers(key, MIRROR, now - 600, body)) == 401
    assert post(sign_headers(key, "mirror-9", now, body)) == 401
    assert post(sign_headers(key, MIRROR, now, body)) == 201
    assert post(sign_headers(key, MIRROR, now, body)) == 409  # exact replay


def test_client_raises_handoff_error_when_the_service_is_down():
    client = HandoffClient("http://127.0.0.1:9", STORE, MIRROR, b"k" * 32, timeout_s=0.5)
    with pytest.raises(HandoffError) as error:
        client.create(basket())
    assert "unreachable" in error.value.message and error.value.fix


def test_client_with_a_wrong_key_gets_a_clear_error(live):
    server, *_ = live
    client = HandoffClient(server.url, STORE, MIRROR, b"w" * 32)
    with pytest.raises(HandoffError, match="401") as error:
        client.create(basket())
    assert "key" in error.value.fix


def test_oversized_bodies_are_refused_before_parsing(live):
    server, *_ = live
    flood = b"{" + b" " * 64 * 1024 + b"}"
    assert httpx.post(f"{server.url}/api/v1/handoffs", content=flood).status_code == 413
    with httpx.Client(base_url=server.url) as phone:
        assert phone.post("/basket/checkout", content=flood).status_code == 404  # no basket


def test_catalogue_text_is_escaped_on_the_phone_page(live):
    from dataclasses import replace

    server, service, client = live
    real = service.lookup
    service.lookup = lambda gtin: replace(real(gtin), title='<script>alert("x")</script>',
                                          colour='"><img src=x onerror=alert(1)>')
    with httpx.Client(base_url=server.url) as phone:
        page = open_basket(phone, client.create(basket()).url)
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    assert "<img src=x" not in page.text


def test_the_phone_page_opens_in_the_language_used_on_the_mirror(live):
    server, _service, client = live
    with httpx.Client(base_url=server.url) as phone:
        page = open_basket(phone, client.create(basket(), language="zh_CN").url)
        placed = phone.post("/basket/checkout", headers={"Origin": server.url},
                            data={"csrf": csrf_of(page), "fulfilment": "collect"})
        order = phone.get(placed.headers["location"])
        english = phone.get(placed.headers["location"] + "?lang=en")
    assert 'lang="zh-Hans"' in page.text and "您的购物袋" in page.text
    assert "订单请求已发送" in order.text  # every later page of the basket too
    assert "Order request sent" in english.text  # until the shopper picks another language


def test_an_item_withdrawn_after_the_qr_gives_a_clear_page_not_an_error(live):
    server, service, client = live
    url = client.create(basket()).url
    real = service.lookup
    service.lookup = lambda gtin: None if gtin == TROUSERS else real(gtin)  # a new catalogue
    with httpx.Client(base_url=server.url) as phone:
        page = open_basket(phone, url)
    assert page.status_code == 409 and "no longer available" in page.text


def test_an_unexpected_failure_is_a_friendly_hardened_page(live):
    server, service, client = live
    url = client.create(basket()).url

    def broken(*_args):
        raise RuntimeError("database went away")

    service.db.redeem = broken
    with httpx.Client(base_url=server.url) as phone:
        page = phone.get(url)
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert "database" not in page.text and "frame-ancestors 'none'" in page.headers["content-security-policy"]


SECRET = b"root:x:0:0:secret-of-the-service\n"


@pytest.fixture
def poisoned(tmp_path):
    """Image references that escape the image folder, as a hostile catalogue writes them."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(SECRET)
    images = tmp_path / "shop"
    images.mkdir()
    (images / "escape.png").symlink_to(outside / "secret.png")
    refs = {SHIRT: str(outside / "secret.png"), TROUSERS: "../outside/secret.png",
            BELT: "escape.png"}
    return images, refs


@pytest.mark.parametrize("which", [SHIRT, TROUSERS, BELT])
def test_img_never_serves_a_file_outside_the_image_folder(poisoned, which):
    images, refs = poisoned
    with running_service(images, image_refs=refs) as (server, _service, _client):
        response = httpx.get(f"{server.url}/img/{which}")
    assert response.status_code == 404 and SECRET not in response.content


@pytest.mark.parametrize("ref", ["/etc/passwd", "../../../../../../etc/hostname",
                                 "handoff.sqlite3", "handoff.sqlite3-wal"])
def test_img_never_serves_system_files_or_the_services_own_database(tmp_path, ref):
    with running_service(tmp_path, image_refs={SHIRT: ref}) as (server, service, client):
        client.create(basket())   # the database (and its WAL) now hold a basket
        response = httpx.get(f"{server.url}/img/{SHIRT}")
        assert response.status_code == 404 and response.content == b""
        shown = httpx.get(f"{server.url}/img/{TROUSERS}")  # a real picture still shows
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
