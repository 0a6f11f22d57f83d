"""The durable outbox: on disk before publishing, sent only on ack, resent after a crash."""

import sqlite3

import pytest

from kiosk.errors import MessagingError
from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.outbox import DurableBus, Outbox
from tests.support.messaging import FakeClock


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3", clock=FakeClock())
    yield box
    box.close()


def test_rows_are_pending_until_acked_and_ids_are_idempotent(outbox):
    assert outbox.add("a", "t/1", b"{}")
    assert not outbox.add("a", "t/1", b"{}")
    assert [r.msg_id for r in outbox.pending()] == ["a"]
    outbox.mark("a", "sent")
    assert outbox.pending() == [] and outbox.counts() == {"sent": 1}


def test_a_newer_retained_message_supersedes_older_unsent_ones(outbox):
    outbox.add("a", "doc/1", b'{"r":0}', retain=True)
    outbox.add("b", "doc/1", b'{"r":1}', retain=True)
    outbox.add("c", "doc/2", b'{"r":0}', retain=True)
    assert [r.msg_id for r in outbox.pending()] == ["b", "c"]


def test_expired_rows_are_not_resent(outbox):
    outbox.add("a", "t/1", b"{}", expiry_s=10)
    outbox.clock.advance(11)
    assert outbox.pending() == [] and outbox.counts() == {"expired": 1}


def test_an_outage_then_reconnect_sends_every_row_once(tmp_path):
    bus = InMemoryBus(connected=False)
    durable = DurableBus(bus, Outbox(tmp_path / "o.sqlite3"))
    for n in range(3):
        durable.publish(f"t/{n}", {"n": n})
    assert bus.published == [] and len(durable.outbox.pending()) == 3
    bus.set_connected(True)  # paho's memory queue goes out; flush skips those in flight
    assert sorted(bus.topics()) == ["t/0", "t/1", "t/2"] and durable.outbox.pending() == []


def test_a_crash_loses_paho_memory_but_the_next_start_resends_from_disk(tmp_path):
    path = tmp_path / "o.sqlite3"
    crashed = DurableBus(InMemoryBus(connected=False), Outbox(path))
    crashed.publish("t/1", {"n": 1})
    crashed.outbox.close()  # the process dies here: its bus and memory queue are gone
    bus = InMemoryBus()
    restarted = DurableBus(bus, Outbox(path))
    assert restarted.flush() == 1 and bus.topics() == ["t/1"] and restarted.outbox.pending() == []


def test_a_refused_publish_is_recorded_and_not_retried(tmp_path):
    class RefusingBus(InMemoryBus):
        def publish(self, topic, payload, qos=1, retain=False, *, expiry_s=None, on_ack=None):
            on_ack(False)

    durable = DurableBus(RefusingBus(), Outbox(tmp_path / "o.sqlite3"))
    durable.publish("forbidden", {"x": 1})
    assert durable.outbox.counts() == {"refused": 1} and durable.flush() == 0


def test_the_outbox_survives_on_disk_with_wal_and_full_sync(outbox):
    outbox.add("a", "t/1", b"{}")
    with sqlite3.connect(outbox.path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("SELECT msg_id FROM outbox").fetchall() == [("a",)]


def test_an_unwritable_outbox_is_a_messaging_error_with_a_fix(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(MessagingError) as err:
        Outbox(blocker / "outbox.sqlite3")
    assert err.value.fix and str(blocker) in str(err.value)


def test_a_failing_disk_is_a_messaging_error_and_nothing_is_published(tmp_path):
    bus = InMemoryBus()
    durable = DurableBus(bus, Outbox(tmp_path / "o.sqlite3"))
    durable.outbox.close()  # stands in for a disk that stopped accepting writes
    with pytest.raises(MessagingError, match="could not store"):
        durable.publish("t/1", {"n": 1})
    assert bus.published == []


def test_a_row_that_fails_to_send_is_quarantined_and_the_rest_keeps_flowing(tmp_path, caplog):
    """The probe's poisoned row (an expiry paho could not pack) failed on every flush and
    kept the five requests behind it pending for good."""
    class PoisonedBus(InMemoryBus):
        def publish(self, topic, payload, qos=1, retain=False, *, expiry_s=None, on_ack=None):
            if topic == "doc/poison":
                raise OverflowError("'L' format requires 0 <= number <= 4294967295")
            super().publish(topic, payload, qos, retain, expiry_s=expiry_s, on_ack=on_ack)

    path = tmp_path / "o.sqlite3"
    queued = Outbox(path)
    for topic in ["doc/poison"] + [f"doc/{n}" for n in range(5)]:
        queued.add(topic.replace("/", "-"), topic, b"{}", retain=True, expiry_s=60)
    queued.close()  # written during an outage by a process that then stopped
    bus = PoisonedBus()
    restarted = DurableBus(bus, Outbox(path))
    restarted.flush()
    assert sorted(bus.topics()) == [f"doc/{n}" for n in range(5)]
    assert restarted.outbox.counts() == {"sent": 5, "quarantined": 1}
    assert restarted.stats["quarantined"] == 1 and "quarantined message doc-poison" in caplog.text
    assert restarted.flush() == 0  # never retried: it would fail again
    restarted.publish("doc/next", {"n": 6})
    assert bus.topics()[-1] == "doc/next"
