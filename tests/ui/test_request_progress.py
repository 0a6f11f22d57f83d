"""Issue 19: the claimer's "On my way" and "Can't find it" reach the shopper's request screen,
through the mirror's own request model (contract 1.2), in en / fr / zh_CN."""

from pathlib import Path

import pytest

from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.request import RequestScreen
from tests.support.messaging import Store

ROOT = Path(__file__).resolve().parents[2]
SAGE_GREEN_S = "2000010101009"  # config/demo-catalogue.yaml: sage green M 6, L 3 in stock


@pytest.fixture
def mirror(qtbot):
    """The request screen on the demo catalogue, fed by a real SizeRequests (in-memory bus)."""
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    languages = Languages(["en", "fr", "zh_CN"], "en")
    ctx = UiContext(StoreConfig(), languages, lambda *a, **k: None,
                    Services(journey=Journey(lambda: catalogue, BasketStore())), theme.metrics_for(1080, 1920))
    screen = RequestScreen(ctx)
    qtbot.addWidget(screen)
    store = Store()
    store.mirror.on_change = screen.show_request  # what the journey controller does, minus Qt queueing
    yield store, screen, languages
    languages.set_language("en")


def shown(screen: RequestScreen) -> tuple[str, str]:
    return screen.title.text(), screen.body.text()


@pytest.mark.parametrize("language, eta, nearest", [
    ("en", "Anna, about 2 min", "Nearest in stock: size L."),
    ("fr", "Anna, environ 2 min", "Le plus proche en stock : taille L."),
    ("zh_CN", "Anna，约 2 分钟", "最接近的有货尺码：L。"),
])
def test_on_my_way_then_cannot_find_reach_the_shopper(mirror, language, eta, nearest):
    store, screen, languages = mirror
    languages.set_language(language)
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request(SAGE_GREEN_S, "M", "sage green")
    anna.claim(request_id)
    claimed = shown(screen)[0]
    anna.progress(request_id, "on_my_way", 120)
    assert shown(screen)[0] == eta != claimed
    anna.progress(request_id, "cannot_find")
    title, body = shown(screen)
    assert "Anna" in title and "M" in title and body == nearest


def test_nothing_close_in_stock_sends_the_shopper_to_the_desk(mirror):
    store, screen, _languages = mirror
    anna = store.handheld("anna", "Anna")
    request_id = store.mirror.request("4006381333931", "M")  # not in the demo catalogue
    anna.claim(request_id)
    anna.progress(request_id, "cannot_find")
    assert shown(screen) == ("Anna could not find M",
                             "Nothing close is in stock here: please ask at the fitting-room desk.")
