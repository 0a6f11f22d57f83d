"""Records → ``Catalogue``: the one place every format is validated.

Style-level fields are taken from the first record of a style that has them
(Shopify continuation rows leave them empty); variant fields are checked row
by row.  Problems go to ``Diagnostics`` with the cell's line and column.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.colours import ColourResolver
from kiosk.catalogue.gtin import GtinError, normalise_gtin
from kiosk.catalogue.images import ImageChecker
from kiosk.catalogue.issues import Diagnostics
from kiosk.catalogue.model import Style, Variant, group_colourways
from kiosk.catalogue.records import Record, Source
from kiosk.catalogue.review import read_review, style_lenient
from kiosk.catalogue.sizes import SIZE_SYSTEMS, infer_size_system
from kiosk.catalogue.styles import StyleFields, read_style_fields
from kiosk.catalogue.translations import (
    COLOURWAY_COLUMNS,
    declared_languages,
    record_names,
    translation_issues,
)
from kiosk.catalogue.values import MAX_FIELD_CHARS, BadValue, parse_price, parse_stock

MAX_VARIANTS = 500_000


def build_catalogue(source: Source, diag: Diagnostics, base_dir: Path | None = None) -> Catalogue:
    """Validate ``source``; raise ``CatalogueErrors`` if any error, else return the catalogue."""
    if len(source.records) > MAX_VARIANTS:
        diag.error("too-many-variants", f"{len(source.records)} variants (limit {MAX_VARIANTS})",
                   "split the catalogue per store or department")
        diag.raise_if_errors()
    if not source.records:   # a header-only file or 'styles: []' would empty every mirror
        diag.error("no-rows", "the catalogue lists no products",
                   "add one row per size and colour (see docs/catalogue-format.md), or check "
                   "the export finished", 1)
    builder = _Builder(source, diag, base_dir)
    styles = builder.build_styles()
    diag.raise_if_errors()
    warnings = [i for i in diag.issues if i.severity == "warning"]
    return Catalogue(styles, currency=source.currency, store=source.store,
                     source=source.file, warnings=warnings, image_where=builder.images.where)


class _Builder:
    def __init__(self, source: Source, diag: Diagnostics, base_dir: Path | None):
        self.source, self.diag = source, diag
        self.colours = ColourResolver(diag)
        self.images = ImageChecker(diag, base_dir)
        self.gtin_lines: dict[str, int | None] = {}
        self.without_gtin: list[tuple[str, int, Record]] = []
        self.languages = declared_languages(source.records)

    def build_styles(self) -> list[Style]:
        groups: dict[str, list[Record]] = {}
        for record in self.source.records:
            style_id = record.text("style_id")
            if not style_id:
                line, column = record.where("style_id")
                self.diag.error("style-id-missing", "row has no style_id", "give every row the "
                                "id of its style (the same id on all colours and sizes)",
                                line, column, "style_id")
                continue
            groups.setdefault(style_id, []).append(record)
        styles = [style for style in (self._style(sid, recs) for sid, recs in groups.items())
                  if style]
        self._report_missing_gtins()
        return styles

    def _report_missing_gtins(self) -> None:
        fix = "add the barcode number (EAN/UPC) of each size and colour"
        if not self.gtin_lines and len(self.without_gtin) > 1:   # one line, not one per style
            self.diag.warning("gtin-missing", "no variant in this file has a GTIN: items can be "
                              "tapped on screen but not scanned", fix, 1, None, "gtin")
            return
        for style_id, count, record in self.without_gtin:
            self.diag.warning("gtin-missing", f"{count} variant(s) of {style_id!r} have no GTIN: "
                              "they can be tapped on screen but not scanned", fix,
                              *record.where("gtin"), "gtin")

    def _style(self, style_id: str, records: list[Record]) -> Style | None:
        self._check_lengths(records)
        for record in records:
            read_review(record, self.diag)
        fields = read_style_fields(style_id, records, self.diag)
        pairs = [(v, r) for r in records if (v := self._variant(style_id, fields, r))]
        if not pairs:
            return None
        variants = _share_colour_names(tuple(v for v, _ in pairs))
        self._check_style(style_id, fields, pairs, style_lenient(records))
        if self.languages:
            translation_issues(style_id, records, self.languages, fields.description, self.diag)
        extra = self.images.check(self.source.style_images.get(style_id, []))
        images = tuple(dict.fromkeys([*(i for v in variants for i in v.images), *extra]))
        return Style(id=style_id, title=fields.title, kind=fields.kind, category=fields.category,
                     variants=variants, brand=fields.brand, gender=fields.gender,
                     accessory_category=fields.accessory_category, pairing_tags=fields.tags,
                     boost=fields.boost, description=fields.description, images=images,
                     colourways=group_colourways(style_id, variants), names=fields.names)

    def _variant(self, style_id: str, fields: StyleFields, record: Record) -> Variant | None:
        errors_before = len(self.diag.issues)
        gtin = self._gtin(record)
        colour = self.colours.resolve(record, fields.kind)
        if colour is not None and (names := record_names(record, COLOURWAY_COLUMNS)):
            colour = replace(colour, names=names)
        size = record.text("size") or None
        size_system = self._size_system(record, size)
        stock = self._parse(record, "stock", parse_stock, default=0)
        price = self._parse(record, "price", self._price, default=None)
        if price is None and not record.text("price"):
            self._error(record, "price", "price-missing", "no price",
                        "write the selling price in this store, e.g. 49.95")
        images = tuple(self.images.check(_image_cells(record)))
        if any(i.severity == "error" for i in self.diag.issues[errors_before:]) or price is None:
            return None
        key = gtin or "/".join((style_id, colour.key if colour else "", size or ""))
        return Variant(key=key, gtin=gtin, sku=record.text("sku") or None, style_id=style_id,
                       colour=colour, size=size, size_system=size_system, stock=stock,
                       price=price, images=images)

    def _price(self, text: str):
        amount, currency = parse_price(text)
        if currency and currency != self.source.currency:
            raise BadValue(f"price {text!r} is in {currency}, the catalogue in "
                           f"{self.source.currency}", "write every price in the catalogue's "
                           "currency (import with --currency to change it)")
        return amount

    def _gtin(self, record: Record) -> str | None:
        text = record.text("gtin")
        if not text:
            return None
        try:
            gtin = normalise_gtin(text)
        except GtinError as exc:
            self._error(record, "gtin", "gtin-invalid", str(exc), exc.fix)
            return None
        if gtin in self.gtin_lines:
            first = self.gtin_lines[gtin]
            self._error(record, "gtin", "gtin-duplicate",
                        f"GTIN {text} is already used on line {first}",
                        "each colour/size has its own GTIN: re-scan this label or delete the "
                        "duplicated row")
            return None
        self.gtin_lines[gtin] = record.line
        return gtin

    def _size_system(self, record: Record, size: str | None) -> str | None:
        given = record.text("size_system").upper()
        if given and given not in SIZE_SYSTEMS:
            self._error(record, "size_system", "size-system", f"size system {given!r} is unknown",
                        "use one of: " + ", ".join(SIZE_SYSTEMS))
        return given or (infer_size_system(size) if size else None)

    def _parse(self, record: Record, name: str, parse, default):
        text = record.text(name)
        if not text:
            return default
        try:
            return parse(text)
        except BadValue as exc:
            self._error(record, name, f"{name}-invalid", str(exc), exc.fix)
            return default

    def _check_style(self, style_id: str, fields: StyleFields,
                     pairs: list[tuple[Variant, Record]], lenient: frozenset[str]) -> None:
        variants = [v for v, _ in pairs]
        first = pairs[0][1]
        if fields.kind == "garment" and not any(v.size for v in variants):
            line, column = first.where("size")
            self.diag.error("size-missing", f"style {style_id!r} has no sizes",
                            "add a size to each row (S, M, L … or 38, 40 …), or 'One size'",
                            line, column, "size", lenient)
        without_gtin = sum(1 for v in variants if not v.gtin)
        if without_gtin:
            self.without_gtin.append((style_id, without_gtin, first))
        seen: dict[str, int | None] = {}
        if not any(v.colour for v in variants):
            self.diag.warning("colour-missing", f"style {style_id!r} has no colour",
                              "add a colour name (or colour_hex) so colour matching can use it",
                              *first.where("colour"), "colour")
        for variant, record in pairs:
            if not variant.gtin and variant.key in seen:
                self._error(record, "size", "variant-duplicate", f"{variant.key!r} appears twice "
                            f"(first on line {seen[variant.key]})", "remove one of the two rows")
            seen.setdefault(variant.key, record.line)

    def _check_lengths(self, records: list[Record]) -> None:
        for record in records:
            for name, cell in record.cells.items():
                if len(cell.value) > MAX_FIELD_CHARS:
                    self._error(record, name, "field-too-long", f"{len(cell.value)} characters",
                                f"keep fields under {MAX_FIELD_CHARS} characters")
                    cell.value = cell.value[:MAX_FIELD_CHARS]

    def _error(self, record: Record, name: str, code: str, message: str, fix: str) -> None:
        line, column = record.where(name)
        self.diag.error(code, message, fix, line, column, name)


def _share_colour_names(variants: tuple[Variant, ...]) -> tuple[Variant, ...]:
    """A colour's translation written on any row of its colourway names every size of it."""
    found: dict[str, dict[str, str]] = {}
    for variant in variants:
        if variant.colour is not None:
            for column, text in variant.colour.names:
                found.setdefault(variant.colour.key, {}).setdefault(column, text)
    if not found:
        return variants
    return tuple(
        replace(v, colour=replace(v.colour, names=tuple(
            (c, found[v.colour.key][c]) for c in COLOURWAY_COLUMNS if c in found[v.colour.key])))
        if v.colour is not None and v.colour.key in found else v for v in variants)


def _image_cells(record: Record):
    cell = record.cells.get("images")
    return [cell] if cell is not None and cell.value.strip() else []
