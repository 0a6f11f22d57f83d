"""Benchmark: the managers' back office (/manage) through a real server and a real mosquitto.

    python -m bench.backoffice [--publishes 20]

upload_preview_s: the 50,000-variant native CSV (tests/support/catalogue.py) posted to the
upload form of the running store web service (uvicorn, httpx client signed in through the
form, with its CSRF token), checked by ``kiosk catalogue check``'s code, then the draft page
with its preview of the changes against the live 50,000-variant catalogue: from the first
byte of the upload until the preview page has arrived (median of 3).

publish_ack_s_p99: Publish pressed (the form's POST) until BOTH mirrors run the new version:
two in-process followers (CatalogueStore + follow_published, the mirrors' code, as the e2e
test uses) on their own broker connections (login "mirror"), timed by their on_change.
Two drafts of the store's everyday size (the Shopify sample and the same with one price
changed) are published alternately, so each publish is a real change.

Prints progress, then one JSON object as the LAST line with exactly the keys
``upload_preview_s`` and ``publish_ack_s_p99``.  Budget: 3 s and 2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench._util import emit, median, percentile
from kiosk.catalogue.store import CatalogueStore, follow_published
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.support.backoffice import PASSWORDS, office_config
from tests.support.catalogue import SHOPIFY_APPAREL, native_csv_text
from tests.support.mosquitto import running_mosquitto

STORE = "demo-store"
MIRRORS = ("mirror-1", "mirror-2")
VARIANTS = 50_000
RUNS = 3
TIMEOUT_S = 30.0


class Follower:
    """A mirror's catalogue side; when it switched to each version."""

    def __init__(self, bus: MqttBus, mirror: str):
        self.mirror = mirror
        self.switched: dict[str, float] = {}
        self.cond = threading.Condition()
        self.store = CatalogueStore(store_id=STORE)
        self.store.add_listener(on_change=lambda *_: self._changed())
        follow_published(bus, self.store)

    def _changed(self) -> None:
        with self.cond:
            self.switched.setdefault(self.store.version[:16], time.perf_counter())
            self.cond.notify_all()

    def wait(self, version: str) -> float | None:
        with self.cond:
            self.cond.wait_for(lambda: version in self.switched, TIMEOUT_S)
            return self.switched.get(version)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    if not found:
        raise SystemExit("no CSRF field in the page: not signed in?")
    return found[1]


def signed_in_client(url: str, origin: str) -> httpx.Client:
    client = httpx.Client(base_url=url, headers={"Origin": origin}, timeout=60)
    token = csrf_of(client.get("/manage").text)
    answer = client.post("/manage/signin", data={"csrf": token, "username": "manager",
                                                 "password": PASSWORDS["manager"]})
    if answer.status_code not in (200, 303):
        raise SystemExit(f"sign-in refused: {answer.status_code}")
    return client


def upload(client: httpx.Client, name: str, content: bytes) -> tuple[str, str]:
    """(draft path, the draft page's HTML): the upload, its check and the preview."""
    token = csrf_of(client.get("/manage/catalogue").text)
    answer = client.post("/manage/catalogue/upload", data={"csrf": token},
                         files={"file": (name, content, "text/csv")})
    if answer.status_code != 303:
        raise SystemExit(f"upload refused: {answer.status_code} {answer.text[:300]}")
    draft = answer.headers["location"]
    page = client.get(draft)
    if page.status_code != 200 or 'data-action="publish"' not in page.text:
        raise SystemExit(f"{name}: the draft cannot be published ({page.status_code})")
    return draft, page.text


def publish(client: httpx.Client, draft: str) -> str:
    token = csrf_of(client.get(draft).text)
    answer = client.post(f"{draft}/publish", data={"csrf": token})
    found = re.search(r"published=([0-9a-f]{16})", answer.headers.get("location", ""))
    if answer.status_code != 303 or not found:
        raise SystemExit(f"publish failed: {answer.status_code} {answer.headers.get('location')}")
    return found[1]


