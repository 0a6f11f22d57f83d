"""Shops' translations → the ``title_fr`` … cells of a source's records (translations.py).

* Shopify **Translate & Adapt** export (Settings → Languages → Export, one CSV for all
  languages): columns ``Type, Identification, Field, Locale, Market, Status, Default
  content, Translated content``.  A ``PRODUCT`` row's ``handle`` field ties the product id
  to the handle of the product export; its ``title`` / ``body_html`` rows give the
  translated title and description; ``PRODUCT_OPTION_VALUE`` ``name`` rows translate an
  option value such as a colour ("Sage green" → "Vert sauge"), matched by its default text.
  Market-specific rows (a ``Market`` given) are used only where no all-markets row exists.
* **Merchant Center**: the feed of one language (``--lang fr feed-fr.xml``), matched item
  by item on ``id`` (our SKU), else on ``item_group_id``; its title, description and colour
  become that language's.

Only the languages of translations.LANGUAGES are kept; others are skipped quietly.
"""

from __future__ import annotations

from kiosk.catalogue.colour_names import normalise_name
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell, Record, Source
from kiosk.catalogue.shopify import _plain_text
from kiosk.catalogue.tables import read_rows
from kiosk.catalogue.translations import LANGUAGES, language_code

SHOPIFY_COLUMNS = ("type", "identification", "field", "locale", "market", "status",
                   "default content", "translated content")
_STYLE_FIELDS = {"title": "title", "body_html": "description"}


def apply_shopify_translations(source: Source, text: str, file: str, diag: Diagnostics) -> None:
    header, rows = read_rows(text, file)
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    missing = [c for c in SHOPIFY_COLUMNS if c not in index and c not in ("market", "status")]
    if missing:
        diag.error("translations-columns", f"{file}: not a Shopify translation export "
                   f"(missing {', '.join(missing)})", "export from Shopify admin → Settings → "
                   "Languages → Export (Translate & Adapt), all products", 1)
        return

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    handles: dict[str, str] = {}
    texts: list[tuple[bool, str, str, str, str, str, str]] = []
    for _line, row in rows:
        kind, ident = cell(row, "type").upper(), cell(row, "identification").lstrip("'")
        field = cell(row, "field").lower()
        if kind == "PRODUCT" and field == "handle":
            handles[ident] = cell(row, "default content")
        lang = language_code(cell(row, "locale"))
        if lang and (translated := cell(row, "translated content")):
            texts.append((bool(cell(row, "market")), kind, ident, field, lang, translated,
                          cell(row, "default content")))
    first = _first_records(source)
    colours = _colour_records(source)
    for market, kind, ident, field, lang, translated, default in sorted(texts, key=lambda t: t[0]):
        if kind == "PRODUCT" and field in _STYLE_FIELDS:
            record = first.get(handles.get(ident, ""))
            value = _plain_text(translated) if field == "body_html" else translated
            if record is not None:
                _set(record, f"{_STYLE_FIELDS[field]}_{lang}", value, market)
        elif kind == "PRODUCT_OPTION_VALUE" and field == "name":
            for record in colours.get(normalise_name(default), []):
                _set(record, f"colour_{lang}", translated, market)


def apply_feed_translations(source: Source, feed: Source, language: str,
                            diag: Diagnostics) -> None:
    """One language's Merchant Center feed, already parsed into ``feed``."""
    if language not in LANGUAGES:
        diag.error("translations-language", f"language {language!r} is not one the mirror "
                   "shows", "use one of: " + ", ".join(LANGUAGES), 1)
        return
    by_sku = {r.text("sku"): r for r in feed.records if r.text("sku")}
    by_style = _first_records(feed)
    first = _first_records(source)
    for record in source.records:
        other = by_sku.get(record.text("sku")) or by_style.get(record.text("style_id"))
        if other is None:
            continue
        if other.text("colour"):
            _set(record, f"colour_{language}", other.text("colour"), False)
        if first.get(record.text("style_id")) is record:
            for name in ("title", "description"):
                if other.text(name):
                    _set(record, f"{name}_{language}", other.text(name), False)


def _set(record: Record, name: str, value: str, market: bool) -> None:
    if market and record.text(name):   # an all-markets translation wins over a market's
        return
    record.cells[name] = Cell(value)


def _first_records(source: Source) -> dict[str, Record]:
    first: dict[str, Record] = {}
    for record in source.records:
        first.setdefault(record.text("style_id"), record)
    return first


def _colour_records(source: Source) -> dict[str, list[Record]]:
    by_colour: dict[str, list[Record]] = {}
    for record in source.records:
        if record.text("colour"):
            by_colour.setdefault(normalise_name(record.text("colour")), []).append(record)
    return by_colour

