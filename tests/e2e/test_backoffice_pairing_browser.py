"""Adding a mirror end to end: headless Chromium at 1366x768 and 390x844 on the Mirrors page,
the real store web service, a real mosquitto whose password file and ACL the approval edits
(then SIGHUP), and the mirror's pairing client over HTTP.  A wrong code is refused without
saying whether a mirror waits, a POST without the CSRF token is refused (403) and changes
nothing, the right code shows the mirror asking, Approve pairs it, and the mirror connects
with its new password and reports its state.  Screenshots to $KIOSK_SCREENSHOTS
(docs/screenshots/backoffice)."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.config import StoreConfig
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.pairing.client import pair
from kiosk.pairing.codes import grouped
from kiosk.storeweb.server import start
from tests.e2e.test_backoffice_browser import STORE, browser, shoot, shots, sign_in  # noqa: F401
from tests.support.backoffice import MirrorFollower, broker_config
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)
from tests.support.pairing import ReadingClient

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def service(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    config = broker_config(tmp_path / "data", mosquitto.port, store=STORE)
    config.back_office.pairing.password_file = str(mosquitto.folder / "passwd")
    config.back_office.pairing.acl_file = str(mosquitto.folder / "acl")
    config.back_office.pairing.reload_command = ["kill", "-HUP", str(mosquitto.process.pid)]
    running = start(config)
    try:
        assert running.bus.wait_subscribed(10), running.bus.last_error
        yield running
    finally:
        running.stop()


def new_mirror(folder, port: int, url: str, mirror: str) -> StoreConfig:
    config = StoreConfig.model_validate({
        "store": {"id": STORE}, "mirror": {"id": mirror},
        "mqtt": {"port": port, "username": mirror, "password_file": "mqtt-password", "pairing_url": url}})
    config.source_path = str(folder / "store.yaml")
    return config


def type_code(driver, code: str) -> None:
    box = driver.find_element(By.ID, "pair-code")
    box.clear()
    box.send_keys(code)
    driver.find_element(By.ID, "pair-lookup").click()


def post_without_csrf(driver, code: str) -> int:
    """The signed-in browser's own cookies, same origin, no token: what a forged form sends."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/manage/mirrors/pair/approve', {method: 'POST', body: new URLSearchParams({code: arguments[0]})})"
        ".then(r => done(r.status), () => done(-1));", code)


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_add_a_mirror_by_its_code(service, mosquitto, tmp_path, shots, size):  # noqa: F811
    mirror_id = f"mirror-{size}"
    config = new_mirror(tmp_path / "mirror", mosquitto.port, service.url, mirror_id)
    client = ReadingClient(service.url, mirror_id, poll_s=0.2)
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(path=pair(config, lambda *_: None, client=client)),
                              daemon=True)
    worker.start()
    assert wait_for(lambda: client.codes, 10)
    code = client.codes[0]
    office = service.server.config.app.state.backoffice
    driver = browser(tmp_path / f"profile-{size}", size)
    buses: list[MqttBus] = []
    try:
        sign_in(driver, service.manage_url)
        driver.get(f"{service.manage_url}/mirrors")
        assert driver.find_element(By.ID, "add-mirror").is_displayed()
        shoot(driver, shots, f"{size}-add-mirror")

        wrong = "ABCD-EFGH" if code != "ABCDEFGH" else "ABCD-EFGJ"
        type_code(driver, wrong)
        alert = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "p.error[role=alert]"))
        assert "No mirror is waiting with this code" in alert.text
        assert not driver.find_elements(By.ID, "pair-mirror") and mirror_id not in driver.page_source
        shoot(driver, shots, f"{size}-add-mirror-wrong-code")

        assert post_without_csrf(driver, code) == 403
        assert office.pairing.book.waiting(code) is not None  # nothing approved, nothing written
        assert mirror_id not in (mosquitto.folder / "passwd").read_text()

        type_code(driver, grouped(code).lower())
        asking = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "pair-mirror"))
        assert asking.text == mirror_id
        shoot(driver, shots, f"{size}-add-mirror-confirm")
        driver.find_element(By.ID, "pair-approve").click()
        done = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "paired"))
        assert done.get_attribute("data-mirror") == mirror_id

        worker.join(20)
        assert outcome.get("path") is not None
        bus = MqttBus(MqttSettings.from_config(config), mirror_id).start()
        buses.append(bus)
        assert bus.wait_connected(10), bus.last_error
        MirrorFollower(bus, STORE, mirror_id)
        assert wait_for(lambda: any(m.mirror == mirror_id for m in office.board.mirrors()), 10)
        driver.get(f"{service.manage_url}/mirrors?paired={mirror_id}")
        row = WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-mirror="{mirror_id}"]'))
        assert "online" in row.get_attribute("class")
        shoot(driver, shots, f"{size}-add-mirror-paired")
        assert [e.action for e in office.db.audit()][:1] == ["paired-mirror"]
    finally:
        driver.quit()
        for bus in buses:
            bus.stop()
