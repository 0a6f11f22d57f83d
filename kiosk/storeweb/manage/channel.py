"""The store's catalogue topic as the back office sees it: the live version, publish, roll back.

Publishing is ``kiosk.catalogue.publish.publish_catalogue`` (the path ``kiosk catalogue
publish`` takes): retained, QoS 1, on the store's catalogue topic, so every mirror gets it
now or when it next connects.  "Live" is what the broker holds retained, decoded and
verified exactly as a mirror does (``read_notice``); until it arrives, the newest version
this office published.  A roll back republishes a stored notice's catalogue: the same
content hash, so the mirrors swap back to the version they had.

``running`` is what the mirrors run, the baseline of the draft preview: the retained notice,
else (nothing on the broker yet) the version the online mirrors report, its content from a
version published from here or from the store config's catalogue file, which a mirror loads
at start, when that file is that version.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.catalogue import Catalogue
from kiosk.catalogue.loader import load_catalogue
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


@dataclass(frozen=True)
class Running:
    """What the mirrors run: ``origin`` "broker" (the retained notice) or "mirrors" (their
    reported version; ``catalogue`` None when neither this office nor the config file has it)."""
    version: str                 # 16 hex digits, as in a notice
    catalogue: Catalogue | None
    origin: str
    since: float | None = None


class CatalogueChannel:
    def __init__(self, bus, store: str, db: BackOfficeDb, clock: Callable[[], float]):
        self.bus, self.store, self.db, self.clock = bus, store, db, clock
        self._live: Live | None = None
        self.last_error: str | None = None   # a retained notice a mirror would refuse
        self._lock = threading.Lock()
        self._file: tuple[tuple[str, int, int], Catalogue | None] | None = None  # the config file's, by stat

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

    def running(self, board, config_file: Path) -> Running | None:
        """The retained catalogue, else what most online mirrors report running (or None)."""
        live = self.live
        if live is not None:
            return Running(live.version, live.catalogue, "broker", live.since)
        reported = Counter(m.catalogue_version[:16] for m in board.mirrors()
                           if m.status == "online" and m.catalogue_version)
        if not reported:
            return None
        version = reported.most_common(1)[0][0]
        return Running(version, self._content(version, config_file), "mirrors")

    def _content(self, version: str, config_file: Path) -> Catalogue | None:
        try:
            stored = self.stored(version)
        except KioskError:
            stored = None
        if stored is not None:
            return stored
        loaded = self._config_catalogue(config_file)
        return loaded if loaded is not None and loaded.version.startswith(version) else None

    def _config_catalogue(self, path: Path) -> Catalogue | None:
        """The store config's catalogue file, loaded again only when it changed."""
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if self._file is None or self._file[0] != key:
            try:
                catalogue: Catalogue | None = load_catalogue(path)
            except KioskError as exc:
                log.info("the config's catalogue %s does not load: %s", path, exc)
                catalogue = None
            self._file = (key, catalogue)
        return self._file[1]
