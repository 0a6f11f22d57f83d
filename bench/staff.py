"""Benchmark: the associates' web app on a phone, through a real mosquitto.

    python -m bench.staff [--requests 30]

tap -> staff page: the mirror's ``SizeRequests.request`` (login "mirror") until the card is
in the DOM of a signed-in page in headless Chromium (390x844); the page's own script records
that moment (``window.staffShownAt``), so nothing here polls it into the figure.
claim -> mirror: the Claim button clicked on the page (the time taken in the page, just
before the click) until the mirror's request model names Anna (its on_change callback).
The store web service relays on its own broker login ("staff-app"), as in a store.

Prints progress, then one JSON object as the LAST line: tap_to_staff_ms_p50/p99,
claim_to_mirror_ms_p50/p99, lost (requests that never showed, or claims the mirror never
took, within 5 s), requests.  Budget: both p99 <= 250 ms, lost 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from bench._util import emit, percentile
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.requests import SizeRequests
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import RELAY_LOGIN, start
from tests.support.mosquitto import running_mosquitto
from tests.support.storeweb import PINS, staff_config

GTIN = "4006381333931"
STORE, MIRROR, ZONE = "demo-store", "mirror-1", "womenswear"
WARM_UP = 3      # the first requests include page and connection set-up: not counted
TIMEOUT_S = 5.0  # a request not seen (or a claim not taken) by then is lost
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


class MirrorWatch:
    """The mirror's request model, and when each request first showed a claimer's name."""

    def __init__(self, bus: MqttBus):
        self.named_at: dict[str, float] = {}
        self.cond = threading.Condition()
        self.requests = SizeRequests(bus, store=STORE, mirror=MIRROR, zone=ZONE,
                                     room="Fitting room 3", on_change=self._changed).start()

    def _changed(self, view) -> None:  # bus thread
        if view.claimed_by:
            with self.cond:
                self.named_at.setdefault(view.id, time.time())
                self.cond.notify_all()

    def wait_named(self, request_id: str) -> float | None:
        with self.cond:
            self.cond.wait_for(lambda: request_id in self.named_at, TIMEOUT_S)
            return self.named_at.get(request_id)


def phone(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--window-size=390,844", f"--user-data-dir={profile}", "--lang=en-GB"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    return driver


def sign_in(driver, url: str, staff_id: str = "anna") -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(url)
    Select(driver.find_element(By.NAME, "staff")).select_by_value(staff_id)
    driver.find_element(By.NAME, "pin").send_keys(PINS[staff_id])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.staffShownAt"))


def shown_at(driver, request_id: str) -> float | None:
    """Epoch seconds at which the page put the request in its DOM (None: not within TIMEOUT_S)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        ms = driver.execute_script("return window.staffShownAt[arguments[0]] || null", request_id)
        if ms is not None:
            return ms / 1000
        time.sleep(0.005)
    return None


CLICK_CLAIM = """
const button = document.querySelector('[data-request-id="' + arguments[0] + '"] [data-action="claim"]');
if (!button) return null;
const at = Date.now();
button.click();
return at;
"""


def one_request(driver, mirror: MirrorWatch, n: int) -> tuple[float | None, float | None]:
    """(tap -> page ms, claim -> mirror ms) of one request; None where it was lost."""
    tapped = time.time()
    request_id = mirror.requests.request(GTIN, "M", "navy", product_name=f"Linen shirt {n}")
    seen = shown_at(driver, request_id)
    if seen is None:
        return None, None
    clicked = driver.execute_script(CLICK_CLAIM, request_id)
    named = mirror.wait_named(request_id) if clicked is not None else None
    mirror.requests.cancel(request_id)  # keep the list short: every request starts alike
    claim_ms = (named - clicked / 1000) * 1000 if named is not None else None
    return (seen - tapped) * 1000, claim_ms


def run(count: int) -> dict:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(binary):
            raise SystemExit(f"{binary} is missing: apt-get install chromium chromium-driver")
    with tempfile.TemporaryDirectory() as folder, running_mosquitto(Path(folder) / "mq") as broker:
        mirror_bus = MqttBus(MqttSettings(port=broker.port, username="mirror",
                                          password=broker.users["mirror"]), MIRROR)
        mirror = MirrorWatch(mirror_bus)
        mirror_bus.start()
        os.environ["BENCH_STAFF_APP_PASSWORD"] = broker.users[RELAY_LOGIN]
        config = staff_config(store=STORE, listen_port=0, mqtt_username=RELAY_LOGIN,
                              mqtt_password_env="BENCH_STAFF_APP_PASSWORD")
        config.mqtt.port = broker.port
        running = start(config)
        driver = phone(Path(folder) / "profile")
        try:
            assert mirror_bus.wait_subscribed(10) and running.bus.wait_subscribed(10)
            sign_in(driver, running.staff_url)
            return measure(driver, mirror, count)
        finally:
            driver.quit()
            running.stop()
            mirror_bus.stop()


def measure(driver, mirror: MirrorWatch, count: int) -> dict:
    taps, claims, lost = [], [], 0
    for n in range(WARM_UP + count):
        tap_ms, claim_ms = one_request(driver, mirror, n)
        if n < WARM_UP:
            continue
        lost += (tap_ms is None) + (claim_ms is None)
        taps += [tap_ms] if tap_ms is not None else []
        claims += [claim_ms] if claim_ms is not None else []
        print(f"request {n - WARM_UP + 1}/{count}: tap->page {_ms(tap_ms)}, claim->mirror "
              f"{_ms(claim_ms)}", flush=True)
    return {"tap_to_staff_ms_p50": round(percentile(taps, 50), 1),
            "tap_to_staff_ms_p99": round(percentile(taps, 99), 1),
            "claim_to_mirror_ms_p50": round(percentile(claims, 50), 1),
            "claim_to_mirror_ms_p99": round(percentile(claims, 99), 1),
            "lost": lost, "requests": count}


def _ms(value: float | None) -> str:
    return "lost" if value is None else f"{value:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests (bounded loop)")
    args = parser.parse_args(argv)
    result = run(max(1, min(args.requests, 500)))
    emit(result)
    budget = result["tap_to_staff_ms_p99"] <= 250 and result["claim_to_mirror_ms_p99"] <= 250
    return 0 if budget and result["lost"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
