"""A frozen GUI thread stops the watchdog heartbeat; a live one keeps it going.

The child is a real process with a real Qt event loop beating ``Heartbeat`` from a QTimer
(as the mirror does); ``MiniSystemd`` plays systemd on a real AF_UNIX datagram socket.
Whether real systemd honours the unit is in test_health_systemd.py.
"""

from __future__ import annotations

import os
import signal
import sys

from tests.support.health import MiniSystemd

ENV = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
CHILD = [sys.executable, "-m", "tests.support.health_child", "gui"]


def test_a_frozen_ui_misses_the_watchdog_and_is_killed(tmp_path):
    systemd = MiniSystemd(tmp_path, watchdog_s=1.0)
    code = systemd.run(CHILD + ["--freeze-after", "1.5"], observe_s=30, env=ENV)
    assert systemd.events[0] == "READY"
    assert systemd.events.count("WATCHDOG") >= 2        # beating while the UI was alive
    assert systemd.events[-1] == "watchdog-timeout"
    assert code == -signal.SIGABRT


def test_a_live_ui_keeps_beating_and_is_never_killed(tmp_path):
    # a generous period: a loaded CI box may delay a Qt timer, never by seconds
    systemd = MiniSystemd(tmp_path, watchdog_s=3.0)
    code = systemd.run(CHILD, observe_s=7, env=ENV)
    assert "watchdog-timeout" not in systemd.events
    assert systemd.events[0] == "READY" and systemd.events.count("WATCHDOG") >= 2
    assert code == -signal.SIGTERM                       # we stopped it, as systemctl stop does
