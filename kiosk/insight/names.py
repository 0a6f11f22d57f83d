"""Product names for the report, from the store's catalogue (events carry only GTINs)."""

from __future__ import annotations

from pathlib import Path


def names_from_catalogue(catalogue, language: str = "en") -> dict[str, str]:
    """GTIN -> "Title (colour)" for every variant of a kiosk.catalogue ``Catalogue``, in the
    report's language (the catalogue's translations, kiosk.catalogue.translations)."""
    from kiosk.catalogue.translations import colour_in, title_in

    names = {}
    for style in catalogue.styles:
        title = title_in(style, language)
        for variant in style.variants:
            if variant.gtin:
                colour = f" ({colour_in(variant.colour, language)})" if variant.colour else ""
                names[variant.gtin] = f"{title}{colour}"
    return names


def names_from_file(path: str | Path, language: str = "en") -> dict[str, str]:
    """Load a catalogue file (any format `kiosk catalogue check` reads) for its names."""
    from kiosk.catalogue import load_catalogue

    return names_from_catalogue(load_catalogue(path), language)
