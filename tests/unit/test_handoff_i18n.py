"""Phone-page translations stay in step; language negotiation prefers what the shopper chose."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kiosk.handoff.i18n import LANGUAGES, from_accept_language, pick_language, strings
from kiosk.handoff.pricing import format_money


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_every_key_with_the_same_placeholders(language):
    english, other = strings("en"), strings(language)
    assert set(other) == set(english)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key
        assert other[key].strip(), key


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("zh-CN,zh;q=0.9", "zh_CN"), ("zh-Hans", "zh_CN"),
    ("zh-TW,en;q=0.5", "en"), ("de-DE,de;q=0.9", None), ("en;q=0.2,fr;q=0.9", "fr"),
    ("", None), (None, None), ("fr;q=abc,en", "en"),
])
def test_accept_language(header, expected):
    assert from_accept_language(header) == expected


def test_explicit_choice_beats_cookie_beats_mirror_language_beats_browser():
    assert pick_language("fr", "zh_CN", "en", "en") == "fr"
    assert pick_language(None, "zh_CN", "fr", "en") == "zh_CN"
    assert pick_language("xx", None, "fr", "zh-CN") == "fr"
    assert pick_language(None, None, None, "de", default="en") == "en"


def test_money_is_formatted_for_each_language():
    assert format_money(Decimal("1234.5"), "EUR", "en") == "€1,234.50"
    assert format_money(Decimal("1234.5"), "EUR", "fr") == "1\u202f234,50\u00a0€"
    assert format_money(Decimal("49.9"), "CNY", "zh_CN") == "¥49.90"
    assert format_money(Decimal("5"), "SEK", "en") == "SEK 5.00"
