"""The readable document form (native YAML, and the JSON published over MQTT).

``read_document`` walks the nested styles → colourways → variants structure
into flat ``Record``s; ``to_document`` writes a ``Catalogue`` back in the same
shape, and its canonical JSON is what ``Catalogue.version`` hashes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kiosk.catalogue import colour_names
from kiosk.catalogue.gtin import display_gtin
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.records import Cell, Record, Source
from kiosk.catalogue.translations import COLOURWAY_COLUMNS, STYLE_COLUMNS

FORMAT = "kiosk-catalogue/1"
_STYLE_KEYS = {"id": "style_id", "title": "title", "kind": "kind", "category": "category",
               "accessory_category": "accessory_category", "brand": "brand", "gender": "gender",
               "pairing_tags": "pairing_tags", "boost": "boost", "description": "description",
               "price": "price", "size_system": "size_system",
               **{c: c for c in STYLE_COLUMNS}}   # title_fr, description_zh_CN …
_COLOURWAY_KEYS = {"colour": "colour", "hex": "colour_hex", "lab": "colour_lab",
                   "images": "images", "price": "price", "size_system": "size_system",
                   **{c: c for c in COLOURWAY_COLUMNS}}   # colour_fr, colour_zh_CN
_VARIANT_KEYS = {"size": "size", "gtin": "gtin", "sku": "sku", "stock": "stock",
                 "price": "price", "size_system": "size_system", "images": "images",
                 "review": "review"}   # review: an import draft's notes (review.py), never published


def _marks(mapping: Any, key: str) -> tuple[int | None, int | None]:
    return getattr(mapping, "marks", {}).get(key, (None, None))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_text(v) for v in value)
    return str(value)


class _Walker:
    def __init__(self, file: str, diag: Diagnostics):
        self.diag = diag
        self.source = Source(file, [])

    def expect(self, value: Any, kind: type, where: Any, key: str, what: str) -> bool:
        if isinstance(value, kind):
            return True
        self.diag.error("structure", f"'{key}' must be {what}",
                        "compare with the example in docs/catalogue-format.md",
                        *_marks(where, key), key)
        return False

    def cells(self, mapping: dict, names: dict[str, str], inherited: dict[str, Cell],
              skip: tuple[str, ...]) -> dict[str, Cell]:
        cells = dict(inherited)
        for key, value in mapping.items():
            if key in skip:
                continue
            if key not in names:
                self.diag.error("unknown-key", f"unknown key {key!r}",
                                "allowed here: " + ", ".join(sorted([*names, *skip])),
                                *_marks(mapping, key), str(key))
                continue
            line, column = _marks(mapping, key)
            cells[names[key]] = Cell(_text(value).strip(), line, column)
        return cells

    def style(self, style: Any, parent: Any, key: str) -> None:
        if not self.expect(style, dict, parent, key, "a mapping (one style)"):
            return
        cells = self.cells(style, _STYLE_KEYS, {}, ("colourways", "images"))
        style_id = cells.get("style_id", Cell("")).value.strip()
        if "images" in style and style_id:
            line, column = _marks(style, "images")
            self.source.style_images[style_id] = [Cell(_text(style["images"]), line, column)]
        colourways = style.get("colourways")
        if self.expect(colourways, list, style, "colourways", "a list of colourways"):
            for colourway in colourways:
                self.colourway(colourway, cells, style)

    def colourway(self, colourway: Any, inherited: dict[str, Cell], style: Any) -> None:
        if not self.expect(colourway, dict, style, "colourways", "a list of mappings"):
            return
        cells = self.cells(colourway, _COLOURWAY_KEYS, inherited, ("variants",))
        variants = colourway.get("variants")
        if self.expect(variants, list, colourway, "variants", "a list of sizes"):
            for variant in variants:
                if self.expect(variant, dict, colourway, "variants", "a list of mappings"):
                    line = _marks(colourway, "variants")[0]
                    own = self.cells(variant, _VARIANT_KEYS, cells, ())
                    first = next(iter(getattr(variant, "marks", {}).values()), (line, None))
                    self.source.records.append(Record(first[0], own))


def read_document(data: Any, file: str, diag: Diagnostics) -> Source:
    walker = _Walker(file, diag)
    if not walker.expect(data, dict, {}, "document", "a mapping with 'styles:'"):
        return walker.source
    header = data.get("catalogue") or {}
    if walker.expect(header, dict, data, "catalogue", "a mapping (store, currency)"):
        walker.source.currency = _text(header.get("currency", "EUR")).upper() or "EUR"
        walker.source.store = _text(header.get("store")) or None
    for key in data:
        if key not in ("catalogue", "styles"):
            diag.error("unknown-key", f"unknown top-level key {key!r}",
                       "a catalogue has 'catalogue:' and 'styles:' only", *_marks(data, key), key)
    styles = data.get("styles")
    if walker.expect(styles, list, data, "styles", "a list of styles"):
        for style in styles:
            walker.style(style, data, "styles")
    return walker.source


def to_document(catalogue) -> dict:
    header = {"format": FORMAT, "currency": catalogue.currency}
    if catalogue.store:
        header["store"] = catalogue.store
    return {"catalogue": header, "styles": [_style_doc(s) for s in catalogue.styles]}


def _style_doc(style) -> dict:
    doc: dict[str, Any] = {"id": style.id, "title": style.title, "kind": style.kind}
    optional = {"category": style.category, "accessory_category": style.accessory_category,
                "brand": style.brand, "gender": style.gender, "description": style.description,
                "pairing_tags": sorted(style.pairing_tags), "boost": style.boost or None}
    doc.update({k: v for k, v in optional.items() if v})
    doc.update(style.names)   # translations (absent: the version stays what it was)
    variant_images = {i for v in style.variants for i in v.images}
    if own := [i for i in style.images if i not in variant_images]:
        doc["images"] = own
    doc["colourways"] = [_colourway_doc(c) for c in style.colourways]
    return doc


def _colourway_doc(colourway) -> dict:
    doc: dict[str, Any] = {}
    colour = colourway.colour
    if colour is not None:
        doc["colour"] = colour.name
        if colour.hex and colour_names.lookup(colour.name) != (True, colour.hex):
            doc["hex"] = colour.hex
        if colour.source == "lab" and colour.lab:
            doc["lab"] = list(colour.lab)
        doc.update(colour.names)
    doc["variants"] = [_variant_doc(v) for v in colourway.variants]
    return doc


def _variant_doc(variant) -> dict:
    gtin = display_gtin(variant.gtin) if variant.gtin else None
    doc = {"size": variant.size, "size_system": variant.size_system, "gtin": gtin,
           "sku": variant.sku, "stock": variant.stock, "price": str(variant.price),
           "images": list(variant.images) or None}
    return {k: v for k, v in doc.items() if v is not None}


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def content_hash(catalogue) -> str:
    """Hash of what a shopper can see (styles, prices, stock), not of the file's header."""
    document = to_document(catalogue)
    content = {"currency": document["catalogue"]["currency"], "styles": document["styles"]}
    return hashlib.sha256(canonical_json(content)).hexdigest()
