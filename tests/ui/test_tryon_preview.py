"""Issue 20, part 2: on the item screen of a digital mirror, another colourway is previewed on
the worn garment (real photo, real pose and mask), labelled, and dropped when it must be."""

import threading
import time
from pathlib import Path

import numpy as np

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.tryon.preview import Preview
from kiosk.ui import theme
from kiosk.ui.bridges import GuiHop
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.item import ItemScreen
from tests.support.colour import photo, photo_observation

ROOT = Path(__file__).resolve().parents[2]


def _item_screen(qtbot, mode: str = "digital"):
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    journey = Journey(lambda: catalogue, BasketStore())
    journey.begin("test-session")
    preview = Preview()
    services = Services(journey=journey, tryon=preview)
    config = StoreConfig(mirror={"display_mode": mode})
    ctx = UiContext(config, Languages(["en"], "en"), lambda *a, **k: None, services,
                    theme.metrics_for(1080, 1920))
    screen = ItemScreen(ctx)
    qtbot.addWidget(screen)
    # as kiosk/ui/assembly.py wires it: the worker's "mask came or went" hops to the GUI thread
    preview.wake = GuiHop(screen)(preview.refresh)
    screen.resize(1080, 1920)
    screen.show()
    journey.open_style("W-LIN-SHIRT")
    screen.on_enter()
    return screen, journey, preview


def _other_colour(journey) -> str:
    worn = journey.selection.colourway.colour
    return next(c.colour.name for c in journey.selection.style.colourways
                if c.colour and c.colour.lab and c.colour != worn)


def test_another_colourway_recolours_the_worn_shirt_with_a_label(qtbot):
    screen, journey, preview = _item_screen(qtbot)
    assert preview.target is None, "the colour the shopper came with needs no preview"
    name = _other_colour(journey)
    journey.choose_colour(name)
    assert preview.target is not None and preview.target.kind == "top"
    image, observation = photo("astronaut.png"), photo_observation("astronaut.png")
    told = []
    preview.on_change(lambda showing: told.append((showing, threading.get_ident())))
    preview.observe(observation, engaged=True)
    qtbot.waitUntil(lambda: preview.showing)   # the mask is made on the worker, which wakes the GUI
    assert screen.preview_label.isVisible()
    assert told == [(True, threading.get_ident())], "the label is told once, on the GUI thread"
    assert screen.preview_label.text() == f"Preview of {name[:1].upper() + name[1:]}"
    shown = _recoloured(preview, image)
    assert shown is not image and np.abs(shown.astype(int) - image).mean() > 1
    preview.observe(observation, engaged=False)   # the shopper is leaving
    assert not preview.showing and not screen.preview_label.isVisible()
    assert preview.apply(image) is image


def _recoloured(preview, image, timeout: float = 5.0):
    """Frames handed to ``apply`` until the worker's recoloured one comes back (it is at
    most a frame behind), as the camera layer does at its frame rate."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = preview.apply(image)
        if shown is not image:
            return shown
        time.sleep(0.01)
    raise AssertionError("no recoloured frame came back")


def test_the_gui_thread_hands_frames_over_and_never_recolours(qtbot, monkeypatch):
    import kiosk.tryon.preview as preview_module

    threads = []
    real = preview_module.recolour

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        time.sleep(0.05)   # a slow recolour must not hold the caller
        return real(*args, **kwargs)

    monkeypatch.setattr(preview_module, "recolour", recording)
    screen, journey, preview = _item_screen(qtbot)
    journey.choose_colour(_other_colour(journey))
    image, observation = photo("astronaut.png"), photo_observation("astronaut.png")
    preview.observe(observation, engaged=True)
    started = time.perf_counter()
    assert preview.apply(image) is image, "nothing recoloured yet: the frame as it is"
    assert time.perf_counter() - started < 0.04, "apply hands over, it does not wait"
    shown = _recoloured(preview, image)
    assert threads and threading.get_ident() not in threads, "recoloured off the GUI thread"
    assert np.abs(shown.astype(int) - image).mean() > 1
    # a new colour: no frame of the old one is shown while the new one is made
    journey.choose_colour(next(c.colour.name for c in journey.selection.style.colourways
                               if c.colour and c.colour.lab and c.colour.name != preview.target.colour_name
                               and c.colour != journey.selection.colourway.colour))
    assert preview.apply(image) is image
    preview.stop()
    assert preview.apply(image) is image, "stopped: the frame as it is, nothing kept"
    preview.close()


def test_no_preview_off_the_item_screen_after_a_wipe_or_behind_two_way_glass(qtbot):
    screen, journey, preview = _item_screen(qtbot)
    journey.choose_colour(_other_colour(journey))
    preview.observe(photo_observation("astronaut.png"), engaged=True)
    qtbot.waitUntil(lambda: preview.showing)
    screen.hide()
    assert preview.target is None and not preview.showing
    screen.show()
    journey.choose_colour(_other_colour(journey))
    journey.wipe()
    assert preview.target is None
    two_way, journey2, preview2 = _item_screen(qtbot, mode="two_way")
    journey2.choose_colour(_other_colour(journey2))
    assert preview2.target is None, "no camera image on screen: nothing to recolour live"


def test_see_it_on_me_on_the_real_demo_app(tmp_path):
    """The demo (digital, camera on the astronaut photo): tapping Sky blue turns the suit
    blue on screen, under a 'Preview of Sky blue' label (screenshots for docs/)."""
    import cv2

    from tests.support.scenarios import run_demo_scenario

    shots = run_demo_scenario(tmp_path, "see_it_on_me.yaml")
    worn, preview = (cv2.imread(str(shots / name)).astype(int)
                     for name in ("item-as-worn.png", "see-it-on-me.png"))
    band = slice(int(0.45 * worn.shape[0]), int(0.75 * worn.shape[0]))   # chest, under the text

    def bluish(image):
        return float(np.mean(image[band, :, 0] > image[band, :, 2] + 8))

    assert bluish(preview) > bluish(worn) + 0.05
