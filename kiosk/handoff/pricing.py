"""Pricing a snapshot from the catalogue: the only prices the phone page and targets see.

The service never trusts a price from the phone or the mirror; it looks each
GTIN up through a ``Lookup`` (a callable GTIN -> ItemInfo | None) built from
the store catalogue (``catalogue_lookup``) or, in unit tests, a dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kiosk.catalogue.translations import is_one_size
from kiosk.errors import CatalogueError, Location
from kiosk.handoff.snapshot import Snapshot


@dataclass(frozen=True)
class ItemInfo:
    gtin: str
    title: str
    price: Decimal
    size: str | None = None
    colour: str | None = None
    image: str | None = None
    platform_id: str | None = None   # Shopify variant id / WooCommerce product or variation id
    # Shoppers' names per language: (("title_fr", "…"), ("colour_zh_CN", "…"), …), filled from
    # the catalogue's translations (kiosk.catalogue.translations); absent: the default text.
    names: tuple[tuple[str, str], ...] = ()
    # Inline SVG of the garment's silhouette in its colour, for an item without a picture
    # (built from kiosk.catalogue.silhouettes' fixed table: no catalogue text in it).
    silhouette: str | None = None

    def title_in(self, language: str) -> str:
        return dict(self.names).get(f"title_{language}") or self.title

    def colour_in(self, language: str) -> str | None:
        return dict(self.names).get(f"colour_{language}") or self.colour

    @property
    def one_size(self) -> bool:
        return is_one_size(self.size)


Lookup = Callable[[str], ItemInfo | None]


@dataclass(frozen=True)
class PricedLine:
    item: ItemInfo
    quantity: int

    @property
    def amount(self) -> Decimal:
        return self.item.price * self.quantity


@dataclass(frozen=True)
class PricedBasket:
    lines: tuple[PricedLine, ...]
    currency: str

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)


def price_snapshot(snapshot: Snapshot, lookup: Lookup, currency: str) -> PricedBasket:
    lines = []
    for index, line in enumerate(snapshot.lines):
        item = lookup(line.gtin)
        if item is None:
            raise CatalogueError(f"GTIN {line.gtin} is not in the catalogue",
                                 location=Location(field=f"lines.{index}.gtin"),
                                 fix="publish the current catalogue to the hand-off service")
        lines.append(PricedLine(item, line.quantity))
    return PricedBasket(tuple(lines), currency)


_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CNY": "¥", "JPY": "¥", "CHF": "CHF "}


def format_money(amount: Decimal, currency: str, language: str) -> str:
    """Shop-window formatting: "€49.90" in en/zh_CN, "49,90 €" in fr."""
    text = f"{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    symbol = _SYMBOLS.get(currency, currency + " ")
    if language == "fr":
        french = text.replace(",", "\u202f").replace(".", ",")
        return f"{french}\u00a0{symbol.strip()}"
    return f"{symbol}{text}"


def dict_lookup(items: dict[str, ItemInfo]) -> Lookup:
    return items.get
