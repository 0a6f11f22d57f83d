"""Remote commands always get an answer; catalogue notices are handed on once per version."""

import pytest

from kiosk.errors import CatalogueError, KioskError
from kiosk.messaging import topics
from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.catalogue_feed import CatalogueFeed
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


def notice(version, sha="ab"):
    return {"v": 1, "ts": 1, "version": version, "sha256": sha * 32, "url": "https://x/c.yaml"}


def test_catalogue_notices_are_handed_on_once_per_version_and_garbage_never(bus):
    seen = []
    feed = CatalogueFeed(bus, store="s1", on_notice=lambda n: seen.append(n.version)).start()
    for payload in (notice("1"), notice("1"), {"v": 1, "version": "2"}, notice("2", "cd"), None):
        bus.publish(topics.catalogue("s1"), payload, retain=True)
    assert seen == ["1", "2"] and feed.rejected == 1


def test_a_refused_catalogue_is_retried_when_republished(bus):
    attempts = []

    def swap(n):
        attempts.append(n.version)
        if len(attempts) == 1:
            raise CatalogueError("bad row")

    feed = CatalogueFeed(bus, store="s1", on_notice=swap).start()
    bus.publish(topics.catalogue("s1"), notice("3"), retain=True)
    bus.publish(topics.catalogue("s1"), notice("3"), retain=True)
    assert attempts == ["3", "3"] and feed.current == ("3", "ab" * 32)
