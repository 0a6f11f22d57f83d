"""Offline alerts end to end: real mosquitto, a mirror whose connection carries the project's
last will, the store web service, a real HTTP server on 127.0.0.1 as the webhook, headless
Chromium at 1366x768 and 390x844 on the Mirrors page.  The mirror goes away (its will says
offline), the alert goes out once, the page shows it; the mirror comes back, the second
alert goes out.  Screenshots to $KIOSK_SCREENSHOTS (docs/screenshots/backoffice)."""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.config import OfflineAlertsSection
from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.payloads import MirrorState
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.e2e.test_backoffice_browser import STORE, browser, shoot, shots, sign_in  # noqa: F401
from tests.support.backoffice import MirrorFollower, broker_config
from tests.support.httpd import LocalHttp
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def mirror_bus(port: int, password: str, mirror: str) -> MqttBus:
    offline = (topics.mirror_state(STORE, mirror), MirrorState(mirror=mirror, status="offline"))
    bus = MqttBus(MqttSettings(port=port, username="mirror", password=password), f"{mirror}-alerts",
                  will=offline).start()
    assert bus.wait_connected(10), bus.last_error
    return bus


@pytest.fixture
def service(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    with LocalHttp() as hook:
        running = start(broker_config(tmp_path / "data", mosquitto.port, store=STORE,
                                      offline_alerts=OfflineAlertsSection(
                                          webhook_url=hook.url("/api/webhook/s3cret-token"), after_minutes=5)))
        try:
            assert running.bus.wait_subscribed(10), running.bus.last_error
            yield running, hook
        finally:
            running.stop()


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_a_mirror_offline_past_the_threshold_alerts_once_and_again_when_back(
        service, mosquitto, tmp_path, shots, size):  # noqa: F811
    running, hook = service
    office = running.server.config.app.state.backoffice
    buses = [mirror_bus(mosquitto.port, mosquitto.users["mirror"], m) for m in ("mirror-1", "mirror-2")]
    followers = [MirrorFollower(bus, STORE, m) for bus, m in zip(buses, ("mirror-1", "mirror-2"), strict=True)]
    assert len(followers) == 2
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        assert wait_for(lambda: len(office.board.mirrors()) == 2 and
                        all(m.status == "online" for m in office.board.mirrors()), 10)
        buses[0].stop()   # the mirror goes away: the broker now holds its will, "offline"
        assert wait_for(lambda: office.board.mirrors()[0].status == "offline", 10)
        office.alerts.check()
        assert hook.received == []                                   # not 5 minutes yet
        office.alerts.clock = lambda: time.time() + 6 * 60           # six minutes later
        office.alerts.check()
        office.alerts.check()
        assert [json.loads(r.body)["event"] for r in hook.received] == ["mirror_offline"]
        sign_in(driver, running.manage_url)
        driver.get(f"{running.manage_url}/mirrors")
        row = driver.find_element(By.CSS_SELECTOR, 'tr[data-mirror="mirror-1"]')
        assert row.find_elements(By.CSS_SELECTOR, '[data-alerted="yes"]')
        assert "s3cret" not in driver.page_source
        assert driver.find_element(By.ID, "alerts").get_attribute("data-enabled") == "yes"
        shoot(driver, shots, f"{size}-mirrors-alert")

        buses[0] = mirror_bus(mosquitto.port, mosquitto.users["mirror"], "mirror-1")
        MirrorFollower(buses[0], STORE, "mirror-1")                  # back: its state says online
        assert wait_for(lambda: office.board.mirrors()[0].status == "online", 10)
        office.alerts.check()
        assert [json.loads(r.body)["event"] for r in hook.received] == ["mirror_offline", "mirror_back"]
        driver.get(f"{running.manage_url}/mirrors")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "mirrors"))
        assert not driver.find_elements(By.CSS_SELECTOR, '[data-alerted="yes"]')
    finally:
        driver.quit()
        for bus in buses:
            bus.stop()
