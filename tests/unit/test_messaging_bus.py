"""InMemoryBus: MQTT wildcard matching, retained messages with expiry, safe handlers."""

import pytest

from kiosk.errors import PayloadError
from kiosk.messaging.bus import InMemoryBus, decode, encode, expiry_interval, topic_matches


@pytest.mark.parametrize("flt,topic,expected", [
    ("a/b", "a/b", True), ("a/+", "a/b", True), ("a/+", "a/b/c", False),
    ("a/#", "a", True), ("a/#", "a/b/c", True), ("+/b", "a/b", True), ("#", "$SYS/x", False),
    ("$share/g/a/+", "a/b", True), ("a/b", "a/c", False), ("a/+/c", "a/b/d", False),
])
def test_topic_matches(flt, topic, expected):
    assert topic_matches(flt, topic) is expected


def test_retained_messages_reach_late_subscribers_and_empty_payload_deletes():
    bus = InMemoryBus()
    bus.publish("x/1", {"n": 1}, retain=True)
    bus.publish("x/2", {"n": 2}, retain=True)
    bus.publish("x/2", None, retain=True)
    seen = []
    bus.subscribe("x/+", lambda t, p: seen.append((t, p)))
    assert seen == [("x/1", {"n": 1})]


def test_retained_message_expiry_uses_the_injected_clock():
    now = [100.0]
    bus = InMemoryBus(clock=lambda: now[0])
    bus.publish("x/1", {"n": 1}, retain=True, expiry_s=10)
    now[0] = 111.0
    seen = []
    bus.subscribe("x/#", lambda t, p: seen.append(t))
    assert seen == [] and bus.retained("x/1") is None


def test_a_failing_handler_is_counted_and_others_still_run():
    bus = InMemoryBus()
    seen = []
    bus.subscribe("x", lambda t, p: 1 / 0)
    bus.subscribe("x", lambda t, p: seen.append(p))
    bus.publish("x", {"ok": True})
    assert seen == [{"ok": True}] and bus.handler_errors == 1


def test_offline_bus_queues_in_memory_until_reconnected():
    bus = InMemoryBus(connected=False)
    acks = []
    bus.publish("x", {"a": 1}, on_ack=acks.append)
    assert acks == [] and bus.published == []
    bus.set_connected(True)
    assert acks == [True] and bus.topics() == ["x"]


@pytest.mark.parametrize("raw", [b"[1]", b"nope", b"\xff\xfe", b'"s"', b"{" * 10])
def test_decode_refuses_non_objects(raw):
    with pytest.raises(PayloadError):
        decode(raw)


def test_decode_refuses_oversized_payloads():
    with pytest.raises(PayloadError, match="exceeds"):
        decode(encode({"x": "a" * 2000}), max_bytes=1000)


DEEP = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"  # 200 KB: under the size limit


@pytest.mark.parametrize("raw", [DEEP, b'{"a":' + b"[" * 33 + b"]" * 33 + b"}",
                                 b'{"ts": 1e999}', b'{"ts": -1e999}', b'{"x": NaN}', b'{"x": Infinity}'])
def test_decode_refuses_deep_nesting_and_non_finite_numbers_as_payload_errors(raw):
    with pytest.raises(PayloadError):  # not RecursionError, not a silent inf
        decode(raw)


def test_a_deeply_nested_payload_is_logged_and_counted_not_lost_silently(caplog):
    bus = InMemoryBus()
    seen = []
    bus.subscribe("x", lambda t, p: seen.append(p))
    bus.publish("x", DEEP)
    assert seen == [] and bus.bad_payloads == 1 and bus.handler_errors == 0
    assert "nests deeper than" in caplog.text


@pytest.mark.parametrize("expiry,interval", [(None, None), (0, None), (0.2, 1), (90.7, 90),
                                             (2.0**40, 2**32 - 1), (float("inf"), 2**32 - 1)])
def test_message_expiry_always_fits_mqtt5s_four_bytes(expiry, interval):
    assert expiry_interval(expiry) == interval


def test_a_nan_expiry_is_refused():
    with pytest.raises(ValueError):
        expiry_interval(float("nan"))
