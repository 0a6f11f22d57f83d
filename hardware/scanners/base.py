"""The small interface every scanning adapter implements, and the hub that merges them.

Adapters (camera tags, HID wedge via evdev, serial RFID, their fakes) each run
their own thread and call ``on_scan`` / ``on_error``.  ``ScanHub`` is the one
place the app subscribes: it merges every source into one "item scanned" stream
and drops the echo of a tag seen by two readers at once (RFID + camera) or
re-read while it hangs in front of the mirror.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from hardware.errors import KioskError
from hardware.scanners.events import ErrorHandler, ItemScanned, ScanHandler

log = logging.getLogger(__name__)


class ScanSource(Protocol):
    name: str

    def start(self, on_scan: ScanHandler, on_error: ErrorHandler) -> None: ...

    def stop(self) -> None: ...


class ReaderThread:
    """The one background thread of an adapter: ``run(on_scan, on_error)`` until ``stop``."""

    def __init__(self, name: str):
        self.name = name
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, run: Callable[[ScanHandler, ErrorHandler], None], on_scan: ScanHandler,
              on_error: ErrorHandler) -> None:
        self.stopping.clear()
        self._thread = threading.Thread(target=run, args=(on_scan, on_error), name=self.name,
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None


class RepeatFilter:
    """True for a key not seen in the last ``hold_s``; a key seen continuously stays held."""

    def __init__(self, hold_s: float, clock: Callable[[], float] = time.monotonic):
        self.hold_s = hold_s
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def fresh(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            last = self._seen.get(key)
            self._seen[key] = now
            if len(self._seen) > 512:
                self._seen = {k: t for k, t in self._seen.items() if now - t < self.hold_s}
            return last is None or now - last >= self.hold_s


class ScanHub:
    """Merges sources into one handler; repeats of a GTIN within ``hold_s`` are dropped,
    except taps on screen, which are always deliberate."""

    def __init__(self, on_item: ScanHandler, on_error: ErrorHandler | None = None, *,
                 hold_s: float = 2.0, clock: Callable[[], float] = time.monotonic):
        self.on_item = on_item
        self.on_error = on_error or (lambda exc: log.warning("scan rejected: %s", exc))
        self.sources: list[ScanSource] = []
        self.repeats = RepeatFilter(hold_s, clock)
        self.counts = {"items": 0, "repeats": 0, "errors": 0}

    def add(self, source: ScanSource) -> ScanHub:
        self.sources.append(source)
        return self

    def start(self) -> ScanHub:
        """Start every source; one that cannot open is reported and the others still run."""
        for source in self.sources:
            try:
                source.start(self.submit, self.report)
            except KioskError as exc:
                self.report(exc)
        return self

    def stop(self) -> None:
        for source in reversed(self.sources):
            source.stop()

    def submit(self, event: ItemScanned) -> None:
        """Called from any adapter thread (or the UI for a tap)."""
        if not self.repeats.fresh(event.gtin) and event.source != "touch":
            self.counts["repeats"] += 1
            return
        self.counts["items"] += 1
        self.on_item(event)

    def report(self, error: KioskError) -> None:
        self.counts["errors"] += 1
        self.on_error(error)
