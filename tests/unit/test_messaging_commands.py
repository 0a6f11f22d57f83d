"""Remote commands always get an answer, an error answer when they fail."""

import pytest

from kiosk.errors import KioskError
from kiosk.messaging import topics
from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.commands import CommandClient, CommandServer


@pytest.fixture
def bus():
    return InMemoryBus()


def responses(bus):
    return [p.payload for p in bus.published if "/response/" in p.topic]


def test_a_command_is_answered_with_its_transaction(bus):
    server = CommandServer(bus, store="s1", mirror="m1").start()
    server.register("ping", lambda args: {"pong": args.get("n")})
    client = CommandClient(bus, store="s1")
    answer = client.call("m1", "ping", {"n": 3}, timeout=1)
    assert answer.status == "ok" and answer.data == {"pong": 3}


@pytest.mark.parametrize("name,payload,error", [
    ("nope", {"v": 1, "ts": 1, "transaction": "t1"}, "unknown command"),
    ("ping", {"v": 1, "ts": 1}, "transaction"),
    ("ping", {"v": 9, "transaction": "t1"}, "version"),
    ("boom", {"v": 1, "ts": 1, "transaction": "t1"}, "internal error"),
])
def test_bad_commands_get_an_error_answer_not_a_crash(bus, name, payload, error):
    server = CommandServer(bus, store="s1", mirror="m1").start()
    server.register("ping", lambda args: "pong")
    server.register("boom", lambda args: 1 / 0)
    bus.publish(topics.command("s1", "m1", name), payload)
    [answer] = responses(bus)
    assert answer["status"] == "error" and error in answer["error"]
    assert bus.handler_errors == 0


def test_a_silent_mirror_times_out_with_a_kiosk_error(bus):
    with pytest.raises(KioskError, match="did not answer"):
        CommandClient(bus, store="s1").call("m9", "ping", timeout=0.05)
