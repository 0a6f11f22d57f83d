"""Issue 19: who is alerted is decided by the service.  An open request rings first for the
zone's associates who are signed in and free (not carrying a claimed request); once the
widening step passes with nobody free claiming it, or when nobody is free, or when the
shopper asks again (priority, contract 1.3), every signed-in associate of the zone; floor
leads once it escalates.  And "On my way" carries the associate's pick of 1, 2 or 5 min."""

from __future__ import annotations

import pytest

from kiosk.storeweb.pages import items
from tests.support.messaging import GTIN
from tests.support.storeweb import StaffSite, csrf_of


@pytest.fixture
def site() -> StaffSite:
    return StaffSite()


def on_shift(site: StaffSite, *staff_ids: str) -> dict:
    clients = {}
    for staff_id in staff_ids:
        clients[staff_id] = site.client()
        assert site.sign_in(clients[staff_id], staff_id).status_code == 303
    return clients


def rings(site: StaffSite, staff_id: str, request_id: str) -> bool:
    account = site.web.accounts.get(staff_id)
    [item] = [i for i in items(site.web, account) if i["id"] == request_id] or [{"alert": False}]
    return item["alert"]


def carrying(site: StaffSite, client, staff_id: str) -> str:
    """``staff_id`` claims a request of their own: they are busy."""
    request_id = site.store.mirror.request(GTIN, "S")
    assert site.act(client, request_id, "claim").status_code == 202
    return request_id


def test_free_associates_first_then_the_whole_zone_after_the_step(site):
    staff = on_shift(site, "anna", "li", "marc", "bob")
    carrying(site, staff["anna"], "anna")
    request_id = site.store.mirror.request(GTIN, "M", "navy")
    assert rings(site, "li", request_id) and not rings(site, "anna", request_id)
    assert not rings(site, "bob", request_id) and not rings(site, "marc", request_id)
    assert site.web.relay.widen_after_s == 45.0  # half the floor lead's 90 s
    site.store.clock.advance(44)
    assert not rings(site, "anna", request_id)
    site.store.clock.advance(1)  # nobody free claimed it in time: the whole zone
    assert rings(site, "anna", request_id) and rings(site, "li", request_id)
    assert not rings(site, "marc", request_id) and not rings(site, "bob", request_id)


def test_nobody_free_means_everyone_in_the_zone_at_once(site):
    staff = on_shift(site, "anna", "li")
    carrying(site, staff["anna"], "anna")
    carrying(site, staff["li"], "li")
    request_id = site.store.mirror.request(GTIN, "M")
    assert rings(site, "anna", request_id) and rings(site, "li", request_id)


def test_only_signed_in_associates_count_as_free(site):
    staff = on_shift(site, "anna")  # li is not on shift: she cannot take it
    carrying(site, staff["anna"], "anna")
    request_id = site.store.mirror.request(GTIN, "M")
    assert rings(site, "anna", request_id)
    on_shift(site, "li")
    assert rings(site, "li", request_id) and not rings(site, "anna", request_id)


def test_a_signed_out_associate_is_no_longer_routed_to(site):
    staff = on_shift(site, "anna", "li")
    carrying(site, staff["anna"], "anna")
    page = staff["li"].get("/staff").text
    staff["li"].post("/staff/signout", data={"csrf": csrf_of(page)})
    request_id = site.store.mirror.request(GTIN, "M")
    assert rings(site, "anna", request_id)


def test_the_shoppers_second_tap_rings_the_zone_and_goes_on_top(site):
    staff = on_shift(site, "anna", "li")
    carrying(site, staff["anna"], "anna")
    older = site.store.mirror.request(GTIN, "M")
    site.store.clock.advance(5)
    newer = site.store.mirror.request(GTIN, "L")
    account = site.web.accounts.get("li")
    assert [i["id"] for i in items(site.web, account) if i["status"] == "open"] == [newer, older]
    assert not rings(site, "anna", older)
    assert site.store.mirror.ask_again(older)
    listed = [i for i in items(site.web, account) if i["status"] == "open"]
    assert [i["id"] for i in listed] == [older, newer] and listed[0]["priority"] == 1
    assert rings(site, "anna", older) and rings(site, "li", older)


def test_floor_lead_rings_once_it_escalates(site):
    on_shift(site, "anna", "marc")
    request_id = site.store.mirror.request(GTIN, "M")
    assert not rings(site, "marc", request_id)
    site.store.clock.advance(61)  # tests' policy: floor lead after 60 s
    site.store.mirror.tick()
    assert rings(site, "marc", request_id)


@pytest.mark.parametrize("eta, text", [("1", "Anna, about 1 min"), ("2", "Anna, about 2 min"),
                                       ("5", "Anna, about 5 min"), (None, "Anna, about 2 min")])
def test_on_my_way_carries_the_associates_pick(site, eta, text):
    anna = on_shift(site, "anna")["anna"]
    request_id = site.store.mirror.request(GTIN, "M")
    site.act(anna, request_id, "claim")
    action = "on-my-way" + (f"?eta={eta}" if eta else "")
    assert site.act(anna, request_id, action).status_code == 202
    assert site.store.mirror.get(request_id).text == text
    [item] = [i for i in items(site.web, site.web.accounts.get("anna")) if i["id"] == request_id]
    assert item["note"]["eta_min"] == int(eta or 2)


@pytest.mark.parametrize("action", ["on-my-way?eta=3", "on-my-way?eta=0", "on-my-way?eta=60",
                                    "on-my-way?eta=x", "on-my-way?eta=-1", "on-my-way?eta=%D9%A3",
                                    "claim?eta=2", "cannot-find?eta=1", "on-my-way?eta=99999999999"])
def test_an_estimate_outside_the_picks_is_refused(site, action, caplog):
    anna = on_shift(site, "anna")["anna"]
    request_id = site.store.mirror.request(GTIN, "M")
    site.act(anna, request_id, "claim")
    progress = [p for p in site.store.bus.published if "/progress/" in p.topic]
    assert site.act(anna, request_id, action).status_code == 400
    assert [p for p in site.store.bus.published if "/progress/" in p.topic] == progress
    assert site.store.mirror.get(request_id).eta_s is None
    assert "estimate" in caplog.text
