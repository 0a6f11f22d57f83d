"""The mirror's "Send to my phone" state machine, on a fake clock."""

from __future__ import annotations

from kiosk.errors import HandoffError
from kiosk.handoff.client import Handoff
from kiosk.handoff.flow import HandoffFlow, HandoffSender, Phase, subscribe_claimed
from kiosk.handoff.qr import qr_matrix
from kiosk.messaging.bus import InMemoryBus

URL = "http://192.168.1.20:8088/h/" + "A" * 44


def handoff(expires_at: float = 180.0, token_hash: str = "a" * 64) -> Handoff:
    return Handoff(URL, "192.168.1.20:8088", expires_at, token_hash, qr_matrix(URL))


def showing(flow: HandoffFlow) -> HandoffFlow:
    assert flow.tap(0.0)
    flow.created(handoff(), 0.1)
    return flow


def test_created_shows_the_qr_with_a_countdown_then_expires_unopened():
    flow = showing(HandoffFlow())
    view = flow.view(60.0)
    assert view.phase is Phase.SHOWING and view.seconds_left == 120 and view.handoff.domain
    flow.tick(180.0)
    assert flow.view().phase is Phase.EXPIRED and flow.view().handoff is None
    assert flow.tap(181.0) and flow.phase is Phase.SENDING   # "Send to my phone" again


def test_a_code_opened_on_the_phone_never_reads_as_expired():
    """Issue #14: opened 2 s after the QR appeared, thanked for 6 s, then "The code has
    expired".  The thanks end in idle (back to the basket), whatever the token's lifetime."""
    flow = showing(HandoffFlow(thanks_s=6))
    flow.claimed("a" * 64, 2.0)
    phases = set()
    for second in range(3, 400):
        flow.tick(float(second))
        phases.add(flow.phase)
    assert phases == {Phase.OPENED, Phase.IDLE}


def test_opened_on_the_phone_clears_the_qr_and_thanks_then_idles():
    flow = showing(HandoffFlow(thanks_s=5))
    flow.claimed("b" * 64, 1.0)            # another mirror's / an old token: ignored
    assert flow.phase is Phase.SHOWING
    flow.claimed("a" * 64, 2.0)
    assert flow.phase is Phase.OPENED and flow.view().handoff is None
    flow.tick(6.9)
    assert flow.phase is Phase.OPENED
    flow.tick(7.0)
    assert flow.phase is Phase.IDLE


def test_shopper_leaving_clears_at_once_and_a_late_answer_is_dropped():
    flow = HandoffFlow()
    flow.tap(0.0)
    flow.shopper_left(0.5)
    flow.created(handoff(), 0.6)
    assert flow.phase is Phase.IDLE and flow.view().handoff is None
    showing(flow).shopper_left(1.0)
    assert flow.phase is Phase.IDLE


def test_unreachable_service_shows_failure_and_allows_retry_never_a_qr():
    flow = HandoffFlow()
    flow.tap(0.0)
    flow.failed(HandoffError("service unreachable"), 2.0)
    view = flow.view()
    assert view.phase is Phase.FAILED and view.handoff is None and "unreachable" in view.error
    assert flow.tap(3.0) and flow.phase is Phase.SENDING


def test_double_tap_does_not_send_twice():
    flow = HandoffFlow()
    assert flow.tap(0.0) and not flow.tap(0.1)


def test_claimed_messages_from_the_bus_reach_the_callback():
    bus, seen = InMemoryBus(), []
    subscribe_claimed(bus, "demo-store", "mirror-1", seen.append)
    bus.publish("retail/v1/demo-store/handoff/mirror-1/claimed",
                {"v": 1, "ts": 1.0, "mirror": "mirror-1", "token": "c" * 64})
    bus.publish("retail/v1/demo-store/handoff/mirror-1/claimed", {"v": 2, "garbage": True})
    assert seen == ["c" * 64]


def test_sender_reports_errors_through_the_callback():
    class Down:
        def create(self, _basket, _language=None):
            raise HandoffError("unreachable")

    results = []
    sender = HandoffSender(Down())

    class Basket:
        lines = ()

    sender.send(Basket(), results.append)
    sender.close()
    assert isinstance(results[0], HandoffError)
