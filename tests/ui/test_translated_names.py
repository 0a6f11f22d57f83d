"""Issue #14, 4: the shopper who chose 中文 read product and colour names, 'One size' and
'Fitting room 3' in English.  The item screen now reads them through kiosk.ui.names."""

from pathlib import Path

from hardware.scanners.events import ItemScanned
from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import StoreConfig
from kiosk.journey import Journey
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.names import room_name, size_label
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.item import ItemScreen

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
CATALOGUE = """\
catalogue: {store: s1, currency: EUR}
styles:
  - id: W-LIN
    title: Relaxed linen shirt
    title_zh_CN: 宽松亚麻衬衫
    title_fr: Chemise en lin décontractée
    price: 49.95
    colourways:
      - colour: sage green
        colour_zh_CN: 灰绿色
        variants:
          - {size: S, gtin: "2000030101010", stock: 4}
      - colour: navy
        variants:
          - {size: S, gtin: "2000030102017", stock: 3}
  - id: A-TOTE
    title: Canvas tote
    kind: accessory
    accessory_category: bag
    price: 25
    colourways:
      - colour: ecru
        variants:
          - {size: One size, gtin: "2000030201017", stock: 2}
"""


def item_screen(qtbot, tmp_path, language: str, gtin: str) -> ItemScreen:
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    catalogue = load_catalogue(path)
    journey = Journey(lambda: catalogue, BasketStore())
    journey.begin("test-session")
    languages = Languages(["en", "fr", "zh_CN"], "en")
    ctx = UiContext(StoreConfig(), languages, lambda *a, **k: None,
                    Services(journey=journey, requests=object()), theme.metrics_for(1080, 1920))
    screen = ItemScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.show()
    languages.set_language(language)
    journey.scan(ItemScanned(gtin, "hid", gtin, "ean13"))
    screen.refresh()
    qtbot.waitExposed(screen)
    return screen


def _swatch_texts(screen) -> list[str]:
    return [button.name for button in screen._swatches.buttons()]


def test_item_screen_in_chinese_shows_the_translated_title_and_colours(qtbot, tmp_path):
    screen = item_screen(qtbot, tmp_path, "zh_CN", "02000030101010")
    try:
        assert screen.title.text() == "宽松亚麻衬衫"
        names = " ".join(_swatch_texts(screen))
        assert "灰绿色" in names         # the store's own translation
        assert "藏青色" in names         # navy: the built-in colour names
        assert "Sage" not in names and "Navy" not in names
        SHOTS.mkdir(parents=True, exist_ok=True)
        screen.grab().save(str(SHOTS / "item-zh_CN-translated.png"))
    finally:
        screen.ctx.languages.set_language("en")


def test_one_size_and_fitting_room_are_the_mirror_s_words(qtbot, tmp_path):
    screen = item_screen(qtbot, tmp_path, "zh_CN", "02000030201017")
    try:
        assert screen.title.text() == "Canvas tote"     # untranslated: the default text
        assert size_label("One size") == "均码"
        assert room_name("Fitting room 3") == "3 号试衣间"
        assert room_name("Cabine Rivoli") == "Cabine Rivoli"
        screen.ctx.languages.set_language("fr")
        assert size_label("ONE-SIZE") == "Taille unique"
        assert room_name("Fitting room 3") == "la cabine 3"   # "En route vers la cabine 3."
        screen.ctx.languages.set_language("en")
        assert size_label("One size") == "One size" and size_label("M") == "M"
    finally:
        screen.ctx.languages.set_language("en")
