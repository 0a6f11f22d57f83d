"""Plain-text reports for the manager's terminal: issues, summary, one style."""

from __future__ import annotations

from collections import Counter

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.gtin import display_gtin
from kiosk.catalogue.issues import Issue
from kiosk.catalogue.model import Style


def print_issues(issues: list[Issue]) -> int:
    """Print issues in file order (errors and warnings interleaved); return the error count."""
    ordered = sorted(issues, key=lambda i: (i.location.line or 0, i.location.column or 0))
    for issue in ordered:
        print(issue)
    return sum(1 for i in issues if i.severity == "error")


def show_catalogue(catalogue: Catalogue, style_id: str | None = None,
                   gtin: str | None = None) -> int:
    if gtin:
        variant = catalogue.find_gtin(gtin)
        if variant is None:
            print(f"no variant with GTIN {gtin}")
            return 1
        print(f"GTIN {display_gtin(variant.gtin)}: {variant.colour.name if variant.colour else '-'} / "
              f"{variant.size or '-'}, stock {variant.stock}, {variant.price} {catalogue.currency}")
        style_id = variant.style_id
    if style_id:
        style = catalogue.style(style_id)
        if style is None:
            print(f"no style {style_id!r}")
            return 1
        print_style(style, catalogue.currency)
        return 0
    print_summary(catalogue)
    return 0


def print_summary(catalogue: Catalogue) -> None:
    variants = [v for s in catalogue.styles for v in s.variants]
    colourways = [c for s in catalogue.styles for c in s.colourways]
    print(f"{catalogue.source}: version {catalogue.version[:16]}, {catalogue.currency}")
    print(f"  {len(catalogue.garments())} garment styles, {len(catalogue.accessories())} "
          f"accessory styles, {len(colourways)} colourways, {len(variants)} variants")
    print(f"  {sum(v.stock for v in variants)} units in store; "
          f"{sum(1 for v in variants if not v.in_stock)} variants and "
          f"{sum(1 for c in colourways if not c.in_stock)} colourways out of stock")
    categories = Counter(s.accessory_category for s in catalogue.accessories())
    if categories:
        print("  accessories: " + ", ".join(f"{k} {n}" for k, n in sorted(categories.items())))
    boosted = [s for s in catalogue.styles if s.boost]
    if boosted:
        print("  boosts: " + ", ".join(f"{s.id} {s.boost:+g}" for s in boosted))
    print(f"  {len(catalogue.warnings)} warning(s); run 'kiosk catalogue check' to list them")


def print_style(style: Style, currency: str) -> None:
    kind = f"accessory ({style.accessory_category})" if style.is_accessory else "garment"
    print(f"{style.id}: {style.title} — {style.brand or 'no brand'}, {kind}, {style.category}")
    if style.pairing_tags:
        print(f"  pairs with: {', '.join(sorted(style.pairing_tags))}")
    if style.boost:
        print(f"  manager boost: {style.boost:+g}")
    for colourway in style.colourways:
        colour = colourway.colour
        name = colour.name if colour else "(no colour)"
        lab = ("Lab " + " ".join(f"{c:.1f}" for c in colour.lab)) if colour and colour.lab else ""
        print(f"  {name} {colour.hex if colour and colour.hex else ''} {lab}".rstrip())
        for v in colourway.variants:
            stock = f"{v.stock} in store" if v.stock else "OUT OF STOCK"
            code = display_gtin(v.gtin) if v.gtin else "no GTIN"
            print(f"    {v.size or '-':<10} {code:<15} {v.price} {currency}  {stock}")
