"""Contract 1.2: the claimer's "on my way" and "can't find it" reach the mirror's request
model (Qt-free), from the claimer only, bounded, and never changing the doc."""

import pytest

from kiosk.errors import PayloadError
from kiosk.messaging import topics
from kiosk.messaging.payloads import Progress, build
from tests.support.messaging import GTIN, Store


def progress_topic(request_id: str, staff: str = "anna") -> str:
    return topics.progress("s1", "womenswear", "m1", request_id, staff)


def payload(step: str = "on_my_way", staff: str = "anna", name: str = "Anna", **extra) -> dict:
    return {"v": 1, "ts": 1_800_000_000.0, "staff": {"id": staff, "name": name}, "step": step} | extra


@pytest.fixture
def claimed():
    store = Store()
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(GTIN, "M", "navy")
    anna.claim(request_id)
    return store, anna, request_id


def test_on_my_way_shows_the_name_and_minutes_on_the_mirror(claimed):
    store, anna, request_id = claimed
    revision = store.mirror.get(request_id).revision
    anna.progress(request_id, "on_my_way", 120)
    view = store.mirror.get(request_id)
    assert (view.progress, view.eta_s, view.text) == ("on_my_way", 120, "Anna, about 2 min")
    assert store.changes[-1] == view  # the screen hears it at once
    assert view.revision == revision  # the doc (every handheld's list) is unchanged


def test_cannot_find_is_recorded_and_drops_any_earlier_estimate(claimed):
    store, anna, request_id = claimed
    anna.progress(request_id, "on_my_way", 300)
    anna.progress(request_id, "cannot_find", 60)  # an estimate makes no sense here: ignored
    view = store.mirror.get(request_id)
    assert (view.progress, view.eta_s, view.status) == ("cannot_find", None, "claimed")
    assert view.text == "Anna could not find M"


def test_progress_from_someone_who_did_not_claim_is_refused(claimed):
    store, _anna, request_id = claimed
    ben = store.handheld("ben", "Ben")  # same zone: his list shows Anna's claim
    ben.progress(request_id, "cannot_find")
    assert store.mirror.get(request_id).progress is None
    assert store.mirror.stats["out_of_turn"] == 1


def test_progress_before_any_claim_is_refused():
    store = Store()
    request_id = store.mirror.request(GTIN, "S")
    store.bus.publish(progress_topic(request_id), payload())
    assert store.mirror.get(request_id).progress is None and store.mirror.stats["out_of_turn"] == 1


def test_a_forged_sender_a_bad_step_or_an_unbounded_eta_is_dropped(claimed):
    store, _anna, request_id = claimed
    for topic, bad in (
        (progress_topic(request_id, "ben"), payload()),              # payload says anna, login ben
        (progress_topic(request_id), payload(step="delivered")),     # not a progress step
        (progress_topic(request_id), payload(eta_s=10**9)),          # beyond 30 minutes
        (progress_topic(request_id), payload(eta_s=True)),           # JSON true is not a number
        (progress_topic(request_id), payload(eta_s=-5)),
        (progress_topic(request_id), payload(name="x" * 41)),
        (progress_topic(request_id), None),
    ):
        store.bus.publish(topic, bad)
    assert store.mirror.get(request_id).progress is None
    assert store.mirror.stats["bad_payloads"] == 7


def test_a_replayed_older_on_my_way_does_not_hide_a_newer_cannot_find(claimed):
    store, _anna, request_id = claimed
    store.bus.publish(progress_topic(request_id), payload("cannot_find", ts=1_800_000_100.0))
    store.bus.publish(progress_topic(request_id), payload("on_my_way", eta_s=60, ts=1_800_000_050.0))
    assert store.mirror.get(request_id).progress == "cannot_find"


def test_progress_for_another_mirrors_request_never_reaches_this_one(claimed):
    store, _anna, request_id = claimed
    store.bus.publish(topics.progress("s1", "womenswear", "m2", request_id, "anna"), payload())
    assert store.mirror.get(request_id).progress is None


def test_a_progress_that_overtakes_the_restarted_mirrors_doc_is_held_then_applied(claimed):
    store, _anna, request_id = claimed
    doc = store.bus.retained(topics.request("s1", "womenswear", "m1", request_id))
    restarted = Store(clock=store.clock)
    restarted.bus.publish(progress_topic(request_id), payload(eta_s=180))  # before the doc
    restarted.bus.publish(topics.request("s1", "womenswear", "m1", request_id), doc, retain=True)
    assert restarted.mirror.get(request_id).eta_s == 180


def test_the_payload_model_refuses_what_the_mirror_would_refuse():
    with pytest.raises(PayloadError):
        build(Progress, staff={"id": "anna", "name": "Anna"}, step="on_my_way", eta_s=1801)
    assert build(Progress, staff={"id": "anna", "name": "Anna"}, step="cannot_find").eta_s is None
