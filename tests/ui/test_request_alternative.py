"""Issue 19: "Can't find it" turns into a choice on the mirror: the nearest size in stock as
one big button ("Ask for L instead", a new request staff see) and "No thanks" (the request
ends), in en / fr / zh_CN.  The real journey controller and request model, an in-memory bus."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.shopper.core import ShopperCore
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.journey_controller import JourneyController
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.request import RequestScreen
from tests.support.messaging import Store

ROOT = Path(__file__).resolve().parents[2]
SAGE_GREEN_M = "2000010101009"  # config/demo-catalogue.yaml: sage green M 6, L 3 in stock


class Window:
    def __init__(self):
        self.screens, self.current_screen, self.toasts = {}, "request", []
        self.navbar = SimpleNamespace(set_basket_count=lambda _n: None)

    def show_screen(self, name: str, **params) -> None:
        self.current_screen = name

    def toast(self, text: str) -> None:
        self.toasts.append(text)


@pytest.fixture
def mirror(qtbot):
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    store, window = Store(), Window()
    session = SimpleNamespace(session_id="s1", hold=lambda: None, release=lambda _now: None,
                              on_wipe=lambda _f: None, camera_on=True)
    shell = SimpleNamespace(session=session, touch=lambda: None, clock=store.clock, closed=False)
    journey = Journey(lambda: catalogue, BasketStore())
    services = Services(journey=journey, requests=store.mirror)
    core = ShopperCore(journey, session, clock=store.clock, requests=store.mirror)
    controller = JourneyController(window, shell, core, services)
    controller._ticker.stop()  # the session stub has no timers; the test drives the clock
    languages = Languages(["en", "fr", "zh_CN"], "en")
    ctx = UiContext(StoreConfig(), languages, controller.navigate, services, theme.metrics_for(1080, 1920))
    screen = RequestScreen(ctx)
    qtbot.addWidget(screen)
    window.screens["request"] = screen
    core.on_request.append(screen.show_request)  # as kiosk/ui/assembly.py subscribes it
    store.mirror.on_change = controller._on_request_changed  # the relay, minus Qt queueing
    anna = store.handheld("anna", "Anna")
    core.request_id = store.mirror.request(SAGE_GREEN_M, "M", "sage green")
    anna.claim(core.request_id)
    yield store, screen, controller, anna, languages
    languages.set_language("en")


@pytest.mark.parametrize("language, label, no_thanks", [
    ("en", "Ask for L instead", "No thanks"),
    ("fr", "Demander du L à la place", "Non merci"),
    ("zh_CN", "改要 L", "不用了"),
])
def test_tapping_the_alternative_sends_a_new_request(qtbot, mirror, language, label, no_thanks):
    store, screen, controller, anna, languages = mirror
    languages.set_language(language)
    first = controller.core.request_id
    assert not screen.alternative_button.isVisibleTo(screen)
    anna.progress(first, "cannot_find")
    assert screen.alternative_button.isVisibleTo(screen) and screen.alternative_button.text() == label
    assert screen.decline_button.text() == no_thanks
    assert not screen.cancel_button.isVisibleTo(screen)
    qtbot.mouseClick(screen.alternative_button, Qt.MouseButton.LeftButton)
    second = controller.core.request_id
    assert second != first and store.mirror.get(first).status == "cancelled"
    view = store.mirror.get(second)
    assert (view.status, view.size, view.colour) == ("open", "L", "sage green")
    assert [v.id for v in anna.visible() if v.status == "open"] == [second]  # staff see the new one
    assert screen.view.id == second and not screen.alternative_button.isVisibleTo(screen)


def test_no_thanks_ends_the_request(qtbot, mirror):
    store, screen, controller, anna, _languages = mirror
    first = controller.core.request_id
    anna.progress(first, "cannot_find")
    qtbot.mouseClick(screen.decline_button, Qt.MouseButton.LeftButton)
    assert store.mirror.get(first).status == "cancelled" and store.mirror.active() == []


def test_nothing_in_stock_nearby_offers_no_button(qtbot, mirror):
    store, screen, controller, anna, _languages = mirror
    controller.core.request_id = store.mirror.request("4006381333931", "M")  # not in the catalogue
    anna.claim(controller.core.request_id)
    anna.progress(controller.core.request_id, "cannot_find")
    assert not screen.alternative_button.isVisibleTo(screen) and screen.cancel_button.isVisibleTo(screen)


@pytest.mark.parametrize("language, label", [("en", "Ask for M in Sage green instead"),
                                             ("fr", "Demander du M en Vert sauge à la place")])
def test_another_colour_is_named_in_the_shoppers_language(mirror, language, label):
    """The colour on the button is the catalogue's translated name when it has one."""
    from kiosk.recommend.alternative import Alternative
    from kiosk.ui.request_progress import offer_label

    store, screen, controller, _anna, languages = mirror
    languages.set_language(language)
    view = store.mirror.get(controller.core.request_id)  # M, sage green
    other = Alternative("M", "sage green", gtin="2000010102006")
    assert offer_label(view, other, screen.ctx.services.journey, language) == label
    assert offer_label(view, Alternative("M", "navy"), None, language).endswith(
        ("navy instead", "navy à la place"))  # nothing to look up: as the catalogue writes it


def test_the_mirror_line_counts_down_on_the_fake_clock(mirror):
    """The controller's 1 s tick re-reads the request: "about 2 min" becomes "about 1 min"."""
    store, screen, controller, anna, _languages = mirror
    anna.progress(controller.core.request_id, "on_my_way", 120)
    assert screen.title.text() == "Anna, about 2 min"
    store.clock.advance(29)
    controller.core.count_down()
    assert screen.title.text() == "Anna, about 2 min"
    store.clock.advance(31)
    controller.core.count_down()
    assert screen.title.text() == "Anna, about 1 min"


def test_a_closed_mirror_ignores_every_tap(qtbot, mirror):
    """Locked from the back office (kiosk/ui/remote_wiring.py): the journey takes no action."""
    store, screen, controller, anna, _languages = mirror
    first = controller.core.request_id
    anna.progress(first, "cannot_find")
    controller.mirror.closed = True
    qtbot.mouseClick(screen.alternative_button, Qt.MouseButton.LeftButton)
    controller.navigate("scan", event=None)
    assert controller.core.request_id == first and controller.window.current_screen == "request"
