"""Overlapping or clipped text, measured on widget geometry (not pixels), and a mirror window
with every shopper screen that the UI tests can put into each of its states."""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import combinations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.colour.palette import manual_swatches
from kiosk.config import StoreConfig
from kiosk.handoff.client import Handoff
from kiosk.handoff.flow import Phase, View
from kiosk.handoff.qr import qr_matrix
from kiosk.journey import Journey
from kiosk.messaging.views import RequestView
from kiosk.services import Services
from kiosk.session import Session
from kiosk.shopper.core import ShopperCore
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.mirror_window import MirrorWindow
from kiosk.ui.navbar import NavBar
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.basket import BasketScreen
from kiosk.ui.screens.browse import BrowseScreen
from kiosk.ui.screens.closed import ClosedScreen
from kiosk.ui.screens.colours import ColoursScreen
from kiosk.ui.screens.goodbye import GoodbyeScreen
from kiosk.ui.screens.handoff import HandoffScreen
from kiosk.ui.screens.hello import HelloScreen
from kiosk.ui.screens.item import ItemScreen
from kiosk.ui.screens.look import LookScreen
from kiosk.ui.screens.request import RequestScreen
from tests.support.catalogue import DEMO

LANGUAGES = ["en", "fr", "zh_CN"]
SHOPPER_SCREENS = [AttractScreen, HelloScreen, BrowseScreen, ItemScreen, LookScreen, ColoursScreen,
                   BasketScreen, RequestScreen, HandoffScreen, GoodbyeScreen, ClosedScreen]


# -- the check ---------------------------------------------------------------------------------
def shown_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text()
    if hasattr(widget, "label_lines"):  # a Swatch paints its name, on one or two lines
        return "\n".join(widget.label_lines)
    return getattr(widget, "name", None) or widget.text()


def text_widgets(root: QWidget) -> list[QWidget]:
    """Visible labels and buttons with something to read, the root included."""
    candidates = [root, *root.findChildren(QWidget)]
    return [w for w in candidates if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(root.window())
            and w.isVisible() and shown_text(w).strip()]


def window_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def shown_rect(widget: QWidget) -> QRect:
    """The part of the widget its ancestors let through (a scroll area shows a window of rows)."""
    rect = window_rect(widget)
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.intersected(window_rect(parent))
        parent = parent.parentWidget()
    return rect


def scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def horizontal_padding(widget: QWidget) -> int:
    """The pills' style sheet padding (36 px a side at 1080p) plus the label margins."""
    if isinstance(widget, QLabel):
        margins = widget.contentsMargins()
        return margins.left() + margins.right()
    if type(widget).__name__ == "Swatch":
        return 0
    metrics = theme.metrics_for(widget.window().width(), widget.window().height())
    return 2 * metrics.px(36)


def clipping(widget: QWidget) -> str | None:
    text = shown_text(widget)
    metrics = QFontMetrics(widget.font())
    room = widget.width() - horizontal_padding(widget)
    if isinstance(widget, QLabel) and widget.wordWrap():
        wrapped = metrics.boundingRect(QRect(0, 0, room, 100_000), Qt.TextFlag.TextWordWrap, text)
        if wrapped.width() > room:  # a word too long to wrap (Chinese breaks between characters)
            return f"{text!r} wrapped is {wrapped.width()} px wide, its label {room}"
        if widget.heightForWidth(widget.width()) > widget.height() + 1:
            return f"{text!r} needs {widget.heightForWidth(widget.width())} px of height, has {widget.height()}"
        return None
    widest_line = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [text])
    if widest_line > room:
        return f"{text!r} needs {widest_line} px, has {room}"
    return None


def text_problems(window: QWidget) -> list[str]:
    """Text that does not fit its widget, leaves the window, or overlaps other text."""
    widgets = [w for w in text_widgets(window) if not shown_rect(w).isEmpty()]
    problems = []
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        reason = clipping(widget)
        if reason:
            problems.append(f"{where}: {reason}")
        if shown_rect(widget) != window_rect(widget) and not scrolls(widget):
            problems.append(f"{where} {shown_text(widget)!r}: cut off at {shown_rect(widget)} of {window_rect(widget)}")
    for first, second in combinations(widgets, 2):
        if first.isAncestorOf(second) or second.isAncestorOf(first):
            continue
        if shown_rect(first).intersects(shown_rect(second)):
            problems.append(f"{shown_text(first)!r} overlaps {shown_text(second)!r}")
    return problems


