"""Offline alerts by e-mail end to end: real mosquitto, a mirror whose connection carries the
project's last will, the store web service, a real SMTP server (aiosmtpd) on 127.0.0.1, and
headless Chromium at 1366x768 and 390x844 on the Mirrors page.  The mirror goes away, one
mail says so; the manager presses "Send a test alert" and the page says it went; the SMTP
server goes down, the next test says why it failed; the mirror comes back, one more mail.
Screenshots to $KIOSK_SCREENSHOTS (docs/screenshots/backoffice)."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.config import EmailAlertsSection, OfflineAlertsSection
from kiosk.storeweb.manage import alerts as alerts_module
from kiosk.storeweb.server import start
from tests.e2e.test_backoffice_alerts_browser import mirror_bus
from tests.e2e.test_backoffice_browser import STORE, browser, shoot, shots, sign_in  # noqa: F401
from tests.support.backoffice import MirrorFollower, broker_config
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)
from tests.support.smtp import LocalSmtp

pytestmark = [pytest.mark.integration, pytest.mark.slow]
TO = ["shop-floor@example-store.com"]


@pytest.fixture
def service(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    with LocalSmtp() as smtp:
        mail = EmailAlertsSection(smtp_host="127.0.0.1", smtp_port=smtp.port, security="none",
                                  from_address="mirrors@example-store.com", recipients=TO, timeout_s=3)
        running = start(broker_config(tmp_path / "data", mosquitto.port, store=STORE,
                                      offline_alerts=OfflineAlertsSection(email=mail, after_minutes=5)))
        try:
            assert running.bus.wait_subscribed(10), running.bus.last_error
            yield running, smtp
        finally:
            running.stop()


def press_test(driver, url: str) -> None:
    driver.get(f"{url}/mirrors")
    old = driver.find_element(By.ID, "test-alert")
    old.click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-test]")
                                    and not _attached(old))


def _attached(element) -> bool:
    try:
        element.is_enabled()
        return True
    except Exception:  # stale: the page the POST led to has replaced it
        return False


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_offline_mail_test_button_and_back_mail(service, mosquitto, tmp_path, shots, size, monkeypatch):  # noqa: F811
    running, smtp = service
    monkeypatch.setattr(alerts_module, "TEST_EVERY_S", 0.0)
    office = running.server.config.app.state.backoffice
    bus = mirror_bus(mosquitto.port, mosquitto.users["mirror"], "mirror-1")
    MirrorFollower(bus, STORE, "mirror-1")
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        assert wait_for(lambda: [m.status for m in office.board.mirrors()] == ["online"], 10)
        bus.stop()   # the broker now holds the mirror's will: offline
        assert wait_for(lambda: office.board.mirrors()[0].status == "offline", 10)
        office.alerts.clock = lambda: time.time() + 6 * 60           # six minutes later
        office.alerts.check()
        office.alerts.check()
        [offline] = smtp.messages
        assert offline["Subject"] == "Mirror mirror-1 offline for 6 min – Test store"
        sign_in(driver, running.manage_url)
        press_test(driver, running.manage_url)
        assert driver.find_element(By.CSS_SELECTOR, '[data-channel="email"][data-test]').get_attribute(
            "data-test") == "sent"
        assert [m["Subject"] for m in smtp.messages][1] == "Test alert – Test store"
        row = driver.find_element(By.CSS_SELECTOR, 'tr[data-mirror="mirror-1"]')
        assert row.find_elements(By.CSS_SELECTOR, '[data-alerted="yes"]')
        shoot(driver, shots, f"{size}-mirrors-mail-test")

        smtp.stop()
        press_test(driver, running.manage_url)
        failed = driver.find_element(By.CSS_SELECTOR, '[data-test="failed"]')
        assert "could not be reached" in failed.text and f"127.0.0.1:{smtp.port}" in failed.text
        shoot(driver, shots, f"{size}-mirrors-mail-failed")
        smtp.start()

        bus = mirror_bus(mosquitto.port, mosquitto.users["mirror"], "mirror-1")
        MirrorFollower(bus, STORE, "mirror-1")                      # back: its state says online
        assert wait_for(lambda: office.board.mirrors()[0].status == "online", 10)
        office.alerts.check()
        assert [m["Subject"] for m in smtp.messages][2:] == ["Mirror mirror-1 back online – Test store"]
    finally:
        driver.quit()
        bus.stop()
