"""A swatch is drawn once per look and blitted afterwards: the camera image under the
screens repaints every widget over it on every frame (bench.ui: antialiased rings were the
largest share of an item-screen frame)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from kiosk.ui import theme
from kiosk.ui.widgets import Swatch


def shot(widget) -> QImage:
    return widget.grab().toImage()


def test_a_repaint_with_nothing_changed_reuses_the_drawing(qtbot, monkeypatch):
    swatch = Swatch("sky blue", "sky blue", "#87b5e0", theme.Metrics(1.0))
    qtbot.addWidget(swatch)
    swatch.resize(swatch.minimumSizeHint().expandedTo(swatch.size()))
    renders = []
    original = Swatch._render
    monkeypatch.setattr(Swatch, "_render", lambda self, ratio: renders.append(1) or original(self, ratio))
    first = shot(swatch)
    for _ in range(5):
        shot(swatch)
    assert len(renders) == 1
    swatch.setChecked(True)
    checked = shot(swatch)
    assert len(renders) == 2 and checked != first      # the gold ring: drawn again once


def test_the_blitted_chip_shows_its_colour_ring_and_name(qtbot):
    swatch = Swatch("sky blue", "sky blue", "#87b5e0", theme.Metrics(1.0))
    qtbot.addWidget(swatch)
    swatch.resize(swatch.width(), swatch.minimumHeight())
    image = shot(swatch)
    centre = image.pixelColor(image.width() // 2, image.height() // 3)
    assert abs(centre.red() - 0x87) <= 2 and abs(centre.blue() - 0xE0) <= 2
    swatch.setChecked(True)
    ringed = shot(swatch)
    assert any(ringed.pixelColor(x, y) == QColor(theme.ACCENT)
               for x in range(ringed.width()) for y in range(0, ringed.height() // 2, 2))
    name_band = [image.pixelColor(x, y).lightness() for x in range(image.width())
                 for y in range(image.height() * 3 // 4, image.height())]
    assert max(name_band) > 200   # the white name under the chip


def test_a_product_picture_is_drawn_again_only_when_its_look_changes(qtbot, monkeypatch):
    from pathlib import Path

    from PySide6.QtCore import QSize

    from kiosk.catalogue.loader import load_catalogue
    from kiosk.ui.pictures import PictureLoader, ProductPicture

    catalogue = load_catalogue(Path(__file__).resolve().parents[2] / "config" / "demo-catalogue.yaml")
    style = next(s for s in catalogue.styles if s.category == "dress"
                 and sum(1 for c in s.colourways if c.colour and c.colour.hex) >= 2)
    first, second = [c for c in style.colourways if c.colour and c.colour.hex][:2]
    loader = PictureLoader(lambda ref: None)
    try:
        widget = ProductPicture(loader, QSize(200, 240))
        qtbot.addWidget(widget)
        renders = []
        original = ProductPicture._render
        monkeypatch.setattr(ProductPicture, "_render",
                            lambda self, image, ratio: renders.append(1) or original(self, image, ratio))
        widget.show_item(style, first)
        before = shot(widget)
        for _ in range(5):
            shot(widget)
        assert len(renders) == 1
        widget.show_item(style, second)
        after = shot(widget)
        assert len(renders) == 2 and after != before   # the silhouette in the other colour
    finally:
        loader.close()
