"""What publishing a catalogue would change against the live one (the back office preview).

Styles by id, variants by ``Variant.key`` (the GTIN when there is one): added, removed,
re-priced, stock changed.  Pure and linear (two dict walks): 50 000 variants compare in
well under a second, so the preview is computed on every upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.model import Variant

MAX_LISTED = 200  # rows shown per kind; the counts are always exact


@dataclass(frozen=True)
class VariantChange:
    style_id: str
    label: str          # colour / size, or the key
    gtin: str | None
    before: str | int | Decimal | None
    after: str | int | Decimal | None


@dataclass
class Changes:
    styles_added: list[str] = field(default_factory=list)
    styles_removed: list[str] = field(default_factory=list)
    variants_added: list[VariantChange] = field(default_factory=list)
    variants_removed: list[VariantChange] = field(default_factory=list)
    repriced: list[VariantChange] = field(default_factory=list)
    restocked: list[VariantChange] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


def compare(live: Catalogue | None, new: Catalogue) -> Changes:
    """``live`` None (nothing published yet): everything in ``new`` is added."""
    old_styles = {s.id for s in live.styles} if live else set()
    new_styles = {s.id for s in new.styles}
    old = _variants(live) if live else {}
    now = _variants(new)
    changes = Changes(sorted(new_styles - old_styles), sorted(old_styles - new_styles))
    kinds = {"variants_added": [_row(now[k], None, None) for k in now.keys() - old.keys()],
             "variants_removed": [_row(old[k], None, None) for k in old.keys() - now.keys()],
             "repriced": [], "restocked": []}
    for key in now.keys() & old.keys():
        before, after = old[key], now[key]
        if before.price != after.price:
            kinds["repriced"].append(_row(after, before.price, after.price))
        if before.stock != after.stock:
            kinds["restocked"].append(_row(after, before.stock, after.stock))
    changes.counts = {"styles_added": len(changes.styles_added),
                      "styles_removed": len(changes.styles_removed),
                      **{name: len(rows) for name, rows in kinds.items()}}
    changes.styles_added = changes.styles_added[:MAX_LISTED]
    changes.styles_removed = changes.styles_removed[:MAX_LISTED]
    for name, rows in kinds.items():
        rows.sort(key=lambda c: (c.style_id, c.label))
        setattr(changes, name, rows[:MAX_LISTED])
    return changes


def _variants(catalogue: Catalogue) -> dict[str, Variant]:
    return {v.key: v for style in catalogue.styles for v in style.variants}


def _row(variant: Variant, before, after) -> VariantChange:
    colour = variant.colour.name if variant.colour else ""
    label = " / ".join(p for p in (colour, variant.size or "") if p) or variant.key
    return VariantChange(variant.style_id, label, variant.gtin, before, after)
