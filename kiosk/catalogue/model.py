"""The catalogue model: style → colourways → variants keyed by GTIN.

Immutable and Qt-free.  A ``Catalogue`` is built once by ``build.py`` from any
source format and then only read, so the UI, recommend engine and MQTT
thread can share one instance; a new catalogue replaces it as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kiosk.catalogue.sizes import size_sort_key

Lab = tuple[float, float, float]
KINDS = ("garment", "accessory")
ACCESSORY_CATEGORIES = ("bag", "belt", "scarf", "jewellery", "shoes", "hat", "sunglasses",
                        "gloves", "wallet", "tie", "watch", "other")


@dataclass(frozen=True, slots=True)
class Colour:
    name: str                 # as the manager wrote it: "Sage green"
    hex: str | None           # "#9caf88"; None for multicolour / print
    lab: Lab | None           # CIELAB D65; None when the colour has no single value
    source: str = "name"      # name | hex | lab | title (guessed from the title)
    # The store's own translations: (("colour_fr", "vert sauge"), …); see translations.py.
    names: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return " ".join(self.name.lower().split())


@dataclass(frozen=True, slots=True)
class Variant:
    key: str                  # the GTIN-14 when there is one, else "style-id/colour/size"
    gtin: str | None          # normalised to 14 digits
    sku: str | None
    style_id: str
    colour: Colour | None
    size: str | None          # label as printed on the tag: "M", "38", "W32 L34", "One size"
    size_system: str | None   # EU, UK, US, IT, FR, INT (letters), ONE …
    stock: int                # units in THIS store
    price: Decimal
    images: tuple[str, ...] = ()

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


@dataclass(frozen=True, slots=True)
class Colourway:
    style_id: str
    colour: Colour | None
    variants: tuple[Variant, ...]

    @property
    def sizes(self) -> tuple[str, ...]:
        return tuple(v.size for v in self.variants if v.size)

    @property
    def sizes_in_stock(self) -> tuple[str, ...]:
        return tuple(v.size for v in self.variants if v.size and v.in_stock)

    @property
    def in_stock(self) -> bool:
        return any(v.in_stock for v in self.variants)

    @property
    def images(self) -> tuple[str, ...]:
        return next((v.images for v in self.variants if v.images), ())


@dataclass(frozen=True, slots=True)
class Style:
    id: str                   # item group: Shopify handle, Merchant item_group_id, own code
    title: str
    kind: str                 # garment | accessory
    category: str             # product type: shirt, dress, bag …
    variants: tuple[Variant, ...]
    brand: str = ""
    gender: str = ""
    accessory_category: str | None = None   # bag, belt, scarf, jewellery, shoes, hat …
    pairing_tags: frozenset[str] = frozenset()
    boost: float = 0.0        # manager boost, -1 (hide from suggestions) … +1 (push)
    description: str = ""
    images: tuple[str, ...] = ()
    colourways: tuple[Colourway, ...] = field(default=(), compare=False)
    # Translated texts: (("title_fr", "…"), ("description_zh_CN", "…"), …); translations.py.
    names: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def is_accessory(self) -> bool:
        return self.kind == "accessory"

    @property
    def price_from(self) -> Decimal:
        return min(v.price for v in self.variants)


def group_colourways(style_id: str, variants: tuple[Variant, ...]) -> tuple[Colourway, ...]:
    """Colourways in first-seen order; variants inside sorted by size."""
    groups: dict[str, list[Variant]] = {}
    for variant in variants:
        groups.setdefault(variant.colour.key if variant.colour else "", []).append(variant)
    return tuple(
        Colourway(style_id, members[0].colour,
                  tuple(sorted(members, key=lambda v: size_sort_key(v.size))))
        for members in groups.values())
