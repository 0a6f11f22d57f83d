"""Size-request lifecycle on the mirror, with a fake clock and the in-memory bus."""

import pytest

from kiosk.errors import PayloadError
from kiosk.messaging import topics
from tests.support.messaging import GTIN, Store


def doc_of(store, request_id):
    return store.bus.retained(topics.request("s1", "womenswear", "m1", request_id))


def test_a_request_is_published_retained_with_expiry_and_shown_open():
    store = Store()
    rid = store.mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    published = store.bus.published[-1]
    assert published.retain and published.qos == 1 and published.expiry_s > 600
    assert doc_of(store, rid)["status"] == "open" and doc_of(store, rid)["size"] == "M"
    assert store.changes[-1].text == "Asking staff for M…"


def test_first_claim_wins_and_both_handhelds_see_the_winner():
    store = Store()
    anna, ben = store.handheld("anna", "Anna"), store.handheld("ben", "Ben")
    rid = store.mirror.request(GTIN, "M")
    anna.claim(rid)
    ben.claim(rid)
    assert store.changes[-1].text == "Anna is bringing M"
    assert doc_of(store, rid)["claimed_by"] == {"id": "anna", "name": "Anna"}
    assert [v.claimed_by for v in anna.visible()] == ["Anna"]
    assert ben.visible()[0].claimed_by == "Anna"
    assert store.mirror.stats["lost_races"] == 1


def test_done_by_the_claimer_delivers_and_the_doc_is_deleted_after_lingering():
    store = Store()
    anna = store.handheld("anna", "Anna")
    rid = store.mirror.request(GTIN, "L")
    anna.claim(rid)
    anna.done(rid)
    assert store.mirror.get(rid).status == "delivered" and anna.visible() == []
    store.clock.advance(31)
    store.mirror.tick()
    assert doc_of(store, rid) is None and store.mirror.get(rid) is None


def test_done_from_someone_else_is_refused():
    store = Store()
    anna, ben = store.handheld("anna", "Anna"), store.handheld("ben", "Ben")
    rid = store.mirror.request(GTIN, "S")
    anna.claim(rid)
    ben.done(rid)
    assert store.mirror.get(rid).status == "claimed"


def test_unclaimed_requests_escalate_up_the_ladder_then_expire():
    store = Store()
    lead = store.handheld("lea", "Léa", zone=None, role="floor_lead")
    rid = store.mirror.request(GTIN, "M")
    assert lead.visible() == []
    store.clock.advance(59)
    store.mirror.tick()
    assert store.mirror.get(rid).escalation == 0
    store.clock.advance(1)
    store.mirror.tick()
    assert (store.mirror.get(rid).escalation, store.mirror.get(rid).notify) == (1, "floor_lead")
    assert [v.id for v in lead.visible()] == [rid]
    store.clock.advance(120)
    store.mirror.tick()
    assert store.mirror.get(rid).notify == "manager"
    store.clock.advance(420)
    store.mirror.tick()
    assert store.mirror.get(rid).status == "expired" and lead.visible() == []


def test_a_claimed_request_does_not_escalate():
    store = Store()
    anna = store.handheld("anna", "Anna")
    rid = store.mirror.request(GTIN, "M")
    anna.claim(rid)
    store.clock.advance(200)
    store.mirror.tick()
    assert store.mirror.get(rid).escalation == 0


def test_the_shopper_cancels_and_handhelds_drop_it():
    store = Store()
    anna = store.handheld("anna", "Anna")
    rid = store.mirror.request(GTIN, "M")
    assert store.mirror.cancel(rid) and not store.mirror.cancel(rid)
    assert anna.visible() == [] and store.changes[-1].status == "cancelled"


def test_claims_for_unknown_ids_and_garbage_are_counted_not_fatal():
    store = Store()
    store.mirror.request(GTIN, "M")
    claim = topics.claim("s1", "womenswear", "m1", "nope", "x")
    store.bus.publish(claim, {"v": 1, "ts": 1, "staff": {"id": "x", "name": "X"}})
    store.bus.publish(topics.claim("s1", "womenswear", "m1", "r2", "x"), {"v": 2, "staff": "x"})
    store.bus.publish(topics.claim("s1", "womenswear", "m1", "r3", "x"), None)
    assert store.mirror.stats["bad_payloads"] == 2
    store.clock.advance(31)  # held in case a restart's re-adoption is late, then dropped
    store.mirror.tick()
    assert store.mirror.stats["unknown_ids"] == 1
    assert store.bus.handler_errors == 0


def test_a_roster_refuses_unknown_staff_and_supplies_display_names():
    store = Store()
    store.mirror.roster = {"anna": "Anna K."}
    rid = store.mirror.request(GTIN, "M")
    store.handheld("mallory", "Mallory").claim(rid)
    assert store.mirror.get(rid).status == "open" and store.mirror.stats["unknown_staff"] == 1
    store.handheld("anna", "whatever").claim(rid)
    assert store.mirror.get(rid).claimed_by == "Anna K."


