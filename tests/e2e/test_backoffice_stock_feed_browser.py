"""The stock feed end to end: real mosquitto, two mirrors following the catalogue, the store
web service with the back office on its own broker login, a real HTTP server on 127.0.0.1
serving the feed, headless Chromium at 1366x768 and 390x844.  A good feed reaches both
mirrors (a size at 0 stops being offered); a feed with bad lines and one cut off change
nothing and the catalogue page names the lines.  Screenshots to $KIOSK_SCREENSHOTS."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.config import StockFeedSection
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.e2e.test_backoffice_browser import (
    STORE,
    browser,
    publish_native,
    shoot,
    shots,  # noqa: F401  (fixture)
)
from tests.support.backoffice import MirrorFollower, broker_config
from tests.support.httpd import Answer, LocalHttp
from tests.support.messaging import wait_for
from tests.support.mosquitto import mosquitto  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def store(mosquitto, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", mosquitto.users["staff-app"])
    monkeypatch.setenv("BACKOFFICE_MQTT_PASSWORD", mosquitto.users["manager"])
    buses, mirrors = [], []
    with LocalHttp() as feed:
        for mirror_id in ("mirror-1", "mirror-2"):
            bus = MqttBus(MqttSettings(port=mosquitto.port, username="mirror",
                                       password=mosquitto.users["mirror"]), f"{mirror_id}-feed").start()
            assert bus.wait_connected(10), bus.last_error
            buses.append(bus)
            mirrors.append(MirrorFollower(bus, STORE, mirror_id))
        running = start(broker_config(
            tmp_path / "data", mosquitto.port, store=STORE, mqtt_username="manager",
            mqtt_password_env="BACKOFFICE_MQTT_PASSWORD",
            stock_feed=StockFeedSection(feed_url=feed.url("/erp/stock.csv?key=s3cret"), every_minutes=60)))
        try:
            assert running.bus.wait_subscribed(10), running.bus.last_error
            yield mirrors, running, feed
        finally:
            running.stop()
            for bus in buses:
                bus.stop()


def allow_fetch_now(feed) -> None:
    """The button's 10 s gap is not what this test is about.  Taken under the feed's lock: a
    fetch of its own in flight (the publish wakes it) finishes first, with whatever answer it
    got, instead of stamping the gap after this reset and turning the button into a no-op."""
    with feed._lock:
        feed._asked = 0.0


def fetch_now(driver) -> None:
    """Press "Fetch now" and wait for the page the POST leads back to: the old page has a
    #stock-feed too, so waiting for one returned before the new page came (stale elements)."""
    driver.execute_script("window.beforeFetchNow = true")   # only the old page carries it
    driver.find_element(By.ID, "fetch-feed").click()
    # Chrome answers a query on the page being replaced with a stale element or "node does
    # not belong to the document": both mean "not yet".
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return window.beforeFetchNow === undefined")
        and d.find_elements(By.ID, "stock-feed"))


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_a_good_feed_reaches_both_mirrors_and_a_bad_one_names_its_lines(
        store, tmp_path, shots, size):  # noqa: F811
    mirrors, running, feed = store
    office = running.server.config.app.state.backoffice
    url = running.manage_url
    driver = browser(tmp_path / f"profile-{size}", size)
    try:
        _first, live = publish_native(driver, url, tmp_path, mirrors)
        in_stock = [v for s in live.styles for v in s.variants if v.stock > 0]
        sold_out = in_stock[0]
        colour = sold_out.colour.name if sold_out.colour else None

        feed.answer = Answer(200, f"gtin,quantity\n{sold_out.gtin},0\n{in_stock[1].gtin},7\n".encode())
        driver.get(f"{url}/catalogue")
        allow_fetch_now(office.stock_feed)
        fetch_now(driver)
        version = office.stock_feed.status.published
        assert version and office.stock_feed.status.error is None
        assert wait_for(lambda: all(m.catalogue.version.startswith(version) for m in mirrors), 10)
        for mirror in mirrors:
            assert mirror.catalogue.current.find_gtin(sold_out.gtin).stock == 0
            assert sold_out.size not in mirror.catalogue.current.sizes_in_stock(sold_out.style_id, colour)
        assert driver.find_element(By.ID, "stock-feed").get_attribute("data-state") == "ok"
        assert "s3cret" not in driver.page_source
        shoot(driver, shots, f"{size}-stock-feed")

        # bad lines: nothing changes, the page names each line and field
        feed.answer = Answer(200, f"gtin,quantity\n{sold_out.gtin},5\n{in_stock[1].gtin},-2\n"
                                  "4006381333932,1\n".encode())
        driver.get(f"{url}/catalogue")
        allow_fetch_now(office.stock_feed)
        fetch_now(driver)
        rows = driver.find_elements(By.CSS_SELECTOR, "#feed-problems tr[data-line]")
        assert {(r.get_attribute("data-line"), r.get_attribute("data-field")) for r in rows} == {
            ("3", "quantity"), ("4", "gtin")}
        assert driver.find_element(By.ID, "stock-feed").get_attribute("data-state") == "error"
        assert all(m.catalogue.version.startswith(version) for m in mirrors)
        shoot(driver, shots, f"{size}-stock-feed-errors")

        # cut off before its announced length: nothing changes, and it says so
        body = f"gtin,quantity\n{sold_out.gtin},5\n{in_stock[1].gtin},2\n".encode()
        feed.answer = Answer(200, body, cut_after=len(body) // 2)
        allow_fetch_now(office.stock_feed)
        driver.get(f"{url}/catalogue")
        fetch_now(driver)
        assert "stopped after" in driver.find_element(By.ID, "feed-error").text
        assert all(m.catalogue.current.find_gtin(sold_out.gtin).stock == 0 for m in mirrors)
    finally:
        driver.quit()
