"""Issue #14 (2): a shopper waiting in the cubicle for a size was forgotten.  The open request
belongs to the room: it holds a touch-only session; with the camera on, presence alone decides
and the wipe cancels the request so staff are told.  Fake clocks throughout."""

import json

from kiosk.messaging import topics
from kiosk.room_request import RoomRequest
from kiosk.session import Session, SessionTimings, State
from tests.support.messaging import GTIN, Store

FORGET_S = 30.0
PRESENCE_LAG_S = 5.0


def room(camera_on: bool):
    session = Session(SessionTimings(leave_grace_s=3, forget_after_s=FORGET_S, idle_s=90,
                                     presence_lag_s=PRESENCE_LAG_S), camera_on=camera_on)
    wiped, cancelled = [], []
    session.on_wipe(lambda: wiped.append(True))
    return session, RoomRequest(session, cancelled.append), wiped, cancelled


def tick_every_second(session: Session, start: float, end: float) -> None:
    for second in range(int(start), int(end) + 1):
        session.tick(float(second))


def test_camera_off_an_open_request_keeps_the_session_and_brings_its_status_back():
    session, request, wiped, cancelled = room(camera_on=False)
    session.touch(0)
    request.opened("r1")
    assert not request.status_due(89)
    tick_every_second(session, 1, 300)  # five minutes in the cubicle, nobody touches
    assert session.state is State.ENGAGED and not wiped and not cancelled
    assert request.status_due(300)


def test_camera_off_a_delivered_request_restarts_the_idle_timer_then_wipes():
    session, request, wiped, cancelled = room(camera_on=False)
    session.touch(0)
    request.opened("r1")
    tick_every_second(session, 1, 300)
    request.changed("r1", "claimed", 120)
    assert session.state is State.ENGAGED
    request.changed("r1", "delivered", 300)
    assert not request.is_open and not request.status_due(400)
    tick_every_second(session, 301, 389)
    assert session.state is State.ENGAGED  # the full idle time again, from the delivery
    session.tick(390)
    assert session.state is State.LEAVING and not wiped
    tick_every_second(session, 391, 300 + 90 + FORGET_S - 3)
    assert wiped and session.state is State.ATTRACT
    assert cancelled == []  # delivered: nothing to tell staff


def test_another_requests_end_does_not_release_the_room():
    session, request, wiped, _ = room(camera_on=False)
    session.touch(0)
    request.opened("r2")
    request.changed("r1", "expired", 10)
    tick_every_second(session, 11, 200)
    assert session.state is State.ENGAGED and request.is_open


def test_camera_on_an_empty_room_is_wiped_within_forget_after_s_and_the_request_cancelled():
    session, request, wiped, cancelled = room(camera_on=True)
    session.presence(True, 0)
    request.opened("r1")
    session.presence(True, 10)  # last frame the shopper is in (debounced: lag later)
    left = 10 - PRESENCE_LAG_S
    tick_every_second(session, 11, left + FORGET_S)
    assert wiped and session.state is State.ATTRACT
    assert cancelled == ["r1"] and not request.is_open


def test_the_next_shopper_is_not_held_by_the_last_ones_request():
    session, request, wiped, _ = room(camera_on=False)
    session.touch(0)
    request.opened("r1")
    session.end(5)
    wiped.clear()
    session.touch(10)
    tick_every_second(session, 11, 10 + 90 + FORGET_S)
    assert wiped and session.state is State.ATTRACT


def test_staff_see_the_request_cancelled_when_the_room_empties():
    store = Store()
    anna = store.handheld("anna", "Anna")
    session = Session(SessionTimings(forget_after_s=FORGET_S), camera_on=True)
    request = RoomRequest(session, store.mirror.cancel)
    session.presence(True, 0)
    rid = store.mirror.request(GTIN, "L")
    request.opened(rid)
    assert [v.id for v in anna.visible()] == [rid]
    tick_every_second(session, 1, FORGET_S)
    assert session.state is State.ATTRACT
    topic = topics.request("s1", "womenswear", "m1", rid)
    doc = store.bus.retained(topic)
    assert doc["status"] == "cancelled" and anna.visible() == []
    store.clock.advance(600)
    for _ in range(3):
        store.mirror.tick()  # no escalation to the manager for a room nobody is in
    docs = [json.loads(p.raw) for p in store.bus.published if p.topic == topic and p.raw]
    assert docs[-1]["status"] == "cancelled" and max(d["escalation"] for d in docs) == 0
