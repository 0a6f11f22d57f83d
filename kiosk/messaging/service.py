"""Messaging for one mirror, assembled from the store config: what app.py wires.

    messaging = MirrorMessaging.from_config(config, on_request_change=callback)
    messaging.start()            # connects in the background; works offline meanwhile
    messaging.requests.request(gtin, "M", "navy", product_name="Linen shirt")
    messaging.bus.publish(...)   # durable Bus for other features (catalogue, events …)
    messaging.stop()

``on_request_change(RequestView)`` runs on paho's loop thread or the ticker
thread: adapt it to a Qt signal, never touch widgets in it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.config import StoreConfig
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.outbox import DurableBus, Outbox
from kiosk.messaging.payloads import MirrorState
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.requests import ChangeCallback, SizeRequests
from kiosk.messaging.settings import MqttSettings
from kiosk.messaging.ticker import RequestTicker

log = logging.getLogger(__name__)


def mirror_client_id(config: StoreConfig) -> str:
    """Stable and unique per mirror: the broker keeps its session under this id."""
    return config.mqtt.client_id or f"mirror-{config.store.id}-{config.mirror.id}"


def outbox_path(config: StoreConfig) -> Path:
    return config.resolve(config.data_dir) / config.mqtt.outbox_path


class MirrorMessaging:
    def __init__(self, mqtt: MqttBus, outbox: Outbox, requests_factory: Callable[[Bus], SizeRequests],
                 *, state_topic: str, mirror: str):
        self.mqtt, self.outbox = mqtt, outbox
        self.bus = DurableBus(mqtt, outbox)
        self.requests = requests_factory(self.bus)
        self.ticker = RequestTicker(self.requests)
        self.state_topic, self.mirror = state_topic, mirror

    @classmethod
    def from_config(cls, config: StoreConfig, *, on_request_change: ChangeCallback | None = None,
                    clock: Callable[[], float] = time.time) -> MirrorMessaging:
        store, mirror = config.store.id, config.mirror.id
        state = topics.mirror_state(store, mirror)
        mqtt = MqttBus(MqttSettings.from_config(config), mirror_client_id(config),
                       birth=(state, MirrorState(mirror=mirror, status="online")),
                       will=(state, MirrorState(mirror=mirror, status="offline")))
        roster = {s.id: s.name for s in config.mqtt.staff}

        def make_requests(bus: Bus) -> SizeRequests:
            return SizeRequests(bus, store=store, mirror=mirror, zone=config.mirror.zone,
                                room=config.mirror.room, roster=roster, clock=clock,
                                policy=EscalationPolicy.from_config(config.mqtt.requests),
                                on_change=on_request_change)

        return cls(mqtt, Outbox(outbox_path(config)), make_requests, state_topic=state, mirror=mirror)

    def start(self) -> MirrorMessaging:
        self.outbox.prune()
        self.requests.start()   # subscriptions first: on_connect (re)subscribes them
        self.mqtt.start()
        self.bus.flush()        # resend what a previous run left unacknowledged
        self.ticker.start()
        return self

    def stop(self) -> None:
        self.ticker.stop()
        self.mqtt.stop()
        self.outbox.close()

    def publish_health(self, health: dict[str, Any]) -> None:
        """Retained online state with health figures (the will says offline if we die)."""
        self.bus.publish(self.state_topic, MirrorState(mirror=self.mirror, status="online",
                                                       health=health), retain=True)

    @property
    def connected(self) -> bool:
        return self.mqtt.connected

    def health(self) -> dict[str, Any]:
        """Figures for the state topic and the health screen (cheap: one small query)."""
        counts = self.outbox.counts()
        return {"broker": "connected" if self.connected else "offline",
                "last_error": self.mqtt.last_error, "outbox_pending": counts.get("pending", 0),
                "outbox_quarantined": counts.get("quarantined", 0),
                "open_requests": len(self.requests.active()),
                **{f"mqtt_{k}": v for k, v in self.mqtt.stats.items()},
                **{f"requests_{k}": v for k, v in self.requests.stats.items()}}
