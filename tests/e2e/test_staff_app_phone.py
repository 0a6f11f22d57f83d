"""The associates' web app end to end: headless Chromium at 390x844, real mosquitto, the
mirror's own SizeRequests on its own broker login, the store web service on its relay login.

Proves: sign in through the form; a request the mirror sent appears live; claim and deliver
reach the mirror; two associates racing for one request get exactly one winner and both
pages show it; a broker restart shows the offline banner and the page catches up; a floor
lead's page shows another zone's request once it escalates; each language renders
(screenshots go to $KIOSK_SCREENSHOTS, or a temporary folder)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.requests import SizeRequests
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.support.debian import missing_package
from tests.support.messaging import GTIN
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)
from tests.support.storeweb import PINS, staff_config

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    missing_package("Debian chromium + chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

STORE, MIRROR, ZONE = "demo-store", "mirror-1", "womenswear"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def phone(folder: Path, language: str = "en-GB"):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=390,844", f"--user-data-dir={folder}", f"--lang={language}",
                 "--force-color-profile=srgb", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    return driver


@pytest.fixture
def phones(tmp_path):
    opened = []

    def open_phone(name: str):
        opened.append(phone(tmp_path / f"profile-{name}"))
        return opened[-1]

    yield open_phone
    for driver in opened:
        driver.quit()


@pytest.fixture
def store(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    """The mirror (SizeRequests as login 'mirror') and the staff app on its own relay login
    ('staff-app', the ACL's one login that may claim for signed-in associates)."""
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    mirror_bus = MqttBus(MqttSettings(port=mosquitto.port, username="mirror",
                                      password=mosquitto.users["mirror"]), "mirror-1")
    mirror = SizeRequests(mirror_bus, store=STORE, mirror=MIRROR, zone=ZONE, room="Fitting room 3").start()
    mirror_bus.start()
    config = staff_config(store=STORE, listen_port=0, mqtt_username="staff-app",
                          mqtt_password_env="STAFF_APP_MQTT_PASSWORD")
    config.mqtt.port = mosquitto.port
    running = start(config)
    try:
        assert mirror_bus.wait_subscribed(10) and running.bus.wait_subscribed(10), running.bus.last_error
        yield mirror, running
    finally:
        running.stop()
        mirror_bus.stop()


def sign_in(driver, url: str, staff_id: str) -> None:
    driver.get(url)
    Select(driver.find_element(By.NAME, "staff")).select_by_value(staff_id)
    driver.find_element(By.NAME, "pin").send_keys(PINS[staff_id])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "requests"))


def card(driver, request_id: str, timeout: float = 10):
    selector = f'[data-request-id="{request_id}"]'
    return WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, selector))[0]


# The page re-renders a card on every relayed update: an element found a moment ago may be
# gone by the time it is read, so waits retry on a stale element instead of failing.
RERENDERED = (StaleElementReferenceException,)


def wait_text(driver, request_id: str, text: str, timeout: float = 10) -> None:
    WebDriverWait(driver, timeout, ignored_exceptions=RERENDERED).until(
        lambda d: text in card(d, request_id).text)


def tap(driver, request_id: str, action: str) -> None:
    def tapped(d) -> bool:
        card(d, request_id).find_element(By.CSS_SELECTOR, f'[data-action="{action}"]').click()
        return True

    WebDriverWait(driver, 10, ignored_exceptions=RERENDERED).until(tapped)


def test_sign_in_see_claim_and_deliver_a_request_the_mirror_sent(store, phones, shots):
    mirror, running = store
    anna = phones("anna")
    sign_in(anna, running.staff_url, "anna")
    request_id = mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    text = card(anna, request_id).text
    assert text.index("M") < text.index("Linen shirt") and "navy" in text and "Fitting room 3" in text
    anna.save_screenshot(str(shots / "staff-en-open.png"))
    tap(anna, request_id, "claim")
    wait_text(anna, request_id, "You claimed this")
    assert mirror.get(request_id).claimed_by == "Anna"  # the mirror says "Anna is bringing M"
    tap(anna, request_id, "on-my-way")
    wait_text(anna, request_id, "Anna is on the way")
    anna.save_screenshot(str(shots / "staff-en-claimed.png"))
    tap(anna, request_id, "delivered")
    WebDriverWait(anna, 10).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-request-id="{request_id}"]'))
    assert mirror.get(request_id).status == "delivered"


