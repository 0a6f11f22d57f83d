"""The store's catalogue topic as the back office sees it: the live version, publish, roll back.

Publishing is ``kiosk.catalogue.publish.publish_catalogue`` (the path ``kiosk catalogue
publish`` takes): retained, QoS 1, on the store's catalogue topic, so every mirror gets it
now or when it next connects.  "Live" is what the broker holds retained, decoded and
verified exactly as a mirror does (``read_notice``); until it arrives, the newest version
this office published.  A roll back republishes a stored notice's catalogue: the same
content hash, so the mirrors swap back to the version they had.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue import Catalogue
from kiosk.catalogue.publish import MAX_NOTICE_BYTES, publish_catalogue, read_notice
from kiosk.errors import KioskError
from kiosk.messaging import topics
from kiosk.storeweb.manage.db import BackOfficeDb

log = logging.getLogger(__name__)
ACK_WAIT_S = 10.0  # the broker's PUBACK for a retained catalogue of a few MB


class NotPublished(Exception):
    """The broker refused or did not answer; nothing changed on the mirrors."""


@dataclass(frozen=True)
class Live:
    catalogue: Catalogue
    version: str        # the notice's (16 hex digits)
    since: float | None  # the notice's ts


class CatalogueChannel:
    def __init__(self, bus, store: str, db: BackOfficeDb, clock: Callable[[], float]):
        self.bus, self.store, self.db, self.clock = bus, store, db, clock
        self._live: Live | None = None
        self.last_error: str | None = None   # a retained notice a mirror would refuse
        self._lock = threading.Lock()

    def start(self) -> CatalogueChannel:
        self.bus.subscribe(topics.catalogue(self.store), self._on_notice, max_bytes=MAX_NOTICE_BYTES)
        return self

    @property
    def live(self) -> Live | None:
        with self._lock:
            return self._live

    def _on_notice(self, topic: str, payload: dict[str, Any] | None) -> None:
        if payload is None:
            return
        try:
            catalogue = read_notice(payload, self.store, topic)
        except KioskError as exc:
            self.last_error = str(exc)
            log.warning("the retained catalogue is one a mirror would refuse: %s", exc)
            return
        self._set_live(catalogue, payload)

    def _set_live(self, catalogue: Catalogue, notice: dict[str, Any]) -> None:
        with self._lock:
            if self._live is None or self._live.version != notice["version"] or \
                    (notice.get("ts") or 0) > (self._live.since or 0):
                self._live = Live(catalogue, notice["version"], notice.get("ts"))
        self.last_error = None

    def publish(self, catalogue: Catalogue, *, who: str, source: str, remember: bool = True) -> dict[str, Any]:
        """Publish and wait for the broker's acknowledgement; NotPublished says why not.
        ``remember``: keep it among the versions to roll back to (the stock feed's are not)."""
        acked, result = threading.Event(), {"ok": False}

        def on_ack(ok: bool) -> None:
            result["ok"] = ok
            acked.set()

        notice = publish_catalogue(self.bus, self.store, catalogue, on_ack=on_ack)
        if not acked.wait(ACK_WAIT_S) or not result["ok"]:
            raise NotPublished("the broker did not accept the catalogue: the back office's "
                               f"login may not write {topics.catalogue(self.store)}")
        self._set_live(catalogue, notice)
        if remember:
            self.db.save_version(notice, ts=self.clock(), who=who, styles=len(catalogue),
                                 variants=catalogue.variant_count, source=source)
        return notice

    def stored(self, version: str) -> Catalogue | None:
        """A version published from here, verified again as a mirror would."""
        notice = self.db.notice(version)
        if notice is None:
            return None
        return read_notice(notice, self.store)
