"""Translated catalogue content: titles, descriptions and colour names per language.

The catalogue's own text is the store's default language; translations ride in columns
named ``<field>_<language>`` (``title_fr``, ``title_zh_CN``, ``description_fr``,
``colour_zh_CN`` …, the same keys in YAML), filled by hand or by an import
(``translation_import.py``: Shopify Translate & Adapt CSV, Merchant Center feed per
language).  What the screens and the phone show goes through ``title_in`` /
``description_in`` / ``colour_in``: the store's translation, else (colours only) the
built-in table ``colour_translations.csv``, else the default text.  ``check`` warns about
every fallback of a language the catalogue translates (``translation_issues``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from kiosk.catalogue.colour_names import _canonical, normalise_name
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Record

LANGUAGES = ("fr", "zh_CN")          # languages a catalogue can carry besides its own
STYLE_TEXT = ("title", "description")
COLOURWAY_TEXT = ("colour",)
STYLE_COLUMNS = tuple(f"{f}_{lang}" for f in STYLE_TEXT for lang in LANGUAGES)
COLOURWAY_COLUMNS = tuple(f"{f}_{lang}" for f in COLOURWAY_TEXT for lang in LANGUAGES)
COLUMNS = STYLE_COLUMNS + COLOURWAY_COLUMNS
_BY_LOWER = {c.lower(): c for c in COLUMNS}
_TABLE = Path(__file__).with_name("colour_translations.csv")
_FIX = ("write the {lang} text in the {column} column (or key), or import the shop's "
        "translations (docs/catalogue-format.md, 'Translations'); until then shoppers "
        "reading {lang} see the default text")


def column_name(name: str) -> str:
    """'title_zh_cn' / 'Title_ZH-CN' → 'title_zh_CN'; other names unchanged."""
    return _BY_LOWER.get(name.lower().replace("-", "_"), name)


def language_code(locale: str) -> str | None:
    """A shop's locale ('fr', 'fr-FR', 'zh-CN', 'zh_Hans') → one of LANGUAGES, or None."""
    text = locale.strip().replace("-", "_").lower()
    if text.startswith("zh") and not text.startswith(("zh_tw", "zh_hk", "zh_hant")):
        return "zh_CN"
    if text.split("_")[0] == "fr":
        return "fr"
    return None


@lru_cache(maxsize=1)
def colour_translation_table() -> dict[str, dict[str, str]]:
    """normalised English colour name → {language: name} (colour_translations.csv)."""
    with _TABLE.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        return {normalise_name(row["name"]): {lang: row[lang] for lang in LANGUAGES if row[lang]}
                for row in csv.DictReader(rows)}


def builtin_colour_name(name: str, language: str) -> str | None:
    """The table's translation of a colour name the store wrote ('Sage green', 'noir')."""
    return colour_translation_table().get(_canonical(normalise_name(name)), {}).get(language)


def pick(names: tuple[tuple[str, str], ...], field: str, language: str) -> str | None:
    wanted = f"{field}_{language}"
    return next((text for key, text in names if key == wanted), None)


def title_in(style, language: str) -> str:
    return pick(style.names, "title", language) or style.title


def description_in(style, language: str) -> str:
    return pick(style.names, "description", language) or style.description


def colour_in(colour, language: str) -> str:
    """A colour's name for shoppers: the store's, the built-in table's, else as written."""
    if colour is None:
        return ""
    if language in LANGUAGES:
        return (pick(colour.names, "colour", language)
                or builtin_colour_name(colour.name, language) or colour.name)
    return colour.name


def record_names(record: Record, columns: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((c, text) for c in columns if (text := record.text(c)))


def declared_languages(records: list[Record]) -> tuple[str, ...]:
    """Languages the file translates: any cell, or a spreadsheet column, for them."""
    seen: set[str] = set()
    for record in records:
        names = set(record.cells) | set(record.columns or ())
        seen.update(lang for lang in LANGUAGES
                    if any(f"{f}_{lang}" in names for f in (*STYLE_TEXT, *COLOURWAY_TEXT)))
        if len(seen) == len(LANGUAGES):
            break
    return tuple(lang for lang in LANGUAGES if lang in seen)


def translation_issues(style_id: str, records: list[Record], languages: tuple[str, ...],
                       description: str, diag: Diagnostics) -> None:
    """Warn (file, line, field) about each text of ``style_id`` that falls back."""
    first = records[0]
    for lang in languages:
        for field, needed in (("title", True), ("description", bool(description))):
            column = f"{field}_{lang}"
            if needed and not any(r.text(column) for r in records):
                _warn(diag, first, column, lang, f"style {style_id!r} has no {lang} {field}: "
                      "shown in the default language")
        seen: set[str] = set()
        for record in records:
            colour, column = record.text("colour"), f"colour_{lang}"
            if not colour or colour in seen or record.text(column):
                continue
            seen.add(colour)
            if builtin_colour_name(colour, lang) is None:
                _warn(diag, record, column, lang, f"colour {colour!r} of {style_id!r} has no "
                      f"{lang} name (not in the built-in colour names): shown as written")


def _warn(diag: Diagnostics, record: Record, column: str, lang: str, message: str) -> None:
    line, col = record.where(column)
    if line is None:
        line, col = record.where("style_id")
    diag.warning("translation-missing", message, _FIX.format(lang=lang, column=column),
                 line, col, column)


_ONE_SIZE = {"one size", "onesize", "os", "one size fits all", "osfa", "taille unique", "tu",
             "均码"}


def is_one_size(size: str | None) -> bool:
    """'One size', 'ONE-SIZE', 'OS', 'Taille unique' …: a label the screens translate."""
    return bool(size) and normalise_name(size) in _ONE_SIZE
