"""Pairing a new mirror end to end (docs/back-office.md): a REAL mosquitto with a password
file and an ACL of its own, the REAL store web service over HTTP, the mirror's pairing
client.  An unpaired mirror cannot connect; the mirror asks for a code, a manager signs in
and approves it (CSRF), the service adds the login + ACL block and sends the broker SIGHUP,
the mirror collects its password (mode 600) and connects; it may publish its own topics and
nothing else."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from kiosk.config import StoreConfig
from kiosk.errors import ConfigError
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.pairing.client import PairingClient, needs_pairing, pair
from kiosk.storeweb.server import start
from tests.support.backoffice import broker_config
from tests.support.messaging import wait_for
from tests.support.mosquitto import running_mosquitto
from tests.support.pairing import manager_approves

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
STORE = "s1"
USERS = {"staff-app": "staff-app-pw"}
ACL = """\
user staff-app
topic read retail/v1/s1/requests/+/+/+
topic read retail/v1/s1/mirror/+/state
"""


def mirror_config(folder: Path, port: int, pairing_url: str) -> StoreConfig:
    config = StoreConfig.model_validate({
        "store": {"id": STORE, "name": "Test store"}, "mirror": {"id": "mirror-3"},
        "mqtt": {"port": port, "username": "mirror-3", "password_file": "secrets/mqtt-password",
                 "pairing_url": pairing_url}})
    config.source_path = str(folder / "store.yaml")
    return config


def test_a_new_mirror_pairs_and_gets_only_its_own_topics(tmp_path, monkeypatch):
    with running_mosquitto(tmp_path / "broker", users=dict(USERS), acl=ACL) as broker:
        monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", USERS["staff-app"])
        config = broker_config(tmp_path / "data", broker.port, store=STORE)
        config.back_office.pairing.password_file = str(broker.folder / "passwd")
        config.back_office.pairing.acl_file = str(broker.folder / "acl")
        config.back_office.pairing.reload_command = ["kill", "-HUP", str(broker.process.pid)]
        service = start(config)
        buses: list[MqttBus] = []
        try:
            mirror = mirror_config(tmp_path / "mirror", broker.port, service.url)
            assert needs_pairing(mirror)
            with pytest.raises(ConfigError, match="cannot read password file"):
                MqttSettings.from_config(mirror)
            guess = MqttBus(MqttSettings(port=broker.port, username="mirror-3", password="mirror-3"),
                            "mirror-3-guess").start()
            buses.append(guess)
            assert wait_for(lambda: guess.stats["refused"] > 0, 10) and not guess.connected
            guess.stop()

            codes: list[str] = []
            done: dict[str, object] = {}
            client = PairingClient(service.url, "mirror-3", poll_s=0.2)
            worker = threading.Thread(target=lambda: done.update(path=pair(
                mirror, lambda code, _s: codes.append(code), client=client)), daemon=True)
            worker.start()
            assert wait_for(lambda: codes, 10)
            approved = manager_approves(service.url, codes[0].lower())
            assert approved.status_code == 303, approved.text
            worker.join(20)
            path = done["path"]
            assert isinstance(path, Path) and stat.S_IMODE(path.stat().st_mode) == 0o600
            assert not needs_pairing(mirror)
            audit = service.server.config.app.state.backoffice.db.audit()
            assert [(e.who, e.action, e.detail.split()[0]) for e in audit][0] == ("manager", "paired-mirror", "mirror-3")

            watcher = MqttBus(MqttSettings(port=broker.port, username="staff-app",
                                           password=USERS["staff-app"]), "watcher")
            seen: list[str] = []
            watcher.subscribe("retail/v1/s1/mirror/+/state", lambda topic, _p: seen.append(topic))
            buses.append(watcher.start())
            assert watcher.wait_subscribed(10)
            paired = MqttBus(MqttSettings.from_config(mirror), "mirror-3").start()
            buses.append(paired)
            assert paired.wait_connected(10), paired.last_error
            acks: dict[str, bool] = {}
            for topic in ("retail/v1/s1/mirror/mirror-3/state", "retail/v1/s1/mirror/mirror-1/state",
                          "retail/v1/s1/catalogue", "retail/v1/s2/mirror/mirror-3/state"):
                paired.publish(topic, {"v": 1, "ts": 1.0, "mirror": "mirror-3", "status": "online"},
                               on_ack=lambda ok, topic=topic: acks.__setitem__(topic, ok))
            assert wait_for(lambda: len(acks) == 4, 10)
            assert acks == {"retail/v1/s1/mirror/mirror-3/state": True,
                            "retail/v1/s1/mirror/mirror-1/state": False,
                            "retail/v1/s1/catalogue": False,
                            "retail/v1/s2/mirror/mirror-3/state": False}
            assert wait_for(lambda: "retail/v1/s1/mirror/mirror-3/state" in seen, 10)
            assert seen == ["retail/v1/s1/mirror/mirror-3/state"]
        finally:
            for bus in buses:
                bus.stop()
            service.stop()
