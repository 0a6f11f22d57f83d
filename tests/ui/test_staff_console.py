"""The staff console (pytest-qt, offscreen): requests appear with a chime, claim and
delivered round-trip through the mirror's lifecycle, and it fits a handheld."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.messaging.payloads import Staff
from kiosk.ui.staff.app import build_staff_app
from kiosk.ui.staff.card import RequestCard
from kiosk.ui.staff.style import HEIGHT, TOUCH, WIDTH
from tests.support.messaging import GTIN, Store

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


class FakeChime:
    def __init__(self):
        self.played = 0

    def play(self):
        self.played += 1


@pytest.fixture
def console(qtbot):
    store = Store()
    app = build_staff_app(store.bus, store="s1", staff=Staff(id="anna", name="Anna"),
                          zone="womenswear", chime=FakeChime())
    qtbot.addWidget(app.window)
    app.window.show()
    yield store, app
    app.stop()


def test_a_new_request_appears_with_a_chime_and_a_large_claim_button(console, qtbot):
    store, app = console
    store.mirror.request(GTIN, "M", "navy", product_name="Linen shirt")
    qtbot.waitUntil(lambda: len(app.window.cards) == 1)
    card = app.window.cards[0]
    assert card.button.text() == "Claim: I'll bring M" and card.button.height() >= TOUCH
    assert app.chime.played == 1


def test_claim_then_delivered_through_the_mirror(console, qtbot):
    store, app = console
    rid = store.mirror.request(GTIN, "L", product_name="Wool coat")
    qtbot.waitUntil(lambda: len(app.window.cards) == 1)
    qtbot.mouseClick(app.window.cards[0].button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.cards and app.window.cards[0].button.text() == "Delivered")
    assert store.changes[-1].text == "Anna is bringing L"
    qtbot.mouseClick(app.window.cards[0].button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.cards == [])
    assert store.mirror.get(rid).status == "delivered"


def test_replaced_cards_vanish_at_once_not_at_the_next_loop_turn(console, qtbot):
    store, app = console
    store.mirror.request(GTIN, "M")
    qtbot.waitUntil(lambda: len(app.window.cards) == 1 and app.window.cards[0].isVisible())
    app.window.show_requests([])  # no event-loop turn in between: deleteLater has not run
    assert [c for c in app.window.findChildren(RequestCard) if c.isVisible()] == []


def test_someone_elses_claim_shows_who_without_a_button(console, qtbot):
    store, app = console
    rid = store.mirror.request(GTIN, "S")
    store.handheld("ben", "Ben").claim(rid)
    qtbot.waitUntil(lambda: len(app.window.cards) == 1 and app.window.cards[0].button is None)


def test_escalated_requests_chime_again_and_show_a_badge(console, qtbot):
    store, app = console
    store.mirror.request(GTIN, "M")
    qtbot.waitUntil(lambda: app.chime.played == 1)
    store.clock.advance(61)
    store.mirror.tick()
    qtbot.waitUntil(lambda: app.chime.played == 2)
    assert app.window.cards[0].property("escalated") is True


def test_handheld_screenshot(console, qtbot):
    store, app = console
    store.mirror.request(GTIN, "M", "navy", product_name="Linen shirt, relaxed fit")
    store.clock.advance(61)
    store.mirror.tick()
    rid = store.mirror.request(GTIN, "38", "black", product_name="Leather ankle boots")
    store.mirror.request(GTIN, "XL", "ecru", product_name="Cable-knit jumper")
    store.handheld("anna", "Anna").claim(rid)
    qtbot.waitUntil(lambda: len(app.window.cards) == 3)
    assert (app.window.width(), app.window.height()) == (WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: all(card.isVisible() for card in app.window.cards))
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert app.window.grab().save(str(SHOTS / "staff_console.png"))


def test_a_size_not_on_the_floor_says_where_to_look(console, qtbot):
    """Issue 14, defect 3: staff asked for a size at 0 here look in the stockroom first."""
    store, app = console
    store.mirror.request(GTIN, "M", "sky blue", product_name="Linen shirt", off_floor=True)
    store.mirror.request(GTIN, "L", "navy", product_name="Linen shirt")
    qtbot.waitUntil(lambda: len(app.window.cards) == 2)
    notes = {card.view.size: [label.text() for label in card.findChildren(QLabel, "off_floor")]
             for card in app.window.cards}
    assert notes == {"M": ["Not on the floor: check the stockroom / other stores"], "L": []}