def test_a_size_not_on_the_floor_says_where_to_look(store, phones, shots):
    """Issue 14, defect 3: a size at 0 here, asked for anyway: the live card says so."""
    mirror, running = store
    anna = phones("anna")
    sign_in(anna, running.staff_url, "anna")
    request_id = mirror.request(GTIN, "M", "sky blue", product_name="Linen shirt", off_floor=True)
    wait_text(anna, request_id, "Not on the floor: check the stockroom / other stores")
    anna.save_screenshot(str(shots / "staff-en-off-floor.png"))
    tap(anna, request_id, "claim")
    wait_text(anna, request_id, "You claimed this")
    assert "Not on the floor: check the stockroom / other stores" in card(anna, request_id).text


def rang(driver, request_id: str) -> list[str]:
    """The alerts (sound + vibration) this page rang for the request: "id:escalation:priority"."""
    return [key for key in driver.execute_script("return window.staffAlerts") if key.startswith(request_id)]


def test_a_busy_associates_page_stays_quiet_while_a_free_ones_rings(store, phones, shots):
    mirror, running = store
    anna, li = phones("anna"), phones("li")
    sign_in(anna, running.staff_url, "anna")
    sign_in(li, running.staff_url, "li")
    carried = mirror.request(GTIN, "S", "navy", product_name="Linen shirt")
    tap(anna, carried, "claim")
    wait_text(anna, carried, "You claimed this")
    fresh = mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    card(anna, fresh), card(li, fresh)  # both lists show it: only the free one rings
    WebDriverWait(li, 5).until(lambda d: rang(d, fresh))
    time.sleep(1.0)
    assert rang(anna, fresh) == []
    assert mirror.ask_again(fresh)  # the shopper's second tap: the whole zone, on top
    WebDriverWait(anna, 5).until(lambda d: rang(d, fresh) == [f"{fresh}:0:1"])
    WebDriverWait(li, 5).until(lambda d: f"{fresh}:0:1" in rang(d, fresh))
    first = anna.find_elements(By.CSS_SELECTOR, "[data-request-id]")[0]
    assert first.get_attribute("data-request-id") == fresh and "priority" in first.get_attribute("class")
    anna.save_screenshot(str(shots / "staff-en-asked-again.png"))


def test_two_associates_race_for_one_request_and_both_see_the_one_winner(store, phones):
    mirror, running = store
    anna, li = phones("anna"), phones("li")
    sign_in(anna, running.staff_url, "anna")
    sign_in(li, running.staff_url, "li")
    request_id = mirror.request(GTIN, "S", "white", product_name="Linen shirt")
    buttons = [card(d, request_id).find_element(By.CSS_SELECTOR, '[data-action="claim"]') for d in (anna, li)]
    for driver, button in zip((anna, li), buttons, strict=True):
        driver.execute_script("arguments[0].click()", button)  # both tap before either hears back
    WebDriverWait(anna, 10).until(lambda _d: mirror.get(request_id).status == "claimed")
    winner = mirror.get(request_id).claimed_by
    assert winner in ("Anna", "Li")
    mine, theirs = (anna, li) if winner == "Anna" else (li, anna)
    wait_text(mine, request_id, "You claimed this")
    wait_text(theirs, request_id, f"{winner} is on it")
    assert not card(theirs, request_id).find_elements(By.CSS_SELECTOR, "[data-action]")
    assert mirror.get(request_id).claimed_by == winner  # the loser's claim changed nothing


