"""``Catalogue``: the read-only, indexed set of styles a mirror shows.

Lookups the UI and recommend engine need: by GTIN (any form a scanner
reads), styles, colourways of a style, sizes in stock for a colourway,
accessories.  ``version`` is a content hash, so two mirrors holding the same
catalogue agree on its version whatever file it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.catalogue.gtin import try_normalise_gtin
from kiosk.catalogue.issues import Issue
from kiosk.catalogue.model import Colourway, Style, Variant


class Catalogue:
    def __init__(self, styles: Iterable[Style], *, currency: str = "EUR",
                 store: str | None = None, source: str = "", warnings: Iterable[Issue] = (),
                 image_where: Mapping[str, tuple[int | None, int | None]] | None = None):
        self._styles: dict[str, Style] = {s.id: s for s in styles}
        # image reference → (line, column) in ``source`` where it was first written
        self.image_where: Mapping[str, tuple[int | None, int | None]] = image_where or {}
        self.currency = currency
        self.store = store
        self.source = source
        self.warnings: tuple[Issue, ...] = tuple(warnings)
        self._by_gtin: dict[str, Variant] = {}
        self._by_key: dict[str, Variant] = {}
        for style in self._styles.values():
            for variant in style.variants:
                self._by_key[variant.key] = variant
                if variant.gtin:
                    self._by_gtin[variant.gtin] = variant
        self._version: str | None = None

    # -- lookups ---------------------------------------------------------------
    def find_gtin(self, code: str) -> Variant | None:
        """The variant with this GTIN in any form (8/12/13/14 digits); None if unknown/invalid."""
        gtin = try_normalise_gtin(code)
        return self._by_gtin.get(gtin) if gtin else None

    def variant(self, key: str) -> Variant | None:
        """By ``Variant.key`` (the GTIN-14, or style/colour/size for variants without one)."""
        return self._by_key.get(key) or self.find_gtin(key)

    def style(self, style_id: str) -> Style | None:
        return self._styles.get(style_id)

    def style_of(self, variant: Variant) -> Style:
        return self._styles[variant.style_id]

    @property
    def styles(self) -> tuple[Style, ...]:
        return tuple(self._styles.values())

    def garments(self) -> tuple[Style, ...]:
        return tuple(s for s in self._styles.values() if not s.is_accessory)

    def accessories(self, category: str | None = None) -> tuple[Style, ...]:
        """Accessory styles, optionally of one accessory category (bag, belt, scarf …)."""
        return tuple(s for s in self._styles.values() if s.is_accessory
                     and (category is None or s.accessory_category == category))

    def colourways(self, style_id: str) -> tuple[Colourway, ...]:
        style = self._styles.get(style_id)
        return style.colourways if style else ()

    def colourway(self, style_id: str, colour_name: str | None) -> Colourway | None:
        wanted = " ".join((colour_name or "").lower().split())
        for colourway in self.colourways(style_id):
            if (colourway.colour.key if colourway.colour else "") == wanted:
                return colourway
        return None

    def sizes_in_stock(self, style_id: str, colour_name: str | None) -> tuple[str, ...]:
        """Size labels of that colourway with stock > 0 in this store, in wear order."""
        colourway = self.colourway(style_id, colour_name)
        return colourway.sizes_in_stock if colourway else ()

    # -- identity --------------------------------------------------------------
    @property
    def version(self) -> str:
        """sha256 (hex) of the canonical document: equal content, equal version."""
        if self._version is None:
            from kiosk.catalogue.document import content_hash
            self._version = content_hash(self)
        return self._version

    @property
    def variant_count(self) -> int:
        return len(self._by_key)

    def __len__(self) -> int:
        return len(self._styles)

    def __repr__(self) -> str:
        return (f"Catalogue({len(self._styles)} styles, {self.variant_count} variants, "
                f"{self.currency}, {self.source!r})")
