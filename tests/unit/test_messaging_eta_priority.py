"""Issue 19: the claimer's estimate counts down on the mirror's clock ("Anna, about 2 min" ->
"about 1 min"), and the shopper's "Ask again" raises the request's priority (contract 1.3),
bounded, on open requests only.  Fake clock, in-memory bus."""

from kiosk.messaging.payloads import MAX_PRIORITY
from tests.support.messaging import GTIN, Store


def test_the_estimate_counts_down_on_the_mirror_clock():
    store = Store()
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(GTIN, "M", "navy")
    anna.claim(request_id)
    anna.progress(request_id, "on_my_way", 120)
    assert store.mirror.get(request_id).text == "Anna, about 2 min"
    store.clock.advance(29)
    assert store.mirror.get(request_id).text == "Anna, about 2 min"
    store.clock.advance(31)
    view = store.mirror.get(request_id)
    assert (view.eta_s, view.text) == (60, "Anna, about 1 min")
    store.clock.advance(600)  # late: never "0 min", never negative
    view = store.mirror.get(request_id)
    assert (view.eta_s, view.text) == (0, "Anna, about 1 min")


def test_a_new_estimate_starts_its_own_countdown():
    store = Store()
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(GTIN, "M")
    anna.claim(request_id)
    anna.progress(request_id, "on_my_way", 60)
    store.clock.advance(50)
    anna.progress(request_id, "on_my_way", 300)
    assert store.mirror.get(request_id).text == "Anna, about 5 min"


def test_ask_again_raises_priority_bounded_and_only_while_open():
    store = Store()
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(GTIN, "M")
    for expected in range(1, MAX_PRIORITY + 1):
        assert store.mirror.ask_again(request_id)
        assert anna.visible()[0].priority == expected  # every handheld sees it in the doc
    assert not store.mirror.ask_again(request_id)  # bounded
    assert store.mirror.get(request_id).priority == MAX_PRIORITY
    anna.claim(request_id)
    other = store.mirror.request(GTIN, "L")
    anna.claim(other)
    assert not store.mirror.ask_again(other)  # already claimed: nothing to raise
    assert not store.mirror.ask_again("no-such-request")
