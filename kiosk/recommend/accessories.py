"""Complete the look: accessories in stock here, ranked by colour harmony with the garment,
fit to the shopper's palette, the manager's boost and shared pairing tags.

One suggestion per accessory style (its best colourway); the first picks cover
different accessory categories (a bag, a belt, a scarf …) before a second of any.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue import Catalogue, Colourway, Style
from kiosk.recommend.harmony import Harmony, harmony
from kiosk.recommend.palette import ShopperPalette
from kiosk.recommend.reasons import Reason

HIDDEN_BOOST = -1.0   # the manager's "never suggest this"
# Weights of the score's parts (each part is 0..1; boost -1..1).
WITH_PALETTE = {"harmony": 0.5, "palette": 0.3, "boost": 0.12, "tags": 0.08}
WITHOUT_PALETTE = {"harmony": 0.72, "palette": 0.0, "boost": 0.16, "tags": 0.12}


@dataclass(frozen=True)
class AccessorySuggestion:
    style: Style
    colourway: Colourway
    score: float
    harmony: Harmony
    reason: Reason
    palette_fit: float | None

    @property
    def colour_name(self) -> str:
        return self.colourway.colour.name if self.colourway.colour else ""


def complete_the_look(catalogue: Catalogue, garment: Style, colourway: Colourway, *,
                      palette: ShopperPalette | None = None, limit: int = 6,
                      per_category: int = 1) -> tuple[AccessorySuggestion, ...]:
    """Up to ``limit`` accessories for ``colourway`` of ``garment``, best first."""
    best: list[AccessorySuggestion] = []
    for style in catalogue.accessories():
        if style.boost <= HIDDEN_BOOST or not _gender_fits(style, garment):
            continue
        options = [_suggest(style, cw, garment, colourway, palette)
                   for cw in style.colourways if cw.in_stock and cw.colour and cw.colour.lab]
        if options:
            best.append(min(options, key=_rank))
    return _diversify(sorted(best, key=_rank), limit, per_category)


def _suggest(style: Style, colourway: Colourway, garment: Style, worn: Colourway,
             palette: ShopperPalette | None) -> AccessorySuggestion:
    lab = colourway.colour.lab
    match = harmony(lab, worn.colour.lab if worn.colour else None)
    fit = palette.fit(lab) if palette else None
    weights = WITH_PALETTE if palette else WITHOUT_PALETTE
    score = (weights["harmony"] * match.score + weights["palette"] * (fit or 0.0)
             + weights["boost"] * style.boost + weights["tags"] * _tag_overlap(style, garment))
    reason = _reason(colourway, worn, match, palette)
    return AccessorySuggestion(style, colourway, round(score, 6), match, reason, fit)


def _reason(colourway: Colourway, worn: Colourway, match: Harmony,
            palette: ShopperPalette | None) -> Reason:
    name = colourway.colour.name
    if palette and match.score < 0.75 and palette.verdict(colourway.colour.lab) == "in_palette":
        return Reason.of("in_palette_accessory", a=name)
    if worn.colour is None or worn.colour.lab is None:
        return Reason.of(match.reason, a=name)
    return Reason.of(match.reason, a=name, g=worn.colour.name)


def _tag_overlap(style: Style, garment: Style) -> float:
    union = style.pairing_tags | garment.pairing_tags
    return len(style.pairing_tags & garment.pairing_tags) / len(union) if union else 0.0


def _gender_fits(accessory: Style, garment: Style) -> bool:
    genders = {accessory.gender, garment.gender}
    return not ({"women", "men"} <= genders)


def _rank(suggestion: AccessorySuggestion) -> tuple:
    colour = suggestion.colourway.colour.key if suggestion.colourway.colour else ""
    return (-suggestion.score, suggestion.style.id, colour)


def _diversify(ranked: list[AccessorySuggestion], limit: int,
               per_category: int) -> tuple[AccessorySuggestion, ...]:
    chosen: list[AccessorySuggestion] = []
    counts: dict[str, int] = {}
    for suggestion in ranked:
        category = suggestion.style.accessory_category or suggestion.style.category
        if counts.get(category, 0) < per_category:
            chosen.append(suggestion)
            counts[category] = counts.get(category, 0) + 1
    taken = {id(s) for s in chosen}
    rest = [s for s in ranked if id(s) not in taken]
    return tuple((chosen + rest)[:limit])
