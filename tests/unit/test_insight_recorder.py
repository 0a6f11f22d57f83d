"""EventStore + EventRecorder + EventCollector with the in-memory bus (the real broker is in
tests/integration/test_insight_mqtt.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.errors import PayloadError
from kiosk.insight.collect import EventCollector
from kiosk.insight.events import make_event, to_wire
from kiosk.insight.recorder import EventRecorder
from kiosk.insight.store import EventStore, InsightStoreError
from kiosk.messaging.bus import InMemoryBus

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC).timestamp()
EVENTS = "retail/v1/s1/mirror/m1/events"
STATS = "retail/v1/s1/mirror/m1/insight"
V1 = "0123456789abcdef"


class Clock:
    def __init__(self, now: float = NOW):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(tmp_path):
    store = EventStore(tmp_path / "events.sqlite3")
    yield store
    store.close()


def recorder(db, bus=None, clock=None) -> EventRecorder:
    return EventRecorder(db, store_id="s1", mirror_id="m1", zone="womenswear", bus=bus,
                         clock=clock or Clock())


def test_record_stores_publishes_and_marks_acked_events(db):
    bus = InMemoryBus()
    event = recorder(db, bus).record("session_engaged", visit=V1)
    sent = [p for p in bus.published if p.topic == EVENTS]
    assert [p.payload for p in sent] == [to_wire(event)] and sent[0].qos == 1
    assert not sent[0].retain
    assert db.count() == 1 and db.unpublished() == []


def test_a_personal_field_never_reaches_disk_or_bus(db):
    bus = InMemoryBus()
    with pytest.raises(PayloadError, match="'skin_tone' is not an anonymous event field"):
        recorder(db, bus).record("session_engaged", visit=V1, skin_tone="warm")
    assert db.count() == 0 and bus.published == []


def test_events_recorded_offline_are_sent_after_reconnect(db):
    bus = InMemoryBus(connected=False)
    rec = recorder(db)
    rec.attach(bus)
    rec.record("session_engaged", visit=V1)
    rec.record("item_scanned", visit=V1, gtin="2000000001111")
    assert len(db.unpublished()) == 2 and bus.topics(EVENTS) == []
    bus.set_connected(True)  # the connect listener resends
    assert len(bus.topics(EVENTS)) == 2 and db.unpublished() == []


def test_live_stats_follow_requests_and_are_published_retained(db):
    clock = Clock()
    bus = InMemoryBus()
    rec = recorder(db, bus, clock)
    for n, claim_s in enumerate((30, 60, 90)):
        rec.record("size_requested", visit=V1, request=f"r{n}", gtin="2000000001111", size="M")
        rec.record("size_claimed", request=f"r{n}", elapsed_s=claim_s)
    rec.record("size_delivered", request="r0", elapsed_s=120)
    assert bus.retained(STATS) | {"ts": 0} == {"v": 1, "ts": 0, "open_requests": 2,
                                               "median_response_s": 60.0}
    clock.now += 5 * 3600  # the median covers the last four hours only
    assert rec.live.median_response_s() is None and rec.live.open_requests == 2


def test_live_stats_survive_a_restart(db):
    rec = recorder(db)
    rec.record("size_requested", visit=V1, request="r1", gtin="2000000001111", size="M")
    rec.record("size_claimed", request="r1", elapsed_s=45)
    again = recorder(db)
    assert again.live.open_requests == 1 and again.live.median_response_s() == 45.0


def test_manager_status_snapshot(db):
    rec = recorder(db)
    rec.record("session_engaged", visit=V1)
    status = rec.manager_status(online=True, camera="running", catalogue_version="2026-11-20.1",
                                calibration="not calibrated", timezone="Europe/Paris")
    assert status.events_today == 1 and status.unpublished_events == 1
    assert ("Catalogue", "2026-11-20.1") in status.rows()


def test_a_failing_bus_is_counted_not_raised(db):
    class Broken:
        def publish(self, *args, **kwargs):
            raise RuntimeError("socket closed")

    rec = recorder(db, Broken())
    rec.record("session_engaged", visit=V1)
    assert rec.publish_failures >= 1 and db.count() == 1 and len(db.unpublished()) == 1


def test_retention_prunes_old_events_at_start(db):
    old = make_event("session_engaged", store="s1", mirror="m1", zone="womenswear", visit=V1,
                     ts=NOW - 500 * 86400)
    db.add(old)
    recorder(db)
    assert db.count() == 0


def test_store_is_idempotent_by_id(db):
    event = make_event("session_engaged", store="s1", mirror="m1", zone="w", visit=V1, ts=NOW)
    assert db.add(event) and not db.add(event) and db.count() == 1


def test_unwritable_database_is_a_kiosk_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InsightStoreError) as err:
        EventStore(tmp_path / "file" / "events.sqlite3")
    assert "data_dir" in err.value.fix
    (tmp_path / "garbage.sqlite3").write_text("not a database")
    with pytest.raises(InsightStoreError, match="file is not a database"):
        EventStore(tmp_path / "garbage.sqlite3")


def test_read_only_opening_never_touches_a_foreign_database(tmp_path):
    import sqlite3

    basket = tmp_path / "basket.sqlite3"
    with sqlite3.connect(basket) as db:
        db.execute("CREATE TABLE baskets (id TEXT)")
    before = basket.read_bytes()
    with pytest.raises(InsightStoreError, match="not an event database"):
        EventStore(basket, read_only=True)
    assert basket.read_bytes() == before
    events = EventStore(tmp_path / "events.sqlite3")
    events.add(make_event("session_engaged", store="s1", mirror="m1", zone="w", visit=V1, ts=NOW))
    events.close()
    reader = EventStore(tmp_path / "events.sqlite3", read_only=True)
    assert reader.count() == 1
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.add(make_event("session_engaged", store="s1", mirror="m1", zone="w", visit=V1,
                              ts=NOW + 1))
    reader.close()
    odd = tmp_path / "odd.sqlite3"
    with sqlite3.connect(odd) as db:  # an "events" table of some other shape
        db.executescript("CREATE TABLE events (x); CREATE TABLE product_names (y);")
    with pytest.raises(InsightStoreError, match="cannot read events"):
        EventStore(odd, read_only=True).rows()


def test_collector_stores_each_mirrors_events_once_and_refuses_impostors(db):
    bus = InMemoryBus()
    collector = EventCollector(db, bus, "s1").start()
    mirror_db = EventStore(":memory:")
    rec = recorder(mirror_db, bus)
    first = rec.record("session_engaged", visit=V1)
    bus.publish(EVENTS, to_wire(first))  # a QoS 1 resend
    forged = make_event("session_engaged", store="s1", mirror="m2", zone="w", visit=V1, ts=NOW)
    bus.publish(EVENTS, to_wire(forged))  # m2's event on m1's topic
    bus.publish("retail/v1/s1/mirror/m1/events", {"kind": "session_engaged", "face": [1, 2]})
    assert (collector.accepted, collector.duplicates, collector.rejected) == (1, 1, 2)
    assert [r.id for r in db.rows()] == [first.id]
    mirror_db.close()


def test_rows_window_is_half_open(db):
    t0 = datetime(2026, 11, 20, tzinfo=UTC)
    for minutes in (0, 30, 60):
        db.add(make_event("session_engaged", store="s1", mirror="m1", zone="w", visit=V1,
                          ts=t0 + timedelta(minutes=minutes)))
    assert len(db.rows(t0, t0 + timedelta(minutes=60))) == 2
