"""Issue 14 (translated catalogue content): the catalogue's short description is on the item
screen, in the shopper's language, on two lines at most (elided), in large type."""

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics

from kiosk.ui import theme
from kiosk.ui.widgets import ClampedLabel
from tests.support.text_fit import build_test_mirror, text_problems

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
LINEN = {  # config/demo-catalogue.yaml, W-LIN-SHIRT
    "en": "Washed European linen, dropped shoulders, mother-of-pearl buttons.",
    "fr": "Lin européen lavé, épaules tombantes, boutons en nacre.",
    "zh_CN": "水洗欧洲亚麻，落肩设计，贝母纽扣。",
}


@pytest.mark.parametrize("width, height", [(1080, 1920), (720, 1280)], ids=["1080x1920", "720x1280"])
@pytest.mark.parametrize("language", list(LINEN))
def test_the_item_screen_shows_the_description_in_the_shoppers_language(qtbot, width, height, language):
    mirror = build_test_mirror(qtbot, width, height)
    mirror.languages.set_language(language)
    try:
        mirror.journey.open_style("W-LIN-SHIRT")
        mirror.window.show_screen("item")
        qtbot.wait(1)
        label = mirror.screen("item").description
        assert label.isVisible() and label.full_text == LINEN[language]
        assert label.text().replace("\n", "") in (LINEN[language], LINEN[language].replace(" ", ""))
        assert label.font().pixelSize() >= theme.metrics_for(width, height).body  # large type
        lines = label.heightForWidth(label.width()) // QFontMetrics(label.font()).lineSpacing()
        assert 1 <= lines <= 2
        assert not text_problems(mirror.window)
        SHOTS.mkdir(parents=True, exist_ok=True)
        mirror.window.grab().save(str(SHOTS / f"item-description-{language}-{width}.png"))
    finally:
        mirror.languages.set_language("en")


@pytest.mark.parametrize("text", ["Sandwashed silk crepe de chine with a concealed placket, cut on the bias "
                                  "so it drapes, with French seams inside and a hem that is hand-rolled.",
                                  "真丝双绉，暗门襟，斜裁垂坠，内里法式缝，手工卷边，领口贴边，袖口可翻折，适合四季穿着与叠穿。"])
def test_a_long_description_is_cut_to_two_lines_with_an_ellipsis(qtbot, text):
    label = ClampedLabel(2)
    qtbot.addWidget(label)
    label.setFont(theme.font(32))
    label.resize(400, 200)
    label.setText(text)
    label.show()
    qtbot.waitExposed(label)
    shown = label.text().split("\n")
    assert len(shown) == 2 and shown[-1].endswith("…") and label.full_text == text
    metrics = QFontMetrics(label.font())
    assert all(metrics.horizontalAdvance(line) <= label.contentsRect().width() for line in shown)
    label.resize(2000, 200)  # wide enough again: the whole text comes back
    assert label.text() == text
