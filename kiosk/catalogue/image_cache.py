"""Product images from URLs, fetched once into a local cache folder.

The mirror shows images from disk (``ImageCache.path_for``) and fetches
missing ones in the background; ``check`` uses ``unreachable_image_issues``
to warn (never fail) about URLs that cannot be fetched right now.
Downloads are capped in size and must be image content types.
"""

from __future__ import annotations

import hashlib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import URLError

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.images import is_url
from kiosk.catalogue.issues import Issue
from kiosk.errors import CatalogueError, Location

MAX_IMAGE_BYTES = 8 * 1024 * 1024
_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}


def _request(url: str, method: str = "GET") -> urllib.request.Request:
    return urllib.request.Request(url, method=method, headers={"User-Agent": "kiosk-catalogue/1"})


def probe(url: str, timeout: float = 3.0) -> str | None:
    """None if ``url`` answers with an image, else a short reason."""
    try:
        with urllib.request.urlopen(_request(url, "HEAD"), timeout=timeout) as response:
            kind = response.headers.get_content_type()
            return None if kind.startswith("image/") else f"answers with {kind}, not an image"
    except (URLError, OSError, ValueError) as exc:
        return str(getattr(exc, "reason", exc))[:120]


def unreachable_image_issues(catalogue: Catalogue, timeout: float = 3.0,
                             workers: int = 16) -> list[Issue]:
    urls = sorted({i for s in catalogue.styles for i in s.images if is_url(i)})
    if not urls:
        return []
    with ThreadPoolExecutor(min(workers, len(urls))) as pool:
        reasons = list(pool.map(lambda u: probe(u, timeout), urls))
    return [Issue("warning", "image-unreachable", f"image {url} cannot be fetched right now "
                  f"({reason})", Location(catalogue.source, *catalogue.image_where.get(url, ()),
                                          field="images"),
                  "check the address in a browser; the mirror shows the colour swatch until "
                  "the image can be fetched")
            for url, reason in zip(urls, reasons, strict=True) if reason]


class ImageCache:
    def __init__(self, folder: str | Path, timeout: float = 5.0):
        self.folder = Path(folder)
        self.timeout = timeout

    def _stem(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]

    def path_for(self, url: str) -> Path | None:
        """The cached file for ``url`` if it has been fetched, else None."""
        matches = sorted(self.folder.glob(self._stem(url).name + ".*"))
        return matches[0] if matches else None

    def fetch(self, url: str) -> Path:
        """Download ``url`` into the cache (atomically) and return the file."""
        if (cached := self.path_for(url)) is not None:
            return cached
        where = Location(url, field="images")
        try:
            with urllib.request.urlopen(_request(url), timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                data = response.read(MAX_IMAGE_BYTES + 1)
        except (URLError, OSError, ValueError) as exc:
            raise CatalogueError(f"image cannot be fetched: {exc}", location=where,
                                 fix="check the URL and the network") from None
        if kind not in _SUFFIXES or len(data) > MAX_IMAGE_BYTES:
            raise CatalogueError(f"not a usable image ({kind}, {len(data)} bytes)",
                                 location=where, fix="link a JPEG, PNG or WebP under 8 MB")
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._stem(url).with_suffix(_SUFFIXES[kind])
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
        return target
