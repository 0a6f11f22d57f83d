"""A real mosquitto that stops answering (SIGSTOP: the process lives, the kernel still accepts
TCP, no CONNACK comes, as with mosquitto 2.0.11's frozen TLS bridge) is restarted by the
watchdog, and one that answers is left alone."""

from __future__ import annotations

import os
import signal

import pytest

from kiosk.chain.watchdog import BrokerWatchdog, mqtt_answers
from kiosk.messaging.settings import MqttSettings
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.timeout(120)


def test_a_frozen_broker_is_restarted_and_a_live_one_is_not(tmp_path):
    with running_mosquitto(tmp_path / "broker") as broker:
        settings = MqttSettings(port=broker.port, username="mirror", password=broker.users["mirror"],
                                protocol="5")
        restarted: list[int] = []

        def restart() -> None:
            frozen_pid = broker.process.pid
            broker.stop(signal.SIGKILL)    # a stopped process still dies of SIGKILL
            broker.start()
            restarted.append(frozen_pid)

        dog = BrokerWatchdog(lambda: mqtt_answers(settings, "broker-watchdog-test", 2.0), restart,
                             failures_to_restart=2, settle_s=0)
        assert [dog.check(), dog.check()] == ["ok", "ok"]

        frozen = broker.process.pid
        os.kill(frozen, signal.SIGSTOP)
        try:
            assert dog.check() == "failing"
            assert dog.check() == "restarted"
        finally:
            if restarted != [frozen]:
                os.kill(frozen, signal.SIGCONT)
        assert restarted == [frozen]
        assert dog.check() == "ok"
        assert dog.stats == {"probes": 5, "failed": 2, "restarts": 1, "restart_errors": 0}


def test_a_wrong_password_is_no_answer_not_a_crash(tmp_path):
    with running_mosquitto(tmp_path / "broker") as broker:
        settings = MqttSettings(port=broker.port, username="mirror", password="wrong", protocol="5")
        assert mqtt_answers(settings, "broker-watchdog-test", 2.0) is False
