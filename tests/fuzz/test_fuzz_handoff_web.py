"""The hand-off service faces phones on the internet: whatever path, body, cookie or form
arrives, it answers with a 2xx/3xx/4xx page, never a 5xx or a traceback."""

from __future__ import annotations

import string
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the suite ships
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from kiosk.handoff.web import create_app
from tests.support.handoff import make_keys, make_service

URL_TEXT = st.text(alphabet=string.ascii_letters + string.digits + "-_.~%!$&'()*+,;=:@", max_size=120)
FORM = st.dictionaries(st.sampled_from(["csrf", "fulfilment", "name", "email", "phone", "line1",
                                        "postcode", "city", "x"]) | st.text(max_size=10),
                       st.text(max_size=300), max_size=10)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def client(tmp_path):
    keys = make_keys()
    service = make_service(tmp_path, keys=keys)
    app = create_app(service, keys.mirror_keys, redeem_per_minute=100000)
    with TestClient(app, raise_server_exceptions=True, follow_redirects=False) as test_client:
        yield test_client
    service.db.close()


def ok(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])


@SETTINGS
@given(route=st.sampled_from(["/h/", "/order/", "/img/", "/basket", "/", "/static/"]), tail=URL_TEXT,
       cookie=st.text(alphabet=string.printable.strip(), max_size=80))
def test_any_get_path_and_session_cookie(client, route, tail, cookie):
    client.cookies.set("hs", cookie) if cookie else client.cookies.clear()
    ok(client.get(route + tail))


@SETTINGS
@given(body=st.binary(max_size=3000), headers=st.dictionaries(
    st.sampled_from(["X-Mirror", "X-Timestamp", "X-Signature", "Content-Type"]),
    st.text(alphabet=string.printable.strip(), max_size=80), max_size=4))
def test_any_mirror_api_post(client, body, headers):
    ok(client.post("/api/v1/handoffs", content=body, headers=headers))


@SETTINGS
@given(form=FORM, cookie=st.text(alphabet=string.ascii_letters + string.digits, max_size=40))
def test_any_checkout_form(client, form, cookie):
    client.cookies.set("hs", cookie)
    ok(client.post("/basket/checkout", data=form, headers={"Origin": "http://127.0.0.1:8088"}))
