"""The soak's mirror: real capture, vision worker, session, journey, consent, messaging.

Wired the way kiosk/app.py wires them (session wipers, journey.begin on engage), without
Qt: the soak watches the domain side, where leaks would come from.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

# mediapipe keeps the ImportError of its optional audio backend (sounddevice), and with it
# the frames of whatever function imported mediapipe first: import it here, at module level,
# so no object of ours (and no shopper data it holds) is pinned for the life of the process.
import mediapipe  # noqa: F401

from hardware.camera import CaptureLoop, PlaylistSource
from kiosk.app import build_session
from kiosk.basket import BasketStore
from kiosk.catalogue import load_catalogue
from kiosk.config import StoreConfig
from kiosk.consent import ColourConsent
from kiosk.health import process
from kiosk.health.publisher import HealthPublisher
from kiosk.health.snapshot import HealthCollector
from kiosk.journey import Journey
from kiosk.messaging.service import MirrorMessaging
from kiosk.models.paths import REPO_ROOT, default_models_dir
from kiosk.session import State
from kiosk.vision.factory import build_pipeline
from kiosk.vision.worker import VisionWorker

PASSWORD_ENV = "KIOSK_SOAK_MQTT_PASSWORD"
CATALOGUE = REPO_ROOT / "config" / "demo-catalogue.yaml"


class SoakRig:
    def __init__(self, folder: Path, broker, items, clock):
        os.environ[PASSWORD_ENV] = broker.users["mirror"]
        data = folder / "data"
        self.config = StoreConfig(
            store={"id": "soak-store"}, mirror={"id": "mirror-1"}, data_dir=str(data),
            mqtt={"host": "127.0.0.1", "port": broker.port, "username": "mirror",
                  "password_env": PASSWORD_ENV})
        self.broker, self.clock = broker, clock
        self.session = build_session(self.config)
        self.baskets = BasketStore(data / "basket.sqlite3")
        catalogue = load_catalogue(CATALOGUE)
        self.journey = Journey(lambda: catalogue, self.baskets)
        self.gtins = [c.variants[0].gtin for s in catalogue.garments()[:2] for c in s.colourways[:1]]
        self.consent = ColourConsent()
        self.capture = CaptureLoop(lambda: PlaylistSource(items, fps=30.0), stall_seconds=3.0)
        self.worker = VisionWorker(build_pipeline(default_models_dir()), self.capture.latest,
                                   self._on_observation)
        self.messaging = MirrorMessaging.from_config(self.config).start()
        self.health = HealthPublisher(HealthCollector(
            capture=self.capture, messaging=self.messaging, pipeline=self.worker.pipeline),
            self.messaging.publish_health, data)
        self._latest, self._lock, self._request_id, self.tally = None, threading.Lock(), None, None
        for wiper in (self.journey.wipe, self.consent.forget, self.worker.forget):
            self.session.on_wipe(wiper)
        self.session.on_change(self._on_state)
        self.capture.start()
        self.worker.start()

    def _on_observation(self, observation) -> None:  # vision thread
        with self._lock:
            self._latest = observation

    def _take(self):
        with self._lock:
            observation, self._latest = self._latest, None
        return observation

    def _on_state(self, old: State, new: State) -> None:
        if new is State.ENGAGED and old is State.ATTRACT and self.session.session_id:
            self.journey.begin(self.session.session_id)
            self.consent.opt_in()
            for gtin in self.gtins:
                self.journey.basket.add(gtin)
            self._request_id = self.messaging.requests.request(self.gtins[0], "M", product_name="Soak")
            self.tally.sessions += 1
            self.tally.requests += 1
        elif new is State.ATTRACT and self._request_id:
            self.messaging.requests.cancel(self._request_id)
            self._request_id = None

    def loop(self, real_s: float, restart_every_s: float, sample_every_s: float, tally) -> None:
        self.tally = tally
        end, next_restart, next_sample = time.monotonic() + real_s, restart_every_s, 0.0
        while time.monotonic() < end:
            now = self.clock()
            observation = self._take()
            if observation is not None:
                self.session.presence(observation.present, now)
                self.consent.feed(observation)
                tally.observations += 1
            self.session.tick(now)
            if now >= next_sample:
                sample = process.sample()
                tally.samples.append((now / 3600, sample.rss_mb, sample.threads, sample.fds))
                self.health.publish_now()
                next_sample += sample_every_s
            if now >= next_restart:
                self.broker.restart()
                tally.restarts += 1
                next_restart += restart_every_s
            time.sleep(0.02)

    def outbox_pending(self) -> int:
        return int(self.messaging.outbox.counts().get("pending", 0))

    def stop(self) -> None:
        self.session.end()  # the last shopper's data goes, as at any orderly stop
        self.worker.stop()
        self.capture.stop()
        self.worker.pipeline.close()
        self.messaging.stop()
        self.baskets.close()
