"""Offline alerts: a webhook POST when a mirror has been offline longer than
``back_office.offline_alerts.after_minutes``, and one when it is back.

"Offline" is the mirror's retained state as the MirrorBoard holds it (the broker's last
will, or the mirror's own goodbye); the time counts from when this service saw it change
(a mirror already offline when the service starts counts from the start).  Each outage
gives one "offline" alert and, if that one went out, one "back" alert; a delivery that
fails is tried again at the next check and shown on the Mirrors page.  The JSON names the
store, the mirror and times: no manager, no shopper, no address (docs/security.md).

    {"event": "mirror_offline", "store": "demo-store", "store_name": "Demo Store",
     "mirror": "mirror-1", "offline_since": 1795418400.0, "offline_minutes": 12,
     "ts": 1795419120.0, "text": "Mirror mirror-1 (Demo Store) has been offline for 12 min"}
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config import StoreConfig
from kiosk.errors import KioskError
from kiosk.storeweb.manage import outbound
from kiosk.storeweb.manage.db import BackOfficeDb
from kiosk.storeweb.manage.mirrors import MirrorBoard
from kiosk.storeweb.manage.periodic import Periodic

log = logging.getLogger(__name__)
CHECK_EVERY_S = 15.0


@dataclass
class Delivery:
    ts: float
    mirror: str
    event: str
    error: str | None = None


class OfflineAlerts(Periodic):
    thread_name = "offline-alerts"

    def __init__(self, board: MirrorBoard, config: StoreConfig, db: BackOfficeDb,
                 clock: Callable[[], float], post: Callable[[str, dict, float], int] = outbound.post_json):
        self.board, self.db, self.clock, self._post = board, db, clock, post
        self.section = config.back_office.offline_alerts
        self.store, self.store_name = config.store.id, config.store.name
        self.alerted: dict[str, float] = {}   # mirror -> offline since, for an alert that went out
        self.last: Delivery | None = None     # the newest delivery or failure, for the page
        super().__init__(join_s=self.section.timeout_s + 1)

    @property
    def enabled(self) -> bool:
        return bool(self.section.webhook_url)

    @property
    def target(self) -> str:
        return outbound.shown(self.section.webhook_url or "")

    def interval(self) -> float:
        return CHECK_EVERY_S

    def tick(self) -> list[Delivery]:
        return self.check()

    def check(self) -> list[Delivery]:
        """Send what is due now; the deliveries tried."""
        if not self.enabled:
            return []
        now, tried = self.clock(), []
        threshold = self.section.after_minutes * 60
        mirrors = {m.mirror: m for m in self.board.mirrors()}
        for gone in set(self.alerted) - set(mirrors):   # retired: its state was cleared
            self.alerted.pop(gone, None)
        for mirror in mirrors.values():
            since = mirror.since or mirror.seen or now
            if mirror.status == "offline" and mirror.mirror not in self.alerted and now - since >= threshold:
                if self._send("mirror_offline", mirror.mirror, since, now, tried):
                    self.alerted[mirror.mirror] = since
            elif mirror.status == "online" and mirror.mirror in self.alerted:
                was = self.alerted[mirror.mirror]
                if self._send("mirror_back", mirror.mirror, was, now, tried):
                    del self.alerted[mirror.mirror]
        return tried

    def body(self, event: str, mirror: str, since: float, now: float) -> dict[str, Any]:
        minutes = max(0, round((now - since) / 60))
        text = (f"Mirror {mirror} ({self.store_name}) has been offline for {minutes} min"
                if event == "mirror_offline" else
                f"Mirror {mirror} ({self.store_name}) is back online after {minutes} min")
        return {"event": event, "store": self.store, "store_name": self.store_name, "mirror": mirror,
                "offline_since": round(since, 3), "offline_minutes": minutes, "ts": round(now, 3),
                "text": text}

    def _send(self, event: str, mirror: str, since: float, now: float, tried: list[Delivery]) -> bool:
        delivery = Delivery(now, mirror, event)
        try:
            self._post(self.section.webhook_url, self.body(event, mirror, since, now), self.section.timeout_s)
        except KioskError as exc:
            delivery.error = str(exc)[:300]
            log.warning("offline alert %s for %s not delivered: %s", event, mirror, exc)
        else:
            log.info("offline alert %s for %s sent to %s", event, mirror, self.target)
            self.db.record(now, "alerts", "-", "alert-sent", f"{event} {mirror} -> {self.target}")
        tried.append(delivery)
        self.last = delivery
        return delivery.error is None
