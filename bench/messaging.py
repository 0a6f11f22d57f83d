"""Benchmark: tap -> handheld receipt through a real mosquitto with the durable outbox,
raw paho QoS 1 publish -> receipt in the same run, and N simulated mirrors under load.

    python -m bench.messaging [--requests 300] [--mirrors 20] [--per-mirror 25]

Prints progress, then one JSON object as the LAST line (keys request_ms_p50,
request_ms_p99, raw_publish_ms_p99, sent, lost, ...).  Budget: p99 <= 50 ms, lost 0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from kiosk.messaging import topics
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.outbox import DurableBus, Outbox
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.requests import SizeRequests
from kiosk.messaging.settings import MqttSettings
from tests.support.mosquitto import running_mosquitto

GTIN = "4006381333931"
WARM_UP = 10  # first messages include connection set-up: not counted
POLICY = EscalationPolicy(expire_after_s=3600)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Receiver:
    """A handheld: records when each (request id) first arrives."""

    def __init__(self, settings: MqttSettings, client_id: str, topic_filter: str, key):
        self.arrived: dict[str, float] = {}
        self.cond = threading.Condition()
        self.key = key
        self.bus = MqttBus(settings, client_id)
        self.bus.subscribe(topic_filter, self._on)
        self.bus.start()
        self.bus.wait_connected(5)

    def _on(self, topic, payload) -> None:
        now = time.perf_counter()
        with self.cond:
            self.arrived.setdefault(self.key(topic, payload), now)
            self.cond.notify_all()

    def wait(self, key: str, timeout: float = 2.0) -> float | None:
        with self.cond:
            self.cond.wait_for(lambda: key in self.arrived, timeout)
            return self.arrived.get(key)


def mirror_stack(settings: MqttSettings, folder: Path, mirror: str):
    bus = MqttBus(settings, f"mirror-bench-{mirror}")
    durable = DurableBus(bus, Outbox(folder / f"{mirror}.sqlite3"))
    requests = SizeRequests(durable, store="bench", mirror=mirror, zone="womenswear", policy=POLICY).start()
    bus.start()
    bus.wait_connected(5)
    return bus, durable, requests


def tap_to_handheld(settings, folder: Path, count: int) -> list[float]:
    handheld = Receiver(settings, "staff-bench", topics.requests_filter("bench", "womenswear"),
                        lambda t, p: p["id"] if p else "")
    bus, durable, requests = mirror_stack(settings, folder, "tap")
    latencies = []
    for i in range(count + WARM_UP):
        tapped = time.perf_counter()
        rid = requests.request(GTIN, "M")
        arrived = handheld.wait(rid)
        if arrived is not None and i >= WARM_UP:
            latencies.append((arrived - tapped) * 1000)
        time.sleep(0.005)
    bus.stop()
    handheld.bus.stop()
    durable.outbox.close()
    return latencies


def raw_publish(settings, count: int) -> list[float]:
    handheld = Receiver(settings, "staff-raw", "retail/v1/bench/raw/#", lambda t, p: t)
    bus = MqttBus(settings, "mirror-raw").start()
    bus.wait_connected(5)
    latencies = []
    for i in range(count + WARM_UP):
        sent = time.perf_counter()
        bus.publish(f"retail/v1/bench/raw/{i}", {"v": 1, "i": i}, qos=1)
        arrived = handheld.wait(f"retail/v1/bench/raw/{i}")
        if arrived is not None and i >= WARM_UP:
            latencies.append((arrived - sent) * 1000)
        time.sleep(0.005)
    bus.stop()
    handheld.bus.stop()
    return latencies


def load(settings, folder: Path, mirrors: int, per_mirror: int) -> tuple[int, int, float]:
    handheld = Receiver(settings, "staff-load", topics.requests_filter("bench", "womenswear"),
                        lambda t, p: p["id"] if p else "")
    stacks = [mirror_stack(settings, folder, f"load-{i}") for i in range(mirrors)]
    sent: list[str] = []
    lock = threading.Lock()

    def run(requests: SizeRequests) -> None:
        for _ in range(per_mirror):
            rid = requests.request(GTIN, "L")
            with lock:
                sent.append(rid)

    start = time.perf_counter()
    threads = [threading.Thread(target=run, args=(stack[2],)) for stack in stacks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with handheld.cond:
        handheld.cond.wait_for(lambda: all(r in handheld.arrived for r in sent), 30)
    elapsed = time.perf_counter() - start
    lost = sum(1 for r in sent if r not in handheld.arrived)
    for bus, durable, _ in stacks:
        bus.stop()
        durable.outbox.close()
    handheld.bus.stop()
    return len(sent), lost, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--mirrors", type=int, default=20)
    parser.add_argument("--per-mirror", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_mosquitto(Path(tmp) / "mosquitto") as broker:
        settings = MqttSettings(port=broker.port, username="mirror", password="mirror-pw", protocol="5")
        durable = tap_to_handheld(settings, Path(tmp), args.requests)
        raw = raw_publish(settings, args.requests)
        sent, lost, elapsed = load(settings, Path(tmp), args.mirrors, args.per_mirror)
    result = {
        "request_ms_p50": round(statistics.median(durable), 3),
        "request_ms_p99": round(percentile(durable, 99), 3),
        "raw_publish_ms_p50": round(statistics.median(raw), 3),
        "raw_publish_ms_p99": round(percentile(raw, 99), 3),
        "durable_to_raw_p99_ratio": round(percentile(durable, 99) / percentile(raw, 99), 2),
        "requests_measured": len(durable),
        "mirrors": args.mirrors,
        "sent": sent,
        "lost": lost + (args.requests - len(durable)),
        "load_requests_per_s": round(sent / elapsed, 1),
        "budget_p99_ms": 50,
    }
    print(f"tap->handheld p50 {result['request_ms_p50']} ms, p99 {result['request_ms_p99']} ms; "
          f"raw p99 {result['raw_publish_ms_p99']} ms; load {sent} sent, {lost} lost")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
