"""The back office end to end: headless Chromium at 1366x768 and 390x844, real mosquitto, two
mirrors following the catalogue with the project's follower (CatalogueStore +
follow_published) and reporting it in their retained state, the store web service on its
relay login and the back office on its own (allowed to write the catalogue topic).

Proves: sign in through the form (username/password); a broken Shopify export shows its
errors at the right rows and cannot be published; the sample export previews and publishes;
both mirrors acknowledge; a second version, then a roll back to the first, which both
mirrors run again; the mirrors, results and audit pages render; en/fr/zh_CN.  Screenshots
of every page go to $KIOSK_SCREENSHOTS (docs/screenshots/backoffice), or a temporary folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.support.backoffice import PASSWORDS, MirrorFollower, broker_config
from tests.support.catalogue import SHOPIFY_APPAREL, native_csv_text
from tests.support.debian import missing_package
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
    missing_package("Debian chromium + chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

STORE = "demo-store"
SIZES = {"desk": (1366, 768, False), "phone": (390, 844, True)}


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def browser(profile: Path, size: str, language: str = "en-GB"):
    width, height, mobile = SIZES[size]
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--window-size={width},{height}", f"--user-data-dir={profile}", f"--lang={language}",
                 "--force-color-profile=srgb", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    return driver


@pytest.fixture
def store(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    """Two mirrors (login 'mirror') and the store web service: relay login 'staff-app', back
    office login 'manager' (the test ACL's catalogue writer)."""
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    monkeypatch.setenv("BACKOFFICE_MQTT_PASSWORD", mosquitto.users["manager"])
    monkeypatch.setenv("E2E_MQTT_PORT", str(mosquitto.port))
    buses, mirrors = [], []
    for mirror_id in ("mirror-1", "mirror-2"):
        bus = MqttBus(MqttSettings(port=mosquitto.port, username="mirror", password=mosquitto.users["mirror"]),
                      f"{mirror_id}-e2e").start()
        assert bus.wait_connected(10), bus.last_error
        buses.append(bus)
        mirrors.append(MirrorFollower(bus, STORE, mirror_id))
    config = broker_config(tmp_path / "data", mosquitto.port, store=STORE, mqtt_username="manager",
                           mqtt_password_env="BACKOFFICE_MQTT_PASSWORD")
    running = start(config)
    try:
        assert running.bus.wait_subscribed(10), running.bus.last_error
        yield mirrors, running
    finally:
        running.stop()
        for bus in buses:
            bus.stop()


def broken_shopify(folder: Path) -> Path:
    """The sample with a mistyped barcode on line 4 and a barcode used twice (lines 3 and 5)."""
    lines = SHOPIFY_APPAREL.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("true,true,,", "true,true,4006381333931,", 1)
    lines[3] = lines[3].replace("true,true,,", "true,true,4006381333932,", 1)
    lines[4] = lines[4].replace("true,true,,", "true,true,4006381333931,", 1)
    path = folder / "products_export_broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def changed_shopify(folder: Path) -> Path:
    """The sample with one price changed: a second version to roll back from."""
    text = SHOPIFY_APPAREL.read_text(encoding="utf-8").replace(",deny,manual,50,", ",deny,manual,45,", 1)
    path = folder / "products_export_sale.csv"
    path.write_text(text, encoding="utf-8")
    return path


def sign_in(driver, url: str) -> None:
    driver.get(url)
    driver.find_element(By.NAME, "username").send_keys("manager")
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS["manager"])
    driver.find_element(By.ID, "signin").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "signed-in-as"))


def upload(driver, url: str, path: Path) -> None:
    driver.get(f"{url}/catalogue")
    driver.find_element(By.NAME, "file").send_keys(str(path))
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "verdict-text"))


def wait_acknowledged(driver, version: str) -> None:
    def both(d):
        rows = d.find_elements(By.CSS_SELECTOR, "#acks tr[data-mirror]")
        return len(rows) == 2 and all(r.get_attribute("data-acknowledged") == "yes" for r in rows)
    # manage.js reloads the page when a mirror shows up that the page did not list: elements
    # found before the reload go stale, and are looked up again.
    WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: version in d.find_element(By.ID, "live-version").text and both(d))


def publish(driver) -> str:
    """Press publish; the version the page says went out."""
    driver.find_element(By.CSS_SELECTOR, '[data-action="publish"]').click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "published") or d.find_elements(By.ID, "publish-error"))
    assert not driver.find_elements(By.ID, "publish-error"), driver.find_element(By.ID, "publish-error").text
    return driver.find_element(By.ID, "published").get_attribute("data-version")


