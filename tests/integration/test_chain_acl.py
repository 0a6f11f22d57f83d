"""The cluster's permissions (issue 18, bad input): a store writes only its own prefix, a
bridge with a wrong password is refused, and both are visible in the cluster's log."""

from __future__ import annotations

import time

import pytest

from kiosk.chain.bridge import render_bridge
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from tests.support.chain import LOCAL_USERS, hq_settings, store_acl, wait_until
from tests.support.cluster import running_cluster
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.timeout(120)
STORES = {"s1": "s1-pw", "s2": "s2-pw"}


def test_a_store_cannot_write_another_store_and_a_wrong_password_is_refused(tmp_path):
    with running_cluster(tmp_path / "cluster", stores=STORES, head_office="hq-pw") as cluster:
        seen: list[str] = []
        hq = MqttBus(hq_settings(cluster), "hq-watch")
        hq.subscribe("retail/v1/#", lambda topic, payload: seen.append(topic))
        hq.start()
        host, port = cluster.mqtt_addresses[1]
        store = MqttBus(MqttSettings(host=host, port=port, username="bridge-s1", password="s1-pw",
                                     protocol="3.1.1", ca_file=cluster.ca_file), "bridge-s1-probe").start()
        try:
            assert hq.wait_connected(20) and store.wait_connected(20)
            assert hq.wait_subscribed(10)
            forged = {"v": 1, "ts": 1.0, "version": "x", "sha256": "a" * 64}
            store.publish("retail/v1/s2/catalogue", forged, retain=True)
            store.publish("retail/v1/s2/mirror/m1/events", {"v": 1, "ts": 1.0})
            store.publish("retail/v1/s1/mirror/m1/events", {"v": 1, "ts": 1.0})  # its own: passes
            assert wait_until(lambda: "retail/v1/s1/mirror/m1/events" in seen, 20)
            assert not [t for t in seen if t.startswith("retail/v1/s2/")]
            assert wait_until(lambda: any('Publish Violation - User "bridge-s1", Subject "retail.v1.s2.catalogue"'
                                          in line for line in cluster.violations()), 10)

            bridge = render_bridge("s2", cluster.mqtt_addresses, remote_password="wrong",
                                   local_password=LOCAL_USERS["bridge"], ca_file=cluster.ca_file)
            with running_mosquitto(tmp_path / "s2", users=dict(LOCAL_USERS), acl=store_acl("s2"),
                                   extra_config=bridge) as broker:
                mirror = MqttBus(MqttSettings(port=broker.port, username="mirror",
                                              password=LOCAL_USERS["mirror"]), "mirror-s2-m1").start()
                assert mirror.wait_connected(10)
                mirror.publish("retail/v1/s2/mirror/m1/events", {"v": 1, "ts": 2.0})
                assert wait_until(lambda: any('authentication error - User "bridge-s2"' in line
                                              for line in cluster.violations()), 20)
                time.sleep(1)  # what a refused bridge might still push would arrive within this
                mirror.stop()
            assert not [t for t in seen if t.startswith("retail/v1/s2/")]
        finally:
            store.stop()
            hq.stop()
