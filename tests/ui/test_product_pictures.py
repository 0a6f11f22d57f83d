"""Issue 20, part 1: product pictures from local disk (decoded off the GUI thread, cached),
and a garment silhouette in the variant's colour where there is no picture."""

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.silhouettes import KINDS, SHAPES, kind_of, svg
from kiosk.handoff.catalogue_lookup import catalogue_lookup
from kiosk.ui import pictures
from kiosk.ui.pictures import PictureLoader, ProductPicture, silhouette_image

ROOT = Path(__file__).resolve().parents[2]
RED = QColor("#c0392b")


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_draws_a_silhouette_in_the_variant_colour(qapp, kind):
    rgba = _pixels(silhouette_image(kind, RED, QSize(200, 240)))
    filled = rgba[..., 3] == 255
    in_colour = filled & (np.abs(rgba[..., :3].astype(int) - (0xc0, 0x39, 0x2b)).max(axis=2) <= 2)
    assert in_colour.mean() > 0.04, f"{kind}: {in_colour.mean():.3f} of the box in the colour"
    assert in_colour.sum() > 0.6 * filled.sum(), f"{kind}: mostly the variant's colour, not the edge"


def test_every_demo_product_maps_to_a_shape_and_the_kinds_are_the_expected_ones():
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    kinds = {style.id: kind_of(style) for style in catalogue.styles}
    assert set(kinds.values()) <= set(SHAPES)
    by_category = {style.category: kind_of(style) for style in catalogue.styles}
    assert by_category["dress"] == "dress" and by_category["jeans"] == "trousers"
    assert by_category["coat"] == by_category["blazer"] == "outerwear"
    assert by_category["shirt"] == by_category["knitwear"] == "top"
    assert by_category["skirt"] == "skirt" and by_category["boots"] == "shoes"
    assert by_category["sunglasses"] == "sunglasses" and by_category["hat"] == "hat"


def test_decoding_runs_off_the_gui_thread_once_and_is_cached(qapp, qtbot, tmp_path):
    photo = tmp_path / "shirt.png"
    big = QImage(800, 1200, QImage.Format.Format_RGB32)
    big.fill(QColor("#2255aa"))
    assert big.save(str(photo))
    threads: list[threading.Thread] = []
    pictures.on_decode = lambda path: threads.append(threading.current_thread())
    loader = PictureLoader(lambda ref: photo if ref == "images/shirt.png" else None)
    try:
        size = QSize(100, 120)
        assert loader.get("images/shirt.png", size) is None   # queued, never decoded here
        with qtbot.waitSignal(loader.ready, timeout=5000):
            pass
        image = loader.get("images/shirt.png", size)
        assert image is not None and image.width() <= 100 and image.height() == 120
        assert loader.get("images/shirt.png", size) is image   # scaled once, then cached
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
    finally:
        pictures.on_decode = None
        loader.close()


def test_a_missing_or_broken_picture_falls_back_to_the_silhouette(qapp, qtbot, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    loader = PictureLoader(lambda ref: broken if ref == "broken.jpg" else None)
    try:
        catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
        style, colourway = next((s, c) for s in catalogue.styles if s.category == "dress"
                                for c in s.colourways if c.colour and c.colour.hex)
        for ref in ("missing.jpg", "broken.jpg"):
            assert loader.get(ref, QSize(100, 120)) is None
            loader.wait_idle()
            assert loader.get(ref, QSize(100, 120)) is None, "no picture: the silhouette stays"
        widget = ProductPicture(loader, QSize(100, 120))
        qtbot.addWidget(widget)
        widget.show_item(style, colourway)
        rgba = _pixels(widget.grab().toImage())
        target = QColor(colourway.colour.hex)
        close = np.abs(rgba[..., :3].astype(int) - (target.red(), target.green(), target.blue())).max(axis=2) <= 3
        assert close.mean() > 0.1, "the dress silhouette in the colourway's colour"
    finally:
        loader.close()


def test_the_phone_basket_gets_an_inline_silhouette_when_there_is_no_picture():
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    variant = next(v for s in catalogue.styles if s.category == "jeans" for v in s.variants)
    item = catalogue_lookup(catalogue)(variant.gtin)
    assert item.image is None
    assert item.silhouette == svg("trousers", variant.colour.hex)
    assert f'fill="{variant.colour.hex}"' in item.silhouette and "<script" not in item.silhouette


def test_a_picture_that_arrives_later_is_shown_once_looked_for_again(qapp, tmp_path, monkeypatch):
    """The prefetcher fills the cache in the background: a miss is not forever."""
    photo = tmp_path / "later.png"
    loader = PictureLoader(lambda ref: photo if photo.is_file() else None)
    try:
        size = QSize(60, 80)
        assert loader.get("later.png", size) is None
        loader.wait_idle()
        assert loader.get("later.png", size) is None, "missing: the silhouette, no busy retry"
        image = QImage(30, 40, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        assert image.save(str(photo))
        monkeypatch.setattr(pictures, "RETRY_S", 0.0)
        assert loader.get("later.png", size) is None   # looked for again, off the GUI thread
        loader.wait_idle()
        assert loader.get("later.png", size) is not None
    finally:
        loader.close()