def run(publishes: int) -> dict:
    with tempfile.TemporaryDirectory() as folder, running_mosquitto(Path(folder) / "mq") as broker:
        buses, followers = [], []
        for mirror in MIRRORS:
            bus = MqttBus(MqttSettings(port=broker.port, username="mirror",
                                       password=broker.users["mirror"]), f"{mirror}-bench").start()
            if not bus.wait_connected(10):
                raise SystemExit(f"mirror could not connect: {bus.last_error}")
            buses.append(bus)
            followers.append(Follower(bus, mirror))
        os.environ["BENCH_BACKOFFICE_MQTT_PASSWORD"] = broker.users["manager"]
        os.environ["BENCH_STAFF_APP_MQTT_PASSWORD"] = broker.users["staff-app"]
        config = office_config(Path(folder) / "data", store=STORE, mqtt_username="manager",
                               mqtt_password_env="BENCH_BACKOFFICE_MQTT_PASSWORD",
                               max_upload_mb=20)
        config.staff_app.listen_port, config.staff_app.mqtt_username = 0, "staff-app"
        config.staff_app.mqtt_password_env = "BENCH_STAFF_APP_MQTT_PASSWORD"
        config.mqtt.port = broker.port
        running = start(config)
        try:
            if not running.bus.wait_subscribed(10):
                raise SystemExit(f"store web service not subscribed: {running.bus.last_error}")
            client = signed_in_client(running.url, running.url)
            big = native_csv_text(VARIANTS).encode("utf-8")
            changed = native_csv_text(VARIANTS).replace(",39.95", ",34.95", 500).encode("utf-8")
            print(f"50k catalogue: {len(big) / 1048576:.1f} MB; publishing it as the live one", flush=True)
            draft = upload(client, "live.csv", big)[0]
            began = time.perf_counter()
            live = publish(client, draft)
            seen = [follower.wait(live) for follower in followers]
            if None in seen:
                raise SystemExit("a mirror never ran the 50k catalogue")
            print(f"(not in the figures) publish of 50k variants -> both mirrors run it: "
                  f"{max(seen) - began:.2f} s", flush=True)
            timings = []
            for n in range(RUNS):
                began = time.perf_counter()
                _draft, page = upload(client, f"sale-{n}.csv", changed)
                timings.append(time.perf_counter() - began)
                if 'data-count="repriced"' not in page:
                    raise SystemExit("the draft page shows no preview")
                print(f"upload + check + preview of 50k variants: {timings[-1]:.2f} s", flush=True)

            drafts = [upload(client, "sample.csv", SHOPIFY_APPAREL.read_bytes())[0],
                      upload(client, "sample-sale.csv", SHOPIFY_APPAREL.read_text(encoding="utf-8")
                             .replace(",deny,manual,50,", ",deny,manual,45,", 1).encode("utf-8"))[0]]
            acks, lost = [], 0
            for n in range(publishes):
                began = time.perf_counter()
                version = publish(client, drafts[n % 2])
                seen = [f.wait(version) for f in followers]
                if None in seen:
                    lost += 1
                    continue
                acks.append(max(seen) - began)
                for follower in followers:  # the next publish of this version is a new switch
                    follower.switched.pop(version, None)
            print(f"publish -> {len(MIRRORS)} mirrors: {len(acks)} publishes, p50 "
                  f"{median(acks):.3f} s, p99 {percentile(acks, 99):.3f} s, lost {lost}", flush=True)
            client.close()
        finally:
            running.stop()
            for bus in buses:
                bus.stop()
    return {"upload_preview_s": round(median(timings), 3),
            "publish_ack_s_p99": round(percentile(acks, 99), 3) if not lost else float("inf")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=20)
    emit(run(parser.parse_args().publishes))


if __name__ == "__main__":
    main()
