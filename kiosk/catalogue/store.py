"""``CatalogueStore``: the mirror's current catalogue, swapped whole or not at all.

Readers take ``store.current`` (an immutable ``Catalogue``) and keep using it;
a new catalogue (published over MQTT, or a changed local file) is fully
validated first and then replaces the reference in one assignment.  Anything
wrong leaves the last good catalogue in place and is reported to
``on_reject`` and kept in ``last_error``.  Callbacks run on the thread that
delivered the catalogue (paho's loop or the file watcher): Qt code must hop
to the GUI thread (queued signal) before touching widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.loader import load_catalogue
from kiosk.errors import KioskError

log = logging.getLogger(__name__)
ChangeCallback = Callable[[Catalogue, str], None]       # (new catalogue, origin)
RejectCallback = Callable[[KioskError, str], None]      # (what was wrong, origin)


@dataclass(frozen=True)
class CatalogueSummary:
    """What a manager recognises a catalogue by: when it was published and how big it is.

    The version alone (a hash) tells nobody which export is on the mirror (issue #14, 9).
    """
    version: str
    styles: int
    variants: int
    published_at: float | None   # the notice's time, or the file's modification time

    def text(self, tz) -> str:
        """``published 2026-11-20 14:05 · 20 styles, 56 variants · c978da2f`` in ``tz``."""
        when = (datetime.fromtimestamp(self.published_at, tz).strftime("%Y-%m-%d %H:%M")
                if self.published_at is not None else "built in")
        return (f"published {when} · {self.styles} styles, {self.variants} variants · "
                f"{self.version[:8]}")


class CatalogueStore:
    def __init__(self, initial: Catalogue | None = None, *, store_id: str = "demo-store",
                 on_change: ChangeCallback | None = None,
                 on_reject: RejectCallback | None = None):
        self.store_id = store_id
        self._current = initial
        self._lock = threading.Lock()
        self._on_change = [on_change] if on_change else []
        self._on_reject = [on_reject] if on_reject else []
        self.last_error: KioskError | None = None
        self.stats = {"accepted": 0, "rejected": 0, "unchanged": 0}
        self._published_at: float | None = None

    @property
    def current(self) -> Catalogue | None:
        return self._current

    @property
    def version(self) -> str | None:
        return self._current.version if self._current else None

    @property
    def refusal(self) -> str | None:
        """Why the newest catalogue offered was refused, with its fix (None once one is taken):
        what a mirror reports as ``health.catalogue_error``."""
        error = self.last_error
        if error is None:
            return None
        return f"{error.message} (fix: {error.fix})" if error.fix else error.message

    def summary(self) -> CatalogueSummary | None:
        with self._lock:
            current, published_at = self._current, self._published_at
        if current is None or not current.styles:
            return None
        return CatalogueSummary(current.version, len(current), current.variant_count,
                                published_at)

    def status(self) -> dict[str, Any]:
        """For health reports and the manager panel: what is loaded and what went wrong."""
        current = self._current
        return {"version": current.version[:16] if current else None,
                "source": current.source if current else None,
                "styles": len(current) if current else 0,
                "variants": current.variant_count if current else 0,
                "warnings": len(current.warnings) if current else 0,
                "last_error": str(self.last_error) if self.last_error else None,
                **self.stats}

    def add_listener(self, on_change: ChangeCallback | None = None,
                     on_reject: RejectCallback | None = None) -> None:
        if on_change:
            self._on_change.append(on_change)
        if on_reject:
            self._on_reject.append(on_reject)

    def offer(self, catalogue: Catalogue, origin: str, published_at: float | None = None) -> bool:
        """Swap to ``catalogue`` (already validated); False if it is the same version."""
        with self._lock:
            if self._current is not None and self._current.version == catalogue.version:
                self.stats["unchanged"] += 1
                return False
            self._current = catalogue
            self._published_at = published_at
            self.last_error = None
            self.stats["accepted"] += 1
        log.info("catalogue %s from %s: %d styles", catalogue.version[:12], origin, len(catalogue))
        for callback in list(self._on_change):
            _safely(callback, catalogue, origin)
        return True

    def reject(self, error: KioskError, origin: str) -> None:
        with self._lock:
            self.last_error = error
            self.stats["rejected"] += 1
        log.warning("catalogue from %s rejected, keeping %s: %s", origin,
                    (self.version or "none")[:12], error)
        for callback in list(self._on_reject):
            _safely(callback, error, origin)

    def apply_notice(self, topic: str, payload: dict[str, Any] | None) -> bool:
        """Bus handler for the catalogue topic (see ``follow_published``)."""
        from kiosk.catalogue.publish import read_notice
        if payload is None:   # retained notice deleted: nothing to swap to
            return False
        try:
            catalogue = read_notice(payload, self.store_id, topic)
        except KioskError as exc:
            self.reject(exc, topic)
            return False
        ts = payload.get("ts")   # validated by read_notice: the publisher's clock
        return self.offer(catalogue, topic, float(ts) if isinstance(ts, int | float) else None)

    def apply_file(self, path: str | Path) -> bool:
        try:
            catalogue = load_catalogue(path)
        except KioskError as exc:
            self.reject(exc, str(path))
            return False
        return self.offer(catalogue, str(path), _mtime(path))


def follow_published(bus, store: CatalogueStore) -> str:
    """Subscribe ``store`` to its catalogue topic on ``bus``; returns the topic.

    Raises the bus's payload cap for this one topic: a large store's catalogue is
    hundreds of KB, far above what request or state messages ever need.
    """
    from kiosk.catalogue.publish import MAX_NOTICE_BYTES
    from kiosk.messaging import topics
    topic = topics.catalogue(store.store_id)
    bus.subscribe(topic, store.apply_notice, max_bytes=MAX_NOTICE_BYTES)
    return topic


def _mtime(path: str | Path) -> float | None:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return None


def _safely(callback: Callable, *args) -> None:
    try:
        callback(*args)
    except Exception:   # a listener's bug must not undo or block the swap
        log.exception("catalogue listener failed")
