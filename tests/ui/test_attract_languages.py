"""Issue 14, 4: the attract screen was English until a touch.  Before anyone has chosen a
language, it invites in every other store language too."""

from kiosk.config import StoreConfig
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import UiContext


def attract(qtbot, languages: list[str]) -> AttractScreen:
    config = StoreConfig()
    config.store.languages = languages
    ctx = UiContext(config, Languages(languages, "en"), lambda *a, **k: None, Services(),
                    theme.metrics_for(1080, 1920))
    screen = AttractScreen(ctx)
    qtbot.addWidget(screen)
    return screen


def test_attract_invites_in_every_other_store_language_before_a_touch(qtbot):
    lines = attract(qtbot, ["en", "fr", "zh_CN"]).languages.text().splitlines()
    assert lines[0] == "Touchez le miroir pour commencer"
    assert len(lines) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in lines[1] if ch.isalpha())
    assert lines[1] != "Touch the mirror to start"


def test_the_mirrors_own_language_is_not_repeated_below(qtbot):
    assert attract(qtbot, ["en", "fr"]).languages.text() == "Touchez le miroir pour commencer"
