"""One call for the item screen: the scanned variant -> its colourways and the look completed."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue import Catalogue, Colourway, Style, Variant
from kiosk.errors import CatalogueError
from kiosk.recommend.accessories import AccessorySuggestion, complete_the_look
from kiosk.recommend.colourways import ColourwaySuggestion, rank_colourways
from kiosk.recommend.palette import ShopperPalette


@dataclass(frozen=True)
class Recommendation:
    variant: Variant                      # what was scanned (its size is the shopper's guess)
    style: Style
    colourway: Colourway                  # the colourway being held
    colourways: tuple[ColourwaySuggestion, ...]
    accessories: tuple[AccessorySuggestion, ...]


def recommend(catalogue: Catalogue, gtin: str, *, palette: ShopperPalette | None = None,
              accessories: int = 6) -> Recommendation:
    """For a scanned GTIN (any 8/12/13/14-digit form); unknown -> CatalogueError with a fix."""
    variant = catalogue.find_gtin(gtin)
    if variant is None:
        raise CatalogueError(f"GTIN {gtin} is not in this store's catalogue",
                             fix="ask staff to add it, or check the catalogue was published")
    return recommend_for(catalogue, variant, palette=palette, accessories=accessories)


def recommend_for(catalogue: Catalogue, variant: Variant, *,
                  palette: ShopperPalette | None = None, accessories: int = 6) -> Recommendation:
    """For a variant already looked up (e.g. tapped in the on-screen catalogue)."""
    style = catalogue.style_of(variant)
    colour_name = variant.colour.name if variant.colour else None
    held = catalogue.colourway(style.id, colour_name) or style.colourways[0]
    ranked = rank_colourways(style, palette=palette, current=held, size=variant.size,
                             include_sold_out=True)
    looks = () if style.is_accessory else complete_the_look(catalogue, style, held,
                                                            palette=palette, limit=accessories)
    return Recommendation(variant, style, held, ranked, looks)
