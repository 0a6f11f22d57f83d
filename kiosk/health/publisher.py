"""Publishes the health snapshot every ``interval_s`` on its own thread (not the GUI's).

Each round: the retained mirror state (``publish(health_dict)``, i.e.
``MirrorMessaging.publish_health``) and ``health.json`` in the data dir, which
``kiosk diagnose`` puts in the support bundle.  Failures are logged, never raised.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.health.snapshot import HealthCollector

log = logging.getLogger(__name__)

HEALTH_FILE = "health.json"


class HealthPublisher:
    def __init__(self, collector: HealthCollector, publish: Callable[[dict[str, Any]], None] | None,
                 data_dir: str | Path | None, *, interval_s: float = 30.0):
        self.collector, self.publish, self.interval_s = collector, publish, interval_s
        self.path = Path(data_dir) / HEALTH_FILE if data_dir is not None else None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0

    def start(self) -> HealthPublisher:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="health-publisher", daemon=True)
        self._thread.start()
        return self

    def request_publish(self) -> None:
        """Publish soon, on the publisher's thread (safe from any thread: paho's on reconnect,
        whose birth message replaces the retained state with one that has no health)."""
        self._wake.set()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def publish_now(self) -> dict[str, Any]:
        payload = self.collector.collect().as_payload()
        if self.publish is not None:
            try:
                self.publish(payload)
            except Exception as exc:  # broker or outbox trouble: try again next round
                log.warning("health publish failed: %s", exc)
        self._write(payload)
        self.rounds += 1
        return payload

    def _run(self) -> None:
        while not self._stop.is_set():
            self.publish_now()
            self._wake.wait(self.interval_s)
            self._wake.clear()

    def _write(self, payload: dict[str, Any]) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(payload, indent=1, sort_keys=True), "utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot write %s: %s", self.path, exc)
