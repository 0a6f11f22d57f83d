"""sd_notify against a real AF_UNIX datagram socket standing in for systemd."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from kiosk.health.heartbeat import Heartbeat
from kiosk.health.sdnotify import SystemdNotifier
from tests.support.health import FakeClock, NotifySocket


@pytest.fixture
def systemd(tmp_path):
    sock = NotifySocket(tmp_path)
    yield sock
    sock.close()


def test_ready_status_and_watchdog_arrive_as_systemd_reads_them(systemd):
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": systemd.path})
    assert notifier.ready("attract screen shown")
    assert systemd.receive() == {"READY": "1", "STATUS": "attract screen shown"}
    assert notifier.watchdog()
    assert systemd.receive() == {"WATCHDOG": "1"}
    assert notifier.status("multi\nline")
    assert systemd.receive() == {"STATUS": "multi line"}  # one datagram line per field
    notifier.close()


def test_abstract_namespace_socket(tmp_path):
    name = f"kiosk-test-{uuid.uuid4().hex}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(b"\0" + name.encode())
    try:
        notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": "@" + name})
        assert notifier.watchdog()
        server.settimeout(2)
        assert server.recv(100) == b"WATCHDOG=1"
        notifier.close()
    finally:
        server.close()


def test_outside_systemd_every_call_is_a_harmless_no_op():
    notifier = SystemdNotifier(environ={})
    assert not notifier.enabled
    assert not notifier.ready() and not notifier.watchdog() and notifier.watchdog_s is None


def test_a_vanished_socket_is_logged_not_raised(tmp_path, caplog):
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert notifier.watchdog() is False
    assert notifier.watchdog() is False
    assert len([r for r in caplog.records if "sd_notify" in r.message]) == 1  # warned once
    notifier.close()


@pytest.mark.parametrize(("env", "expected"), [
    ({"WATCHDOG_USEC": "20000000"}, 20.0),
    ({"WATCHDOG_USEC": "20000000", "WATCHDOG_PID": str(os.getpid())}, 20.0),
    ({"WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1"}, None),  # meant for another process
    ({"WATCHDOG_USEC": "nonsense"}, None),
    ({"WATCHDOG_USEC": "0"}, None),
])
def test_watchdog_period_follows_sd_watchdog_enabled_rules(env, expected):
    assert SystemdNotifier(environ=env).watchdog_s == expected


def test_heartbeat_beats_at_half_the_watchdog_period(systemd):
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "8000000"})
    heartbeat = Heartbeat(notifier)
    assert heartbeat.interval_s == 4.0
    assert heartbeat.beat()
    assert systemd.receive() == {"WATCHDOG": "1"}
    notifier.close()


def test_a_failing_check_withholds_the_beat_only_after_the_grace(systemd):
    clock = FakeClock()
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": systemd.path})
    heartbeat = Heartbeat(notifier, clock=clock, grace_s=30)
    wedged = {"reason": "vision worker silent for 40 s"}
    heartbeat.add_check("vision", lambda: wedged["reason"])
    assert heartbeat.beat()                      # failing, but within grace
    clock.advance(30)
    assert not heartbeat.beat()                  # grace over: systemd will restart us
    assert heartbeat.withheld == "vision: vision worker silent for 40 s"
    wedged["reason"] = None
    assert heartbeat.beat() and heartbeat.withheld is None
    assert systemd.drain() == [{"WATCHDOG": "1"}, {"WATCHDOG": "1"}]
    notifier.close()


def test_a_check_that_raises_counts_as_failing():
    clock = FakeClock()
    heartbeat = Heartbeat(SystemdNotifier(environ={}), clock=clock, grace_s=0)
    heartbeat.add_check("broken", lambda: 1 / 0)
    assert not heartbeat.beat()
    assert "ZeroDivisionError" in heartbeat.withheld


def test_status_is_sent_only_when_it_changes(systemd):
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": systemd.path})
    heartbeat = Heartbeat(notifier)
    heartbeat.status("camera live")
    heartbeat.status("camera live")
    heartbeat.status("safe mode")
    assert systemd.drain() == [{"STATUS": "camera live"}, {"STATUS": "safe mode"}]
    notifier.close()