def shoot(driver, folder: Path, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(width, min(max(height, 600), 4000))
    driver.save_screenshot(str(folder / f"{name}.png"))


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_upload_fix_preview_publish_acknowledge_roll_back(store, tmp_path, shots, size):
    mirrors, running = store
    url = running.manage_url
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        driver.get(url)
        shoot(driver, shots, f"{size}-signin")
        sign_in(driver, url)
        shoot(driver, shots, f"{size}-home")

        upload(driver, url, broken_shopify(tmp_path))
        errors = driver.find_elements(By.CSS_SELECTOR, "#problems tr.error")
        assert {(r.get_attribute("data-line"), r.get_attribute("data-field")) for r in errors} == {("4", "gtin"), ("5", "gtin")}
        assert not driver.find_elements(By.CSS_SELECTOR, '[data-action="publish"]')
        shoot(driver, shots, f"{size}-draft-errors")

        # The gaps Shopify cannot express, filled in the page and checked again.
        upload(driver, url, SHOPIFY_APPAREL)
        driver.find_element(By.ID, "fix-here").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "editable"))
        gaps = len(driver.find_elements(By.CSS_SELECTOR, 'tr[data-code="size-missing"]'))
        form = driver.find_element(By.CSS_SELECTOR, 'form.fill[data-fill="size"]')
        form.find_element(By.NAME, "value").send_keys("One size")
        form.find_element(By.CSS_SELECTOR, '[data-action="fill"]').click()
        WebDriverWait(driver, 20).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, 'tr[data-code="size-missing"]')) == gaps - 1)
        shoot(driver, shots, f"{size}-draft-fill")

        upload(driver, url, SHOPIFY_APPAREL)
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="styles_added"] b').text != "0"
        shoot(driver, shots, f"{size}-draft-preview")
        first = publish(driver)
        wait_acknowledged(driver, first)
        assert all(m.catalogue.version.startswith(first) for m in mirrors)
        shoot(driver, shots, f"{size}-published")

        upload(driver, url, changed_shopify(tmp_path))
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="repriced"] b').text == "1"
        second = publish(driver)
        wait_acknowledged(driver, second)

        driver.find_element(By.CSS_SELECTOR, f'tr[data-version="{first}"] [data-action="rollback"]').click()
        wait_acknowledged(driver, first)
        assert wait_for(lambda: all(m.catalogue.version.startswith(first) for m in mirrors), 10)
        shoot(driver, shots, f"{size}-rolled-back")

        for page in ("mirrors", "results", "audit"):
            driver.get(f"{url}/{page}")
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
            # {size}-results.png is test_backoffice_results_browser's (a week of visits).
            shoot(driver, shots, f"{size}-{page}" + ("-no-events" if page == "results" else ""))
        audit = driver.find_element(By.ID, "audit").text   # worded (audit_view.py), not codes
        assert "Rolled the catalogue back" in audit and audit.count("Published a catalogue") >= 2
    finally:
        driver.quit()


@pytest.mark.parametrize("lang", ["fr", "zh_CN"])
def test_pages_in_french_and_chinese(store, tmp_path, shots, lang):
    _mirrors, running = store
    driver = browser(tmp_path / f"profile-{lang}", "desk", lang.replace("_", "-"))
    try:
        driver.get(f"{running.manage_url}?lang={lang}")
        shoot(driver, shots, f"{lang}-signin")
        sign_in(driver, running.manage_url)
        driver.get(f"{running.manage_url}/catalogue")
        assert {"fr": "Envoyer un catalogue", "zh_CN": "上传商品目录"}[lang] in driver.page_source
        shoot(driver, shots, f"{lang}-catalogue")
    finally:
        driver.quit()


def stock_file(folder: Path, counts: dict[str, int]) -> Path:
    path = folder / "stock.csv"
    path.write_text("gtin,quantity\n" + "".join(f"{g},{n}\n" for g, n in counts.items()), encoding="utf-8")
    return path


def native_file(folder: Path) -> Path:
    path = folder / "catalogue.csv"
    path.write_text(native_csv_text(20), encoding="utf-8")
    return path


