"""The soak's mirror: real capture, vision worker, session, messaging and the shopper core
(journey, consent, the room's size request) the mirror runs.

Wired the way kiosk/app.py wires them (session wipers, the core's state listener), without
Qt: the soak watches the domain side, where leaks would come from.  Each shopper acts through
the core's verbs, as the screens do: opt in, two items in the basket, scan one and ask for it.
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
from hardware.scanners.events import ItemScanned
from hardware.scanners.gs1 import gtin_from_scan
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
from kiosk.shopper.core import ShopperCore
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
        catalogue = self.catalogue = load_catalogue(CATALOGUE)
        self.journey = Journey(lambda: catalogue, self.baskets)
        # the basket takes only sizes in stock here
        self.gtins = [next(v.gtin for v in c.variants if v.in_stock)
                      for s in catalogue.garments()[:2] for c in s.colourways[:1]]
        self.consent = ColourConsent()
        self.capture = CaptureLoop(lambda: PlaylistSource(items, fps=30.0), stall_seconds=3.0)
        self.worker = VisionWorker(build_pipeline(default_models_dir()), self.capture.latest,
                                   self._on_observation)
        self.messaging = MirrorMessaging.from_config(self.config).start()
        self.health = HealthPublisher(HealthCollector(
            capture=self.capture, messaging=self.messaging, pipeline=self.worker.pipeline),
            self.messaging.publish_health, data)
        self._latest, self._lock, self.tally = None, threading.Lock(), None
        self.shopper = ShopperCore(self.journey, self.session, clock=clock,
                                   requests=self.messaging.requests, consent=self.consent)
        self.session.on_wipe(self.worker.forget)
        self.session.on_change(self.shopper.state_changed)  # as the UI forwards state changes
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
        """A shopper arrives: they act through the core.  (When they leave, the wipe cancels
        their open request, as on the mirror: kiosk/room_request.py.)"""
        if new is State.ENGAGED and old is State.ATTRACT and self.session.session_id:
            self.shopper.opt_in_colour()
            for gtin in self.gtins:
                self.shopper.add_to_basket(self.catalogue.find_gtin(gtin))
            gtin, symbology = gtin_from_scan(self.gtins[0])
            self.shopper.scan(ItemScanned(gtin, "hid", self.gtins[0], symbology))
            self.shopper.request_size()
            self.tally.sessions += 1
            self.tally.requests += 1

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
