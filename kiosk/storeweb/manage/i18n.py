"""Back-office strings (en, fr, zh_CN) in translations/<lang>.json, kept apart from the staff
app's; chosen and looked up as the staff app's are (kiosk.storeweb.i18n), remembered in a
cookie of its own."""

from __future__ import annotations

from pathlib import Path

from kiosk.storeweb import i18n as staff_i18n
from kiosk.storeweb.i18n import LANGUAGES, html_lang, pick_language

__all__ = ["LANGUAGES", "html_lang", "pick_language", "strings", "translator"]
_DIR = Path(__file__).parent / "translations"


def strings(language: str) -> dict[str, str]:
    return staff_i18n.strings(language, _DIR)


def translator(language: str):
    return staff_i18n.translator(language, _DIR)
