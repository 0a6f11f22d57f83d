"""Background download of a catalogue's image URLs, so the UI only ever reads disk.

Wire it to the ``CatalogueStore``: every accepted catalogue queues its URLs;
one daemon thread fetches those not cached yet.  A failed download is logged
and counted (the UI shows the colour swatch instead) and retried on the next
catalogue.  ``image_path`` is what the UI calls to find a picture.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from pathlib import Path

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.image_cache import ImageCache
from kiosk.catalogue.images import RefusedImage, is_url, local_image
from kiosk.errors import KioskError

log = logging.getLogger(__name__)


def image_path(ref: str, cache: ImageCache, base_dir: Path | None) -> Path | None:
    """A local file for an image reference (URL → cache; file → inside the catalogue's
    folder by ``local_image``, never anywhere else), or None."""
    if is_url(ref):
        return cache.path_for(ref)
    try:
        path = local_image(ref, base_dir or Path("."))
    except RefusedImage:
        return None
    return path if path.is_file() else None


class ImagePrefetcher:
    def __init__(self, cache: ImageCache):
        self.cache = cache
        self._queue: queue.Queue[str | threading.Event | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.stats = {"fetched": 0, "failed": 0}

    def catalogue_changed(self, catalogue: Catalogue, origin: str = "") -> None:
        """``CatalogueStore`` on_change listener: queue every URL not cached yet."""
        for url in dict.fromkeys(i for s in catalogue.styles for i in s.images if is_url(i)):
            if self.cache.path_for(url) is None:
                self._queue.put(url)

    def start(self) -> ImagePrefetcher:
        self._thread = threading.Thread(target=self._run, name="catalogue-images", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Finishes the download in progress (bounded by the cache timeout), then stops."""
        with contextlib.suppress(queue.Empty):   # drop what is still waiting
            while True:
                self._queue.get_nowait()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Tests and tools: True once everything queued so far has been tried."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
                continue
            try:
                self.cache.fetch(item)
                self.stats["fetched"] += 1
            except KioskError as exc:
                self.stats["failed"] += 1
                log.warning("catalogue image not cached: %s", exc)
