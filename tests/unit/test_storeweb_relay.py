"""Claims from the staff pages: the same contract messages a handheld sends, attributed to
the signed-in associate; cross-zone, forged, replayed and out-of-turn actions refused."""

from __future__ import annotations

import json

import pytest

from kiosk.messaging import topics
from tests.support.messaging import GTIN
from tests.support.storeweb import StaffSite, csrf_of


@pytest.fixture
def site() -> StaffSite:
    return StaffSite()


def signed_in(site: StaffSite, staff_id: str):
    client = site.client()
    assert site.sign_in(client, staff_id).status_code == 303
    return client


def claims(site: StaffSite) -> list:
    return [p for p in site.store.bus.published if "/claim/" in p.topic]


def test_a_claim_is_the_handheld_contract_message_for_the_signed_in_associate(site):
    anna = signed_in(site, "anna")
    request_id = site.store.mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    assert site.act(anna, request_id, "claim").status_code == 202
    [sent] = claims(site)
    assert sent.topic == topics.claim("s1", "womenswear", "m1", request_id, "anna")
    assert sent.qos == 1 and not sent.retain
    assert sent.payload["staff"] == {"id": "anna", "name": "Anna"} and sent.payload["v"] == 1
    assert site.store.mirror.get(request_id).claimed_by == "Anna"


def test_the_page_lists_size_first_with_product_colour_room_and_actions(site):
    anna = signed_in(site, "anna")
    older = site.store.mirror.request(GTIN, "S", "white", product_name="Linen shirt")
    site.store.clock.advance(30)
    newer = site.store.mirror.request(GTIN, "L", "navy", product_name="Linen shirt")
    page = anna.get("/staff").text
    assert page.index(f'data-request-id="{newer}"') < page.index(f'data-request-id="{older}"')
    card = page[page.index(f'data-request-id="{newer}"'):page.index(f'data-request-id="{older}"')]
    assert card.index(">L<") < card.index("Linen shirt") < card.index("navy") < card.index("Fitting room 2")
    assert 'data-action="claim"' in card


def test_two_associates_race_and_the_mirror_takes_the_first(site):
    anna, li = signed_in(site, "anna"), signed_in(site, "li")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    li_token = csrf_of(li.get("/staff").text)  # Li's page still shows it open
    assert site.act(anna, request_id, "claim").status_code == 202
    late = site.act(li, request_id, "claim", csrf=li_token)
    assert late.status_code == 409  # Li's page already knows: nothing is sent
    assert len(claims(site)) == 1 and site.store.mirror.get(request_id).claimed_by == "Anna"
    assert "Anna is on it" in li.get("/staff").text


def test_simultaneous_claims_that_both_reach_the_bus_still_have_one_winner(site):
    """Two service replicas (or a page and a handheld) can both send: the mirror decides."""
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    feeds = site.web.relay._feeds
    feeds["li"].claim(request_id)
    feeds["anna"].claim(request_id)
    assert site.store.mirror.get(request_id).claimed_by == "Li"
    assert site.store.mirror.stats["lost_races"] == 1


def test_a_claim_for_another_zone_is_refused_and_nothing_is_sent(site, caplog):
    bob = signed_in(site, "bob")  # menswear
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")  # womenswear
    assert request_id not in bob.get("/staff").text
    answer = site.act(bob, request_id, "claim")
    assert answer.status_code == 404 and claims(site) == []
    assert "outside what they can see" in caplog.text


def test_forged_claims_without_session_or_token_send_nothing(site):
    anna = signed_in(site, "anna")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    assert site.act(site.client(), request_id, "claim", csrf="x").status_code == 401
    assert site.act(anna, request_id, "claim", csrf="not-the-token").status_code == 403
    no_header = anna.post(f"/staff/requests/{request_id}/claim", headers={"Accept": "application/json"})
    assert no_header.status_code == 403
    cross = anna.post(f"/staff/requests/{request_id}/claim",
                      headers={"Origin": "https://evil.example", "X-CSRF-Token": csrf_of(anna.get("/staff").text)})
    assert cross.status_code == 403
    assert claims(site) == [] and site.store.mirror.get(request_id).status == "open"