@pytest.mark.parametrize("gtin,size", [("12", "M"), (GTIN, ""), (GTIN, "M" * 40)])
def test_bad_requests_from_the_ui_raise_payload_errors_and_send_nothing(gtin, size):
    store = Store()
    with pytest.raises(PayloadError):
        store.mirror.request(gtin, size)
    assert store.bus.published == []


def test_a_restarted_mirror_readopts_its_unfinished_requests():
    store = Store()
    rid = store.mirror.request(GTIN, "M")
    from kiosk.messaging.requests import SizeRequests
    again = SizeRequests(store.bus, store="s1", mirror="m1", zone="womenswear",
                         clock=store.clock).start()
    assert again.get(rid).status == "open"
    store.handheld("anna", "Anna").claim(rid)
    assert again.get(rid).status == "claimed"


def test_handhelds_ignore_stale_revisions():
    store = Store()
    anna = store.handheld("anna", "Anna")
    rid = store.mirror.request(GTIN, "M")
    anna.claim(rid)
    first = store.bus.published[0]
    store.bus.publish(first.topic, first.payload, retain=True)  # a late resend of revision 0
    assert anna.visible()[0].status == "claimed"


def test_a_claim_heard_before_readoption_is_replayed_not_lost():
    store = Store()
    rid = store.mirror.request(GTIN, "M")
    from kiosk.messaging.requests import SizeRequests
    again = SizeRequests(store.bus, store="s1", mirror="m1", zone="womenswear", clock=store.clock)
    again.on_claim(topics.claim("s1", "womenswear", "m1", rid, "anna"),
                   {"v": 1, "ts": 1, "staff": {"id": "anna", "name": "Anna"}})
    again.start()  # the retained doc comes back: adopted, then the held claim applies
    assert again.get(rid).status == "claimed" and again.get(rid).claimed_by == "Anna"


def test_two_mirrors_in_a_zone_each_decide_only_their_own_requests():
    store = Store()
    from kiosk.messaging.requests import SizeRequests
    other = SizeRequests(store.bus, store="s1", mirror="m2", zone="womenswear",
                         clock=store.clock).start()
    mine, theirs = store.mirror.request(GTIN, "M"), other.request(GTIN, "L")
    anna = store.handheld("anna", "Anna")
    anna.claim(theirs)
    assert other.get(theirs).status == "claimed" and store.mirror.get(theirs) is None
    assert store.mirror.get(mine).status == "open"
    store.clock.advance(31)
    store.mirror.tick()
    assert store.mirror.stats["unknown_ids"] == 0  # not held, not counted: simply not ours


def forged_doc(store, **changes):
    """A doc claiming to be m1's, as the probe published it with another mirror's login."""
    now = store.clock()
    return {"v": 1, "ts": now, "id": "f0rged", "store": "s1", "mirror": "m1", "zone": "womenswear",
            "product": {"gtin": GTIN}, "size": "XXL", "created": now, "expires": now + 600} | changes


def test_a_forged_doc_with_an_unpackable_expiry_never_stops_the_mirror():
    store = Store()
    forged = forged_doc(store, expires=store.clock() + 2**32 + 10)
    store.bus.publish(topics.request("s1", "womenswear", "m1", "f0rged"), forged, retain=True)
    from kiosk.messaging.requests import SizeRequests
    again = SizeRequests(store.bus, store="s1", mirror="m1", zone="womenswear", policy=store.mirror.policy,
                         clock=store.clock).start()  # a restart re-adopts from retained docs
    assert again.get("f0rged") is None and again.stats["bad_payloads"] == 1
    store.clock.advance(120)
    again.tick()  # escalating the forged doc used to publish an expiry of 2**32 + 600 s
    rid = again.request(GTIN, "M")
    assert store.bus.published[-1].expiry_s < 24 * 3600 and doc_of(store, rid)["status"] == "open"


def test_a_doc_on_another_mirrors_topic_claiming_to_be_ours_is_ignored_everywhere():
    store = Store()
    anna = store.handheld("anna", "Anna")
    rid = store.mirror.request(GTIN, "M")
    store.bus.publish(topics.request("s1", "womenswear", "m2", "f0rged"), forged_doc(store), retain=True)
    store.bus.publish(topics.request("s1", "womenswear", "m2", rid), forged_doc(store, id=rid), retain=True)
    store.bus.publish(topics.request("s1", "womenswear", "m2", rid), None, retain=True)  # "delete" it
    assert store.mirror.get("f0rged") is None
    assert [(v.id, v.size) for v in anna.visible()] == [(rid, "M")]
    assert anna.ignored == 2  # both forgeries are counted; the empty delete simply does nothing


def test_a_claim_is_heard_only_from_the_staff_login_in_its_topic():
    store = Store()
    rid = store.mirror.request(GTIN, "XL")
    as_anna = {"v": 1, "ts": store.clock(), "staff": {"id": "anna", "name": "Anna"}}
    store.bus.publish(topics.claim("s1", "womenswear", "m1", rid, "mallory"), as_anna)
    assert store.mirror.get(rid).status == "open" and store.mirror.stats["bad_payloads"] == 1
    store.bus.publish(topics.claim("s1", "womenswear", "m1", rid, "anna"), as_anna)
    assert store.mirror.get(rid).claimed_by == "Anna"
