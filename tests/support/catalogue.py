"""Helpers for catalogue tests: sample paths and a generator of large native catalogues."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kiosk.catalogue.gtin import with_check_digit
from kiosk.catalogue.records import ALL_FIELDS

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).with_name("catalogue_data")
SAMPLES = ROOT / "tests" / "data" / "shopify"  # Shopify's public samples (README there)
SHOPIFY_APPAREL = SAMPLES / "shopify-apparel.csv"
SHOPIFY_JEWELLERY = SAMPLES / "shopify-jewelery.csv"
DEMO = ROOT / "config" / "demo-catalogue.yaml"
BROKEN_CSV = DATA / "broken-catalogue.csv"
MERCHANT_TSV = DATA / "merchant-feed.tsv"
MERCHANT_XML = DATA / "merchant-feed.xml"

_COLOURS = ["navy", "black", "white", "camel", "sage green", "burgundy", "ecru", "khaki"]
_SIZES = ["XS", "S", "M", "L", "XL"]


def native_csv_text(variants: int, prefix: str = "30") -> str:
    """A valid native CSV with ``variants`` rows (5 sizes x 8 colours per style)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ALL_FIELDS)
    for n in range(variants):
        style, rest = divmod(n, 40)
        colour, size = divmod(rest, 5)
        first = rest == 0
        gtin = with_check_digit(f"{prefix}{n:010d}")
        row = {"style_id": f"S{style:05d}", "title": f"Style {style}" if first else "",
               "kind": "garment" if first else "", "category": "shirt" if first else "",
               "pairing_tags": "casual, summer" if first else "",
               "colour": _COLOURS[colour], "size": _SIZES[size], "gtin": gtin,
               "stock": str(n % 4), "price": "39.95"}
        writer.writerow([row.get(name, "") for name in ALL_FIELDS])
    return out.getvalue()