def test_form_fields_cannot_claim_as_someone_else(site):
    anna = signed_in(site, "anna")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    token = csrf_of(anna.get("/staff").text)
    anna.post(f"/staff/requests/{request_id}/claim", data={"csrf": token, "staff": "li", "staff_id": "li"})
    assert [json.loads(p.raw)["staff"]["id"] for p in claims(site)] == ["anna"]


def test_replayed_claim_and_out_of_turn_actions_are_refused(site):
    anna, li = signed_in(site, "anna"), signed_in(site, "li")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    assert site.act(li, request_id, "delivered").status_code == 409  # nobody claimed it yet
    site.act(anna, request_id, "claim")
    assert site.act(anna, request_id, "claim").status_code == 409     # replay
    assert site.act(li, request_id, "delivered").status_code == 409   # not Li's claim
    assert site.act(li, request_id, "on-my-way").status_code == 409
    assert site.act(li, request_id, "cannot-find").status_code == 409
    assert not [p for p in site.store.bus.published if "/progress/" in p.topic]  # nothing sent
    assert site.act(anna, request_id, "teleport").status_code == 404
    assert len(claims(site)) == 1 and site.store.mirror.get(request_id).status == "claimed"


def test_claim_on_my_way_and_delivered_close_the_request(site):
    anna, li = signed_in(site, "anna"), signed_in(site, "li")
    request_id = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    site.act(anna, request_id, "claim")
    assert site.act(anna, request_id, "on-my-way").status_code == 202
    assert "Anna is on the way" in li.get("/staff").text
    assert site.store.mirror.get(request_id).text == "Anna, about 2 min"  # contract 1.2 progress
    assert site.act(anna, request_id, "cannot-find").status_code == 202
    assert "Anna can&#39;t find it" in li.get("/staff").text
    assert site.store.mirror.get(request_id).progress == "cannot_find"
    [sent] = [p for p in site.store.bus.published if p.topic.endswith("/progress/anna")][-1:]
    assert sent.payload["staff"] == {"id": "anna", "name": "Anna"} and sent.qos == 1
    assert site.act(anna, request_id, "delivered").status_code == 202
    assert site.store.mirror.get(request_id).status == "delivered"
    assert request_id not in anna.get("/staff").text


def test_floor_lead_sees_other_zones_only_once_escalated(site):
    marc = signed_in(site, "marc")  # floor lead, home zone womenswear
    site.store.mirror.zone = "menswear"
    request_id = site.store.mirror.request(GTIN, "M", product_name="Chinos")
    assert request_id not in marc.get("/staff").text
    site.store.clock.advance(61)  # POLICY: floor lead after 60 s
    site.store.mirror.tick()
    page = marc.get("/staff").text
    assert request_id in page and "Escalated: floor lead" in page
    assert site.act(marc, request_id, "claim").status_code == 202


def test_malformed_and_forged_retained_docs_are_ignored(site, caplog):
    anna = signed_in(site, "anna")
    good = site.store.mirror.request(GTIN, "M", product_name="Linen shirt")
    bus = site.store.bus
    bus.publish(topics.request("s1", "womenswear", "m1", "bad1"), {"v": 1, "id": "bad1"}, retain=True)
    bus.publish(topics.request("s1", "womenswear", "m1", "bad2"), b"{not json", retain=True)
    doc = bus.retained(topics.request("s1", "womenswear", "m1", good))
    bus.publish(topics.request("s1", "womenswear", "m9", "forged"), doc | {"id": "forged"}, retain=True)
    page = anna.get("/staff")
    assert page.status_code == 200 and good in page.text
    assert "bad1" not in page.text and "forged" not in page.text
    assert "ignored request doc" in caplog.text
