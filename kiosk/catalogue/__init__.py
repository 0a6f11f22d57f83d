"""Product catalogue for the mirror (Qt-free): model, loaders, validation, publishing.

Public API::

    from kiosk.catalogue import load_catalogue, Catalogue
    catalogue = load_catalogue("config/demo-catalogue.yaml")
    variant = catalogue.find_gtin("4006381333931")        # any GTIN-8/12/13/14 form
    style = catalogue.style_of(variant)
    catalogue.colourways(style.id)                        # -> (Colourway, …) with Colour.lab
    catalogue.sizes_in_stock(style.id, "navy")            # -> ("S", "M")
    catalogue.accessories("bag")

See docs/catalogue-format.md for the file formats.
"""

from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.gtin import normalise_gtin, try_normalise_gtin
from kiosk.catalogue.issues import CatalogueErrors, Issue
from kiosk.catalogue.loader import check_catalogue, load_catalogue, load_text
from kiosk.catalogue.model import Colour, Colourway, Style, Variant

__all__ = ["Catalogue", "CatalogueErrors", "Colour", "Colourway", "Issue", "Style", "Variant",
           "check_catalogue", "load_catalogue", "load_text", "normalise_gtin",
           "try_normalise_gtin"]
