"""Issue 20, two-way mirror: See it on me is a still of the shopper in the chosen colourway,
made on a tap from the newest observation (real photo, real pose and mask), off the GUI
thread, mirrored as the glass shows them; the garment changes, the face does not."""

import threading
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.tryon.preview import Preview, garment_of, portrait_box
from kiosk.tryon.recolour import LiveTryOn
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.item import ItemScreen
from tests.support.colour import photo, photo_observation

ROOT = Path(__file__).resolve().parents[2]
SHOT = "18-see-it-on-me-two-way.png"


def item_screen(qtbot, journey=None, preview=None, camera_live=True):
    """The item screen of a two-way mirror on the demo catalogue's linen shirt."""
    if journey is None:
        catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
        journey = Journey(lambda: catalogue, BasketStore())
        journey.begin("test-session")
    preview = preview or Preview()
    config = StoreConfig(mirror={"display_mode": "two_way"})
    ctx = UiContext(config, Languages(["en"], "en"), lambda *a, **k: None,
                    Services(journey=journey, tryon=preview), theme.metrics_for(1080, 1920),
                    colour_analysis_available=lambda: camera_live)
    screen = ItemScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.setAutoFillBackground(True)   # the mirror's black, as behind the glass
    palette = screen.palette()
    palette.setColor(palette.ColorRole.Window, theme.BACKGROUND)
    screen.setPalette(palette)
    screen.show()
    journey.open_style("W-LIN-SHIRT")
    screen.on_enter()
    return screen, journey, preview


def other_colour(journey, *not_these: str) -> str:
    """A colourway with a calibrated colour other than the one shown now and ``not_these``."""
    current = journey.selection.colourway.colour.name
    return next(c.colour.name for c in journey.selection.style.colourways
                if c.colour and c.colour.lab and c.colour.name not in (current, *not_these))


def pixels(pixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(pixmap.toImage().Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, :3 * width].reshape(height, width, 3)[:, :, ::-1].astype(int)   # BGR


def test_a_tap_shows_the_shopper_in_the_colour_with_the_face_untouched(qtbot, tmp_path):
    screen, journey, preview = item_screen(qtbot)
    assert not screen.see_button.isVisible(), "the colourway they came with needs no still"
    name = other_colour(journey)
    journey.choose_colour(name)
    assert screen.see_button.isVisible() and screen.see_button.text() == "See it on me"
    image, observation = photo("astronaut.png"), photo_observation("astronaut.png")
    preview.still.observe(observation, engaged=True)
    qtbot.mouseClick(screen.see_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(screen.still_view.isVisible, timeout=10000)
    assert preview.still.thread_ident not in (None, threading.get_ident()), "made off the GUI thread"
    assert screen.still_caption.text() == f"You in {name[:1].upper() + name[1:]}"
    assert not screen.still_message.isVisible()
    shown = pixels(screen.still_view.pixmap())
    height, width = shown.shape[:2]
    # the frame as it was, cut, mirrored and scaled the same way: only the garment differs
    garment_mask = garment_of(LiveTryOn(), observation, "top")
    face = observation.face_box
    y0, y1, x0, x1 = portrait_box(garment_mask, face)
    assert y0 <= face.y and face.y + face.h <= y1, "the still shows the face it leaves alone"

    def as_shown(array):
        return cv2.resize(array[y0:y1, x0:x1][:, ::-1], (width, height), interpolation=cv2.INTER_AREA)

    mirrored, garment = as_shown(image).astype(int), as_shown(garment_mask) > 0.9
    scale = width / (x1 - x0)
    fx = int((x1 - face.x - face.w) * scale)
    face_region = (slice(int((face.y - y0) * scale), int((face.y + face.h - y0) * scale)),
                   slice(fx, fx + int(face.w * scale)))
    change = np.abs(shown - mirrored).mean(axis=2)
    assert garment.mean() > 0.05
    assert change[garment].mean() > 20, "the garment is in the new colour"
    assert change[face_region].mean() < 2, "the face is not touched"
    cv2.imwrite(str(tmp_path / "frame.png"), image)   # the test's own folder, for a look
    screen.grab().save(str(tmp_path / SHOT))


def test_another_colour_updates_the_still_and_leaving_drops_it(qtbot):
    screen, journey, preview = item_screen(qtbot)
    worn = journey.selection.colourway.colour.name
    journey.choose_colour(other_colour(journey))
    preview.still.observe(photo_observation("astronaut.png"), engaged=True)
    screen.see_button.click()
    qtbot.waitUntil(screen.still_view.isVisible, timeout=10000)
    first = screen.still_view.pixmap().toImage()
    second = other_colour(journey, worn)
    journey.choose_colour(second)
    qtbot.waitUntil(lambda: screen.still_view.pixmap().toImage() != first, timeout=10000)
    assert second[:1].upper() + second[1:] in screen.still_caption.text()
    screen.hide()
    assert screen.still_view.pixmap().isNull() and not preview.still.ready and not preview.still.wanted


def test_no_garment_seen_a_calm_message_and_no_still(qtbot):
    screen, journey, preview = item_screen(qtbot)
    journey.choose_colour(other_colour(journey))
    preview.still.observe(photo_observation("coffee.png"), engaged=True)   # nobody in front
    screen.see_button.click()
    qtbot.waitUntil(screen.still_message.isVisible, timeout=10000)
    assert screen.still_message.text() == "Stand facing the mirror so we can see your top"
    assert not screen.still_view.isVisible() and screen.still_view.pixmap().isNull()
    preview.still.observe(None, engaged=True)   # the shopper is not in the frame at all
    screen.see_button.click()
    assert screen.still_message.isVisible() and screen.still_view.pixmap().isNull()


def test_no_button_without_a_live_camera(qtbot):
    screen, journey, _ = item_screen(qtbot, camera_live=False)
    journey.choose_colour(other_colour(journey))
    assert not screen.see_button.isVisible()


def test_see_it_on_me_behind_two_way_glass_on_the_real_demo_app(tmp_path):
    """The demo (camera on the astronaut photo) with its config set to two_way: a tap on
    See it on me shows the still with the suit in Sky blue; the look screen shows no still."""
    from tests.support.scenarios import run_demo_scenario

    demo = (ROOT / "config" / "demo.yaml").read_text(encoding="utf-8")
    for relative, absolute in (("display_mode: digital", "display_mode: two_way"),
                               ("models_dir: ../models/build", f"models_dir: {ROOT / 'models' / 'build'}"),
                               ("path: demo-catalogue.yaml", f"path: {ROOT / 'config' / 'demo-catalogue.yaml'}")):
        assert relative in demo
        demo = demo.replace(relative, absolute)
    config = tmp_path / "two-way.yaml"
    config.write_text(demo, encoding="utf-8")
    shots = run_demo_scenario(tmp_path, "see_it_on_me_two_way.yaml", "--config", str(config))
    still, look = (cv2.imread(str(shots / name)).astype(int)
                   for name in ("see-it-on-me-two-way.png", "look-after-still.png"))

    def bluish(image):   # sky blue cloth: blue well above red, and bright
        return float(np.mean((image[:, :, 0] > image[:, :, 2] + 40) & (image[:, :, 0] > 150)))

    assert bluish(still) > bluish(look) + 0.02
