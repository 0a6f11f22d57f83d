"""Issue #14: a size at 0 stock here.  'Bring me M' was greyed out with no reason while staff
can still be asked (docs/manager-guide.md), and 'Add to basket' took a size nobody can have."""

from pathlib import Path

import pytest

from hardware.scanners.events import ItemScanned
from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.item import ItemScreen

ROOT = Path(__file__).resolve().parents[2]
SKY_BLUE_M_NONE_HERE = "02000010202003"   # config/demo-catalogue.yaml: stock 0 (GTIN-14)
SHOTS = ROOT / "out" / "screenshots"


def item_screen(qtbot, not_in_stock: str) -> ItemScreen:
    config = StoreConfig(mqtt={"requests": {"not_in_stock": not_in_stock}})
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    journey = Journey(lambda: catalogue, BasketStore())
    journey.begin("test-session")
    services = Services(journey=journey, requests=object())
    ctx = UiContext(config, Languages(["en"], "en"), lambda *a, **k: None, services, theme.metrics_for(1080, 1920))
    screen = ItemScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.show()
    scanned = journey.scan(ItemScanned(SKY_BLUE_M_NONE_HERE, "hid", SKY_BLUE_M_NONE_HERE, "ean13"))
    # Chosen on the screen, not held: the shopper holds another size (or browsed to it)
    journey.open_style(scanned.style.id)
    journey.choose_colour(scanned.colourway.colour.name)
    journey.choose_size("M")
    screen.refresh()
    qtbot.waitExposed(screen)
    return screen


@pytest.mark.parametrize("not_in_stock", ["ask", "refuse"])
def test_a_size_not_here_says_why_and_never_goes_in_the_basket(qtbot, not_in_stock):
    screen = item_screen(qtbot, not_in_stock)
    assert screen.request_button.text() == "Bring me M"
    assert screen.request_button.isEnabled() is (not_in_stock == "ask")
    assert not screen.basket_button.isEnabled()
    assert screen.stock_note.isVisible()
    note = screen.stock_note.text()
    assert "Only sizes in stock here can go in your basket." in note
    assert ("stockroom and other stores" in note) is (not_in_stock == "ask")
    assert ("ask at the fitting-room desk" in note) is (not_in_stock == "refuse")
    assert screen.stock_note.font().pixelSize() >= 28  # read from 1-2 m
    SHOTS.mkdir(parents=True, exist_ok=True)
    screen.grab().save(str(SHOTS / f"item-not-in-stock-{not_in_stock}.png"))


def test_the_size_in_the_hand_is_not_offered_to_be_brought(qtbot):
    """Issue 14, 7: 'Bring me S' was the primary action for the S the shopper was holding."""
    screen = item_screen(qtbot, "ask")
    journey = screen.ctx.services.journey
    held = journey.selection.colourway.variants[0]
    journey.scan(ItemScanned(held.gtin, "hid", held.gtin, "ean13"))
    screen.refresh()
    assert screen.request_button.text() == f"You have {held.size}"
    assert not screen.request_button.isEnabled()
    other = next(v.size for v in journey.selection.colourway.variants if v.size != held.size)
    journey.choose_size(other)
    screen.refresh()
    assert screen.request_button.text() == f"Bring me {other}" and screen.request_button.isEnabled()