def publish_native(driver, url: str, folder: Path, mirrors):
    """Sign in, publish a native catalogue with GTINs, wait for every mirror to run it:
    (its version, the catalogue the first mirror runs)."""
    sign_in(driver, url)
    upload(driver, url, native_file(folder))
    version = publish(driver)
    wait_acknowledged(driver, version)
    return version, mirrors[0].catalogue.current


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_stock_change_reaches_the_mirrors_and_forged_posts_and_other_managers_are_refused(
        store, tmp_path, shots, size):
    mirrors, running = store
    url = running.manage_url
    driver = browser(tmp_path / f"profile-{size}", size)
    other = browser(tmp_path / f"profile-{size}-paul", size)
    try:
        first, live = publish_native(driver, url, tmp_path, mirrors)
        variant = next(v for s in live.styles for v in s.variants if v.stock > 0)
        colour = variant.colour.name if variant.colour else None
        assert variant.size in mirrors[0].catalogue.current.sizes_in_stock(variant.style_id, colour)

        driver.get(f"{url}/catalogue")
        driver.find_element(By.ID, "stock-file").send_keys(str(stock_file(tmp_path, {variant.gtin: 0})))
        driver.find_element(By.ID, "check-stock").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "verdict-text"))
        assert driver.find_elements(By.ID, "stock-draft")
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="restocked"] b').text == "1"
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="repriced"] b').text == "0"
        shoot(driver, shots, f"{size}-stock-preview")
        draft_url = driver.current_url

        # A second manager's session: the first one's upload is not there for them to publish.
        other.get(url)
        other.find_element(By.NAME, "username").send_keys("paul")
        other.find_element(By.NAME, "password").send_keys(PASSWORDS["paul"])
        other.find_element(By.ID, "signin").click()
        WebDriverWait(other, 10).until(lambda d: d.find_elements(By.ID, "signed-in-as"))
        other.get(draft_url)
        assert other.find_elements(By.ID, "upload-error")
        assert not other.find_elements(By.CSS_SELECTOR, '[data-action="publish"]')
        token = other.find_element(By.NAME, "csrf").get_attribute("value")  # paul's own, valid
        assert other.execute_async_script(FORGED_POST, f"{draft_url}/publish", token) == 303  # to the list

        # A CSRF attempt from the manager's own signed-in browser: a wrong token is refused,
        # and a form posted from another origin never reaches a route.
        assert driver.execute_async_script(FORGED_POST, f"{draft_url}/publish", "forged") == 403
        driver.get("data:text/html,<form id=f method=post action='" + draft_url + "/publish'>"
                   "<input name=csrf value=forged></form><script>f.submit()</script>")
        WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(url))
        assert "forbidden" in driver.page_source.lower() or "refused" in driver.page_source.lower()
        assert all(m.catalogue.version.startswith(first) for m in mirrors)

        driver.get(draft_url)
        second = publish(driver)
        wait_acknowledged(driver, second)
        assert wait_for(lambda: all(m.catalogue.version.startswith(second) for m in mirrors), 10)
        for mirror in mirrors:
            running_now = mirror.catalogue.current
            assert running_now.find_gtin(variant.gtin).stock == 0
            assert variant.size not in running_now.sizes_in_stock(variant.style_id, colour)
        shoot(driver, shots, f"{size}-stock-published")

        # A catalogue the mirrors refuse (made for another store, by another tool): each keeps
        # the one it runs and the pages say why.
        refuse_from_another_tool(live)

        def refusals(d) -> list[str]:
            d.get(f"{url}/catalogue")
            cells = d.find_elements(By.CSS_SELECTOR, '#acks td[data-field="catalogue_error"]')
            return [c.text for c in cells if "elsewhere" in c.text]
        WebDriverWait(driver, 20, poll_frequency=0.5).until(lambda d: len(refusals(d)) == 2)
        assert all(m.catalogue.version.startswith(second) for m in mirrors)  # each kept its own
        shoot(driver, shots, f"{size}-refused")
        driver.get(f"{url}/mirrors")
        assert "elsewhere" in driver.find_element(By.ID, "mirrors").text
        shoot(driver, shots, f"{size}-mirrors-refused")
    finally:
        driver.quit()
        other.quit()


def refuse_from_another_tool(catalogue) -> None:
    """Publish, on the back office's broker login, a notice made for another store."""
    import threading

    from kiosk.catalogue.publish import make_notice
    from kiosk.messaging import topics
    bus = MqttBus(MqttSettings(port=int(os.environ["E2E_MQTT_PORT"]), username="manager",
                               password=os.environ["BACKOFFICE_MQTT_PASSWORD"]), "other-tool").start()
    acked = threading.Event()
    try:
        assert bus.wait_connected(10), bus.last_error
        bus.publish(topics.catalogue(STORE), make_notice(catalogue, "elsewhere"), qos=1, retain=True,
                    on_ack=lambda ok: acked.set())
        assert acked.wait(10)
    finally:
        bus.stop()


FORGED_POST = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {method: "POST", redirect: "manual", credentials: "same-origin",
                     headers: {"Content-Type": "application/x-www-form-urlencoded"},
                     body: "csrf=" + encodeURIComponent(arguments[1])})
  .then(r => done(r.type === "opaqueredirect" ? 303 : r.status), () => done(-1));
"""
