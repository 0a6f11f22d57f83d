"""Publish reaches another mirror *process* through real mosquitto; a broken publish
leaves it on the last good catalogue; a late mirror gets the retained one."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

import pytest

from kiosk.catalogue import load_catalogue
from kiosk.catalogue.publish import make_notice
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from tests.support.catalogue import BROKEN_CSV, DEMO, MERCHANT_XML, ROOT
from tests.support.messaging import wait_for
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.integration


@pytest.fixture
def mosquitto(tmp_path):
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        yield broker


def broker_args(broker, user: str) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(broker.port), "--username", user,
            "--password-env", "CATALOGUE_TEST_PASSWORD"]


def env_for(broker, user: str) -> dict[str, str]:
    return {**os.environ, "CATALOGUE_TEST_PASSWORD": broker.users[user]}


class Follower:
    """``kiosk catalogue follow`` in its own process: one JSON line per event."""

    def __init__(self, broker, *extra: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "catalogue", "follow", "--store", "s1",
             *broker_args(broker, "mirror"), *extra],
            cwd=ROOT, env=env_for(broker, "mirror"), stdout=subprocess.PIPE, text=True)
        self.events: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, name="follower-reader")
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.events.put(json.loads(line))

    def next(self, timeout: float = 20.0) -> dict:
        return self.events.get(timeout=timeout)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.reader.join(10)
        self.process.stdout.close()


@pytest.fixture
def followers():
    started: list[Follower] = []

    def start(broker, *extra: str) -> Follower:
        follower = Follower(broker, *extra)
        started.append(follower)
        return follower

    yield start
    for follower in started:
        follower.stop()


def publish_cli(broker, path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "catalogue", "publish", str(path),
                           "--store", "s1", *broker_args(broker, "manager")],
                          cwd=ROOT, env=env_for(broker, "manager"), capture_output=True,
                          text=True, timeout=60)


def publish_raw(broker, notice: dict) -> None:
    from tests.support.messaging import mqtt_settings
    bus = MqttBus(mqtt_settings(broker, "manager", "5"), "test-raw-publisher").start()
    try:
        assert bus.wait_connected(5)
        acks = []
        bus.publish(topics.catalogue("s1"), notice, retain=True, on_ack=acks.append)
        assert wait_for(lambda: acks == [True])
    finally:
        bus.stop()


def test_publish_reaches_a_mirror_process_and_broken_ones_never_replace_it(mosquitto, followers):
    demo, feed = load_catalogue(DEMO), load_catalogue(MERCHANT_XML)
    mirror = followers(mosquitto)
    assert mirror.next()["event"] == "following"

    result = publish_cli(mosquitto, DEMO)
    assert result.returncode == 0 and "retained" in result.stdout, result.stdout + result.stderr
    accepted = mirror.next()
    assert accepted["event"] == "accepted" and accepted["version"] == demo.version[:16]
    assert (accepted["styles"], accepted["variants"]) == (67, demo.variant_count)

    tampered = {**make_notice(feed, "s1"), "sha256": "0" * 64}
    publish_raw(mosquitto, tampered)
    rejected = mirror.next()
    assert rejected["event"] == "rejected" and "sha256" in rejected["error"]
    assert rejected["keeping"] == demo.version[:16]

    refused = publish_cli(mosquitto, BROKEN_CSV)    # errors: the tool never publishes it
    assert refused.returncode == 1 and "nothing published" in refused.stdout

    assert publish_cli(mosquitto, MERCHANT_XML).returncode == 0
    after = mirror.next()       # the very next event: the broken file never reached it
    assert after["event"] == "accepted" and after["version"] == feed.version[:16]

    again = publish_cli(mosquitto, MERCHANT_XML)    # issue #14, 9: say that nothing changed
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.startswith(f"already published: version {feed.version[:16]}, "
                                   "nothing changed"), again.stdout

    late = followers(mosquitto)
    events = [late.next(), late.next()]
    assert {"event": "accepted", "version": feed.version[:16]}.items() <= next(
        e for e in events if e["event"] == "accepted").items()


def test_a_mirror_reloads_its_local_file_when_the_manager_saves_it(mosquitto, followers,
                                                                    tmp_path):
    path = tmp_path / "catalogue.tsv"
    text = (ROOT / "tests/support/catalogue_data/merchant-feed.tsv").read_text()
    path.write_text(text)
    mirror = followers(mosquitto, "--file", str(path), "--interval", "0.1")
    first = mirror.next()
    assert first["event"] == "accepted" and first["origin"] == str(path)
    path.write_text(text.replace("\t49.95 EUR\t", "\t44.95 EUR\t"))
    events = [mirror.next(), mirror.next()]
    changed = next(e for e in events if e["event"] == "accepted")
    assert changed["version"] != first["version"]
    path.write_text(text.replace("4006381333931", "4006381333932"))
    rejected = mirror.next()
    assert rejected["event"] == "rejected" and ":2:" in rejected["error"]
    assert rejected["keeping"] == changed["version"]