def test_broker_restart_shows_the_offline_banner_then_catches_up(store, phones, mosquitto):  # noqa: F811
    mirror, running = store
    anna = phones("anna")
    sign_in(anna, running.staff_url, "anna")
    banner = anna.find_element(By.ID, "offline")
    assert not banner.is_displayed()
    mosquitto.stop()
    WebDriverWait(anna, 5).until(lambda _d: banner.is_displayed())
    missed = mirror.request(GTIN, "L", "navy", product_name="Linen shirt")  # sent while down
    mosquitto.start()
    card(anna, missed, timeout=60)  # paho resends after its reconnect backoff
    WebDriverWait(anna, 10).until(lambda _d: not banner.is_displayed())


def test_a_floor_lead_sees_another_zones_request_once_it_escalates(store, phones, mosquitto):  # noqa: F811
    """Marc leads the floor from womenswear; a menswear request reaches his page only when
    nobody in menswear took it in time (the mirror's ladder), and he can claim it."""
    _mirror, running = store
    menswear_bus = MqttBus(MqttSettings(port=mosquitto.port, username="mirror",
                                        password=mosquitto.users["mirror"]), "mirror-2")
    menswear = SizeRequests(menswear_bus, store=STORE, mirror="mirror-2", zone="menswear",
                            policy=EscalationPolicy(escalate_after_s=(1.0, 60.0)),
                            room="Fitting room 7").start()
    menswear_bus.start()
    try:
        assert menswear_bus.wait_subscribed(10)
        marc, bob = phones("marc"), phones("bob")
        sign_in(marc, running.staff_url, "marc")
        sign_in(bob, running.staff_url, "bob")
        request_id = menswear.request(GTIN, "L", "navy", product_name="Chinos")
        card(bob, request_id)  # the zone hears first...
        time.sleep(0.3)  # Marc's page got the same list event by now
        assert not marc.find_elements(By.CSS_SELECTOR, f'[data-request-id="{request_id}"]')  # ...not him
        WebDriverWait(marc, 5).until(lambda _d: menswear.tick() or menswear.get(request_id).escalation == 1)
        wait_text(marc, request_id, "Escalated: floor lead", timeout=2)
        tap(marc, request_id, "claim")
        WebDriverWait(marc, 5).until(lambda _d: menswear.get(request_id).claimed_by == "Marc")
    finally:
        menswear_bus.stop()


@pytest.mark.parametrize("language, claim", [("en", "Claim"), ("fr", "Je m'en occupe"), ("zh_CN", "我来处理")])
def test_each_language_renders_the_list(store, phones, shots, language, claim):
    mirror, running = store
    driver = phones(language)
    driver.get(f"{running.staff_url}?lang={language}")
    driver.save_screenshot(str(shots / f"staff-{language}-signin.png"))
    sign_in(driver, running.staff_url, "anna")
    request_id = mirror.request(GTIN, "M", "navy", product_name="Linen shirt")

    def claim_button(d) -> tuple[str, dict]:   # read in one go: the card may re-render between reads
        button = card(d, request_id).find_element(By.CSS_SELECTOR, '[data-action="claim"]')
        return button.text, button.size

    text, size = WebDriverWait(driver, 10, ignored_exceptions=RERENDERED).until(claim_button)
    assert text == claim
    assert size["height"] >= 48 and size["width"] >= 48
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(shots / f"staff-{language}-list.png"))


def test_kiosk_demo_prints_the_staff_app_url_and_serves_it(tmp_path):
    import signal
    import subprocess
    import sys
    from urllib.parse import urlsplit

    import httpx

    root = Path(__file__).resolve().parents[2]
    demo = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "demo", "--offscreen", "--camera-off", "--broker-port", "0",
         "--data-dir", str(tmp_path / "demo")], cwd=root, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    try:
        lines = []
        for line in demo.stdout:
            lines.append(line)
            if line.startswith("Staff app: ") or len(lines) > 400:
                break
        url = urlsplit(lines[-1].removeprefix("Staff app: ").strip())
        assert url.path == "/staff", "".join(lines)
        page = httpx.get(f"http://127.0.0.1:{url.port}/staff", timeout=10)
        assert page.status_code == 200 and 'name="pin"' in page.text and ">Anna<" in page.text
    finally:
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(30)
        except subprocess.TimeoutExpired:
            demo.kill()
            demo.wait()
