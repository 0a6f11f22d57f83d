"""Phone-page translations (en, fr, zh_CN) and language negotiation.

Strings live in translations/<lang>.json; a unit test keeps the three files
in step (same keys, same {placeholders}).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr", "zh_CN")
_DIR = Path(__file__).parent / "translations"
_HTML_LANG = {"en": "en", "fr": "fr", "zh_CN": "zh-Hans"}


@cache
def strings(language: str) -> dict[str, str]:
    return json.loads((_DIR / f"{language}.json").read_text(encoding="utf-8"))


def html_lang(language: str) -> str:
    return _HTML_LANG[language]


def translator(language: str):
    table = strings(language)

    def t(key: str, **values: str) -> str:
        return table[key].format(**values) if values else table[key]

    return t


def pick_language(query: str | None, cookie: str | None, snapshot: str | None,
                  accept_language: str | None, default: str = "en") -> str:
    """Explicit choice, then remembered choice, then the mirror's language, then the browser's."""
    for candidate in (query, cookie, snapshot):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(accept_language) or default


def from_accept_language(header: str | None) -> str | None:
    weighted = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        weighted.append((-weight, index, tag.strip().lower()))
    for _w, _i, tag in sorted(weighted):
        if tag in ("zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg"):
            return "zh_CN"  # Simplified only: zh-TW / zh-HK readers are better served by English
        if tag.split("-")[0] in ("en", "fr"):
            return tag.split("-")[0]
    return None
