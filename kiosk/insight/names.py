"""Product names for the report, from the store's catalogue (events carry only GTINs)."""

from __future__ import annotations

from pathlib import Path


def names_from_catalogue(catalogue) -> dict[str, str]:
    """GTIN -> "Title (colour)" for every variant of a kiosk.catalogue ``Catalogue``."""
    names = {}
    for style in catalogue.styles:
        for variant in style.variants:
            if variant.gtin:
                colour = f" ({variant.colour.name})" if variant.colour else ""
                names[variant.gtin] = f"{style.title}{colour}"
    return names


def names_from_file(path: str | Path) -> dict[str, str]:
    """Load a catalogue file (any format `kiosk catalogue check` reads) for its names."""
    from kiosk.catalogue import load_catalogue

    return names_from_catalogue(load_catalogue(path))
