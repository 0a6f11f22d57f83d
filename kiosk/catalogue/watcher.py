"""Reloads a local catalogue file into a ``CatalogueStore`` when it changes.

Polls (mtime, size) every ``interval_s`` on its own daemon thread and
reloads only once the file has stopped changing for one interval, so a
manager's editor that writes in several steps is never read half-saved.
"""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.catalogue.store import CatalogueStore


class CatalogueFileWatcher:
    def __init__(self, path: str | Path, store: CatalogueStore, interval_s: float = 2.0):
        self.path = Path(path)
        self.store = store
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def load(self) -> bool:
        """First load: note the file's state *before* reading it, so a save that lands
        while it loads is seen by the next poll instead of lost."""
        self._seen = self._stat()
        return self.store.apply_file(self.path)

    def start(self) -> CatalogueFileWatcher:
        self._thread = threading.Thread(target=self._run, name="catalogue-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def poll(self) -> bool:
        """One check; True if the file changed and a reload was attempted."""
        current = self._stat()
        if current is None or current == self._seen:
            return False
        if self._stop.wait(self.interval_s) or self._stat() != current:
            return False   # still being written: look again next time
        self._seen = current
        self.store.apply_file(self.path)
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.poll()
