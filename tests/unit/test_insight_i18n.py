"""The report in the store's languages: complete catalogues, local formats, CJK that renders."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest

from kiosk.errors import ConfigError
from kiosk.insight.html import render_html
from kiosk.insight.i18n import LANGUAGES, Messages, catalogue
from kiosk.insight.report import build_report
from tests.support.debian import missing_package
from tests.support.insight import WEEK_SINCE, WEEK_UNTIL, simulated_store


def placeholders(text) -> set[str]:
    if isinstance(text, list):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    english, other = catalogue()["en"], catalogue()[lang]
    assert set(other) == set(english)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key
    assert len(other["weekdays"]) == 7 and len(other["months"]) == 12


def test_local_formats():
    en, fr, zh = Messages("en"), Messages("fr"), Messages("zh_CN")
    assert (en.duration(45), en.duration(276)) == ("45 s", "4.6 min")
    assert (fr.duration(276), fr.pct(0.32)) == ("4,6 min", "32 %")
    assert (zh.duration(45), zh.duration(276)) == ("45 秒", "4.6 分钟")
    assert en.day(date(2026, 11, 16)) == "Mon 16 Nov"
    assert fr.day(date(2026, 11, 16)) == "lun. 16 nov."
    assert zh.day(date(2026, 11, 16)) == "11月16日 周一"
    assert en.hours([18, 12, 17]) == "12:00-13:00 and 17:00-19:00"
    assert fr.moment(datetime(2026, 11, 16, 9, 5)) == "lun. 16 nov. 2026 09:05"


def test_unknown_language_is_a_config_error():
    with pytest.raises(ConfigError) as err:
        Messages("de")
    assert err.value.location.field == "--lang"


@pytest.fixture(scope="module")
def week():
    store, _ = simulated_store()
    yield build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    store.close()


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ["Renforcez l'équipe en surface", "Linen shirt dress en taille M", "Entonnoir"]),
    ("zh_CN", ["请在这些时段增加卖场人手", "Linen shirt dress M 码", "转化漏斗"]),
])
def test_report_and_actions_in_other_languages(week, lang, words):
    m = Messages(lang)
    html = render_html(week, {}, m).replace("&#39;", "'")
    for text in words:
        assert text in html
    assert f'<html lang="{lang.replace("_", "-")}">' in html
    assert "Mirror visits" not in html and "What to act on" not in html


def test_chinese_chart_labels_render_as_glyphs_not_boxes(week):
    """matplotlib warns "Glyph … missing" when it draws a box; with the Noto CJK fallback
    (Debian fonts-noto-cjk) every Chinese label finds a glyph."""
    import warnings

    from matplotlib import font_manager

    from kiosk.insight.charts import all_charts
    if not any("CJK" in f.name for f in font_manager.fontManager.ttflist):
        missing_package("no CJK font installed (apt-get install fonts-noto-cjk)")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        charts = all_charts(week, Messages("zh_CN"))
    assert len(charts) == 14  # each chart twice: for a desk, and narrower for phones
