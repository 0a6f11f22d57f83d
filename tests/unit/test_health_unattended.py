"""The start-up facade app.py uses: config -> crash count, safe mode, heartbeat, health."""

from __future__ import annotations

import json
import logging

import pytest

from hardware.display.backlight import SysfsBacklight
from hardware.display.dpms import XsetDpms
from hardware.display.factory import display_from_config
from hardware.display.fake import FakeDisplay
from kiosk.config import DisplaySection, StoreConfig
from kiosk.errors import DisplayError
from kiosk.health.publisher import HEALTH_FILE
from kiosk.health.sdnotify import SystemdNotifier
from kiosk.health.unattended import Unattended
from tests.support.health import NotifySocket


def config(tmp_path, **sections) -> StoreConfig:
    return StoreConfig(data_dir=str(tmp_path), **sections)


def test_crash_loop_brings_the_mirror_up_in_safe_mode_and_says_so_to_systemd(tmp_path):
    systemd = NotifySocket(tmp_path)
    try:
        for _ in range(2):
            Unattended.start(config(tmp_path, health={"safe_mode_after_crashes": 2}),
                             notifier=SystemdNotifier(environ={}))
        unattended = Unattended.start(config(tmp_path, health={"safe_mode_after_crashes": 2}),
                                      notifier=SystemdNotifier(environ={"NOTIFY_SOCKET": systemd.path}))
        assert unattended.safe_mode.level == "safe"
        assert systemd.receive()["STATUS"].startswith("safe mode (safe)")
        unattended.clean_exit()
        assert systemd.receive() == {"STOPPING": "1"}
    finally:
        systemd.close()


def test_health_publisher_carries_safe_mode_and_the_last_logged_error(tmp_path):
    unattended = Unattended.start(config(tmp_path), notifier=SystemdNotifier(environ={}))
    published = []
    try:
        logging.getLogger("kiosk.catalogue").error("catalogue rejected: bad sha256")
        publisher = unattended.health_publisher(publish=published.append,
                                                catalogue_version=lambda: "v7")
        publisher.publish_now()
    finally:
        unattended.clean_exit()
    assert published[0]["safe_mode"] == "normal" and published[0]["catalogue_version"] == "v7"
    assert published[0]["last_error"] == "kiosk.catalogue: catalogue rejected: bad sha256"
    assert json.loads((tmp_path / HEALTH_FILE).read_text()) == published[0]


def test_display_policy_does_not_sleep_when_presence_cannot_be_sensed(tmp_path):
    unattended = Unattended.start(config(tmp_path, camera={"enabled": False}),
                                  notifier=SystemdNotifier(environ={}))
    try:
        assert unattended.display_policy(None) is None
        assert unattended.display_policy(FakeDisplay()).sensing is False
    finally:
        unattended.clean_exit()


def test_display_adapter_chosen_by_config(tmp_path):
    assert display_from_config(DisplaySection()) is None
    assert isinstance(display_from_config(DisplaySection(power="dpms", x_display=":3")), XsetDpms)
    device = tmp_path / "panel"
    device.mkdir()
    (device / "brightness").write_text("10")
    assert isinstance(display_from_config(DisplaySection(power="backlight", backlight=str(device))),
                      SysfsBacklight)
    with pytest.raises(DisplayError):
        display_from_config(DisplaySection(power="backlight", backlight=str(tmp_path / "none")))
