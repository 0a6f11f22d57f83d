"""Receiving the retained catalogue notice: parse, ignore repeats, hand it on.

The catalogue feature decides what a notice means (download, validate, swap
atomically, keep the last good one); this only guarantees it gets each new
version once, parsed, on the bus thread, and that garbage never reaches it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.errors import KioskError, PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import Bus
from kiosk.messaging.payloads import CatalogueNotice, parse

log = logging.getLogger(__name__)


class CatalogueFeed:
    def __init__(self, bus: Bus, *, store: str, on_notice: Callable[[CatalogueNotice], None],
                 max_bytes: int = 8 * 1024 * 1024):
        self.bus, self.store, self.on_notice, self.max_bytes = bus, store, on_notice, max_bytes
        self.current: tuple[str, str] | None = None  # (version, sha256) last handed on
        self.rejected = 0

    def start(self) -> CatalogueFeed:
        self.bus.subscribe(topics.catalogue(self.store), self.on_notice_message, max_bytes=self.max_bytes)
        return self

    def on_notice_message(self, topic: str, payload: dict | None) -> None:
        if payload is None:
            return  # the manager withdrew the retained notice: keep the last good catalogue
        try:
            notice = parse(CatalogueNotice, payload, topic=topic)
        except PayloadError as exc:
            self.rejected += 1
            log.warning("ignored catalogue notice: %s", exc)
            return
        if (notice.version, notice.sha256) == self.current:
            return
        try:
            self.on_notice(notice)
        except KioskError as exc:
            self.rejected += 1
            log.error("catalogue %s refused, keeping the last good one: %s", notice.version, exc)
            return
        self.current = (notice.version, notice.sha256)