# -- a mirror with every shopper screen ------------------------------------------------------------
class FakeLights:
    current = "evening"

    def apply(self, preset: str) -> None:
        self.current = preset


@dataclass
class TestMirror:
    window: MirrorWindow
    languages: Languages
    journey: Journey

    def screen(self, name: str):
        return self.window.screens[name]


def build_test_mirror(qtbot, width: int, height: int) -> TestMirror:
    config = StoreConfig(store={"name": "Maison Demo · Paris", "languages": LANGUAGES, "default_language": "en"})
    window = MirrorWindow(digital=False, flip=True, windowed=True)
    qtbot.addWidget(window)
    window.resize(width, height)
    metrics = theme.metrics_for(width, height)
    languages = Languages(LANGUAGES, "en", window)
    catalogue = load_catalogue(DEMO)
    journey = Journey(lambda: catalogue, BasketStore())
    services = Services(journey=journey, lights=FakeLights(), requests=object(),
                        shopper=ShopperCore(journey, Session()))
    ctx = UiContext(config, languages, lambda *a, **k: None, services, metrics)
    for screen_class in SHOPPER_SCREENS:
        window.add_screen(screen_class(ctx))
    navbar = NavBar(metrics, LANGUAGES)
    languages.changed.connect(navbar.set_language)
    window.set_navbar(navbar)
    window.indicator.set_notice("Camera on: nothing is recorded or stored")
    window.indicator.set_live(True)
    window.show()
    qtbot.waitExposed(window)
    journey.begin("test-session")
    return TestMirror(window, languages, journey)


def claimed_request() -> RequestView:
    return RequestView(id="r1", status="claimed", size="M", colour="sage green", gtin="2000010101009",
                       product_name="Relaxed linen shirt", room="Fitting room 3", zone="womenswear",
                       claimed_by="Anna", escalation=0, notify="zone", created=0.0, revision=1)


def showing_handoff(domain: str = "192.168.1.20:8080") -> View:
    url = f"http://{domain}/h/abcdefghijklmnop"
    handoff = Handoff(url=url, domain=domain, expires_at=time.time() + 300, token_hash="x",
                      qr_matrix=qr_matrix(url))
    return View(Phase.SHOWING, handoff, 300)


def screen_states(mirror: TestMirror):
    """(description, prepare) for every state the shopper can see; prepare shows it."""
    window, journey = mirror.window, mirror.journey

    def item():
        journey.open_style("W-LIN-SHIRT")
        journey.choose_size("S")
        window.show_screen("item")

    def colours(phase: str):
        def show():
            screen = mirror.screen("colours")
            window.show_screen("colours")
            if phase == "compare":
                first, second = manual_swatches()[:2]
                screen._compare = (first, second)
            if phase == "result":
                screen.pick("soft_autumn")
            else:
                screen.phase = phase
                screen.retranslate()
        return show

    def basket():
        journey.open_style("W-LIN-SHIRT")
        journey.choose_size("M")
        journey.add_to_basket()
        window.show_screen("basket")

    def request():
        window.show_screen("request")
        mirror.screen("request").show_request(claimed_request())

    def handoff():
        window.show_screen("handoff")
        mirror.screen("handoff").show_view(showing_handoff())

    return [
        ("attract", lambda: window.show_screen("attract")),
        ("hello", lambda: window.show_screen("hello")),
        ("browse", lambda: window.show_screen("browse")),
        ("item", item),
        ("look", lambda: window.show_screen("look")),
        ("request claimed", request),
        *[(f"colours {phase}", colours(phase)) for phase in ("consent", "analysing", "compare", "manual", "result")],
        ("basket", basket),
        ("handoff", handoff),
        ("goodbye", lambda: window.show_screen("goodbye")),
        ("closed", lambda: window.show_screen("closed")),
    ]
