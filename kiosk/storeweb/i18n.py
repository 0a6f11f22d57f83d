"""Staff app strings (en, fr, zh_CN): the phone's language, or the one chosen on the page.

Negotiation is the hand-off pages' (``kiosk.handoff.i18n``); only the strings are ours,
in translations/<lang>.json, kept in step by tests/unit/test_storeweb_i18n.py.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kiosk.handoff.i18n import LANGUAGES, html_lang, pick_language

__all__ = ["LANGUAGES", "html_lang", "pick_language", "strings", "translator"]
_DIR = Path(__file__).parent / "translations"


@cache
def strings(language: str, folder: Path = _DIR) -> dict[str, str]:
    """``folder``: another page set's translations (the back office keeps its own)."""
    return json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))


def translator(language: str, folder: Path = _DIR):
    table = strings(language, folder)

    def t(key: str, **values) -> str:
        return table[key].format(**values) if values else table[key]

    return t
