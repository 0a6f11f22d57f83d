"""Product pictures on the mirror's screens: a photo from disk, or the garment's silhouette.

Pictures come only from local disk (the catalogue's folder, or the cache the store side
fills when a catalogue is published: ``image_prefetch``); nothing is fetched at tap time.
A picture is decoded *and scaled* once, on one background thread (QImage is safe off the
GUI thread, QPixmap is not), then kept in a small LRU; the GUI thread only ever blits.
Until it is ready, and whenever there is none, the silhouette for the item's kind is drawn
in the variant's colour (``kiosk.catalogue.silhouettes``: the same table the phone uses).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.catalogue import silhouettes
from kiosk.catalogue.silhouettes import BOX_H, BOX_W, kind_of, picture_refs
from kiosk.ui.bridges import GuiHop

CACHE_SIZE = 48                      # scaled pictures kept: a browse page and a basket
RETRY_S = 30.0                       # a missing picture is looked for again (the cache fills)
NEUTRAL = QColor(150, 150, 150)      # "one colour" items, or no colour known
EDGE = QColor(190, 190, 190, 200)    # so a black garment still shows on the black mirror

# Tests: called with the file on the decoding thread (to prove it is not the GUI thread).
on_decode: Callable[[Path], None] | None = None


@cache
def silhouette_path(kind: str) -> QPainterPath:
    """The shape as a QPainterPath in the table's 100 x 120 box, built once per kind."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for op, n in silhouettes.commands(kind):
        if op == "M":
            path.moveTo(*n)
        elif op == "L":
            path.lineTo(*n)
        elif op == "Q":
            path.quadTo(*n)
        else:
            path.closeSubpath()
    return path


def paint_silhouette(painter: QPainter, rect: QRectF, kind: str, colour: QColor | None) -> None:
    """The silhouette centred in ``rect``, as large as fits without distortion."""
    scale = min(rect.width() / BOX_W, rect.height() / BOX_H)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.center().x() - BOX_W * scale / 2, rect.center().y() - BOX_H * scale / 2)
    painter.scale(scale, scale)
    painter.setPen(QPen(EDGE, 1.5))
    painter.setBrush(colour or NEUTRAL)
    painter.drawPath(silhouette_path(kind))
    painter.restore()


def silhouette_image(kind: str, colour: QColor | None, size: QSize) -> QImage:
    """A transparent image of the silhouette (tests, and anywhere a QImage is wanted)."""
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_silhouette(painter, QRectF(0, 0, size.width(), size.height()), kind, colour)
    painter.end()
    return image


