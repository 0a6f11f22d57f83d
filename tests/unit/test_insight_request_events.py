"""Size-request lifecycle (the messaging SizeRequests + a handheld, on the in-memory bus)
turned into insight events by RequestEvents."""

from __future__ import annotations

from kiosk.insight.recorder import EventRecorder
from kiosk.insight.request_events import RequestEvents
from kiosk.insight.store import EventStore
from kiosk.messaging.views import RequestView
from tests.support.messaging import GTIN, Store

VISIT = "00000000000000aa"


def wired() -> tuple[Store, EventRecorder, RequestEvents]:
    store = Store()
    recorder = EventRecorder(EventStore(":memory:"), store_id="s1", mirror_id="m1",
                             zone="womenswear", bus=store.bus, clock=store.clock)
    adapter = RequestEvents(recorder, visit_of=lambda: VISIT, clock=store.clock)
    store.mirror.on_change = adapter
    return store, recorder, adapter


def kinds(recorder: EventRecorder) -> list[tuple[str, float | None]]:
    return [(r.kind, r.elapsed_s) for r in recorder.log.rows()]


def test_request_claim_delivery_become_events_with_times_from_the_request():
    store, recorder, _ = wired()
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(GTIN, "M", "navy", product_name="Oxford shirt")
    store.clock.advance(42)
    anna.claim(request_id)
    store.clock.advance(60)
    anna.done(request_id)
    assert kinds(recorder) == [("size_requested", None), ("size_claimed", 42.0),
                               ("size_delivered", 102.0)]
    requested = recorder.log.rows()[0]
    assert (requested.visit, requested.gtin, requested.size, requested.colourway) == (
        VISIT, GTIN, "M", "navy")
    assert recorder.live.open_requests == 0 and recorder.live.median_response_s() == 42.0


def test_expiry_and_escalation_updates():
    store, recorder, _ = wired()
    store.mirror.request(GTIN, "L")
    for _ in range(12):  # escalations at 60 s and 180 s, expiry at 600 s
        store.clock.advance(60)
        store.mirror.tick()
    assert kinds(recorder) == [("size_requested", None), ("size_expired", 600.0)]


def test_a_re_adopted_request_is_not_counted_twice():
    store, recorder, adapter = wired()
    request_id = store.mirror.request(GTIN, "S")
    view = store.mirror.get(request_id)
    adapter(view)  # the same view again, as after a restart
    assert [k for k, _ in kinds(recorder)] == ["size_requested"]


def test_an_unrecordable_view_is_skipped_not_raised():
    store, recorder, adapter = wired()
    odd = RequestView("r9", "open", "XL; tall!", "", GTIN, "", "", "womenswear", None, 0,
                      "zone", store.clock(), 0)
    adapter(odd)
    assert adapter.skipped == 1 and recorder.log.count() == 0


def test_colour_names_that_are_not_colourway_tokens_are_dropped_not_fatal():
    store, recorder, adapter = wired()
    adapter(RequestView("r8", "open", "M", "#1f2a44", GTIN, "", "", "womenswear", None, 0,
                        "zone", store.clock(), 0))
    row = recorder.log.rows()[0]
    assert row.kind == "size_requested" and row.colourway is None