def decode_scaled(path: Path, size: QSize) -> QImage | None:
    """Read ``path`` scaled to fit ``size`` (JPEG decodes at the smaller size directly);
    None for a file that is not a readable picture."""
    if on_decode is not None:
        on_decode(path)
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    source = reader.size()
    if source.isValid() and source.width() > 0 and source.height() > 0:
        reader.setScaledSize(source.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


class PictureLoader(QObject):
    """Decodes pictures on one background thread, keeps the scaled results in an LRU.

    ``resolve(ref)`` gives the local file for a catalogue reference or None (missing, not
    cached yet, refused by ``local_image``); it only looks at the disk, never the network.
    """

    ready = Signal(object)   # the key (ref, width, height) now in the cache

    def __init__(self, resolve: Callable[[str], Path | None], parent: QObject | None = None):
        super().__init__(parent)
        self.resolve = resolve
        self._cache: OrderedDict[tuple, QImage | None] = OrderedDict()
        self._pending: set[tuple] = set()
        self._missed: dict[tuple, float] = {}   # key -> when it was found missing
        self._lock = threading.Lock()
        # One worker: pictures arrive in order, and the GUI thread keeps the other core.
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pictures")
        self._announce = GuiHop(self)(self.ready.emit)  # from the pool thread to the GUI thread

    def get(self, ref: str, size: QSize) -> QImage | None:
        """The scaled picture if ready; else None, and (once) it is queued for decoding.
        A key cached as None had no usable file: the silhouette stays."""
        key = (ref, size.width(), size.height())
        with self._lock:
            if key in self._cache and not self._retry(key):
                self._cache.move_to_end(key)
                return self._cache[key]
            if key in self._pending:
                return None
            self._pending.add(key)
        self._pool.submit(self._load, key, size)
        return None

    def _retry(self, key: tuple) -> bool:
        """A picture that was missing is tried again after RETRY_S: the prefetcher may have
        downloaded it since (a paint asks many times a second: never more often)."""
        missed = self._missed.get(key)
        if missed is None or time.monotonic() - missed < RETRY_S:
            return False
        del self._missed[key], self._cache[key]
        return True

    def _load(self, key: tuple, size: QSize) -> None:
        try:
            path = self.resolve(key[0])
            image = decode_scaled(path, size) if path is not None else None
        except Exception:   # a broken file must not stop the worker: silhouette instead
            image = None
        with self._lock:
            self._pending.discard(key)
            self._cache[key] = image
            if image is None:
                self._missed[key] = time.monotonic()
            while len(self._cache) > CACHE_SIZE:
                self._missed.pop(self._cache.popitem(last=False)[0], None)
        if image is not None:
            self._announce(key)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Tests and screenshots: everything asked for so far has been tried."""
        self._pool.submit(lambda: None).result(timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def local_resolver(config) -> Callable[[str], Path | None]:
    """Catalogue reference -> local file, from the config: URLs through the image cache the
    store side fills, files inside the catalogue's folder (``local_image``)."""
    from kiosk.catalogue.image_cache import ImageCache
    from kiosk.catalogue.image_prefetch import image_path

    cache_dir = config.resolve(config.data_dir) / config.catalogue.image_cache_dir
    folder = config.resolve(config.catalogue.path).parent
    image_cache = ImageCache(cache_dir)
    return lambda ref: image_path(ref, image_cache, folder)


def loader_for(ctx) -> PictureLoader:
    """The one loader a mirror's screens share (made on first use)."""
    loader = ctx.pictures
    if loader is None:
        loader = ctx.pictures = PictureLoader(local_resolver(ctx.config))
    return loader


class ProductPicture(QWidget):
    """A product's picture at a fixed size: the photo when it is on disk, else (and until
    it is decoded) the silhouette of its kind in the shown colour."""

    def __init__(self, loader: PictureLoader, size: QSize, parent: QWidget | None = None):
        super().__init__(parent)
        self.loader = loader
        self.setFixedSize(size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kind, self.colour, self.refs = "top", None, ()
        self._cache: QPixmap | None = None
        self._cache_key: tuple | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        loader.ready.connect(self._arrived)

    def show_item(self, style, colourway=None, variant=None) -> None:
        colour = (variant.colour if variant is not None else None) or (colourway.colour if colourway else None)
        self.kind = kind_of(style)
        self.colour = QColor(colour.hex) if colour is not None and colour.hex else None
        self.refs = picture_refs(style, colourway, variant)
        self.setObjectName(f"picture-{style.id}")
        self.update()

    def _image(self) -> QImage | None:
        return self.loader.get(self.refs[0], self.size()) if self.refs else None

    def _arrived(self, key) -> None:
        if self.refs and key == (self.refs[0], self.width(), self.height()):
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Repainted on every camera frame (the image under the screens): the antialiased card
        # and silhouette are drawn once per look and blitted (bench.ui, item screen).
        image = self._image()
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.kind,
               self.colour.rgba() if self.colour is not None else None,
               image.cacheKey() if image is not None else None)
        if self._cache_key != key:
            self._cache = self._render(image, ratio)
            self._cache_key = key
        QPainter(self).drawPixmap(0, 0, self._cache)

    def _render(self, image: QImage | None, ratio: float) -> QPixmap:
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = min(self.width(), self.height()) * 0.08
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 22))   # a calm card, so a dark photo has an edge
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        if image is not None:
            x, y = (self.width() - image.width()) // 2, (self.height() - image.height()) // 2
            painter.drawImage(x, y, image)
        else:
            inset = min(self.width(), self.height()) * 0.1
            paint_silhouette(painter, QRectF(self.rect()).adjusted(inset, inset, -inset, -inset),
                             self.kind, self.colour)
        painter.end()
        return pixmap
