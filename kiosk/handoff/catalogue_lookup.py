"""Adapters from the store catalogue (kiosk.catalogue) to the service's ``Lookup``.

Shops key their carts by their own ids (Shopify variant id, WooCommerce
product/variation id), which product exports do not carry next to the GTIN;
``load_id_map`` reads a two-column CSV ``gtin,platform_id`` the installer
exports once from the shop's admin.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from kiosk.catalogue import Catalogue, try_normalise_gtin
from kiosk.catalogue.images import is_url
from kiosk.errors import ConfigError, Location
from kiosk.handoff.pricing import ItemInfo, Lookup


def catalogue_lookup(catalogue: Catalogue | Callable[[], Catalogue | None],
                     image_dir: Path | None = None,
                     platform_ids: dict[str, str] | None = None) -> Lookup:
    """``catalogue``: one Catalogue, or a callable returning the current one (e.g.
    ``lambda: catalogue_store.current``) so a published catalogue is priced at once."""
    current = catalogue if callable(catalogue) else (lambda: catalogue)
    ids = platform_ids or {}
    cache: dict[str, ItemInfo | None] = {}
    seen: list[Catalogue | None] = [None]

    def lookup(gtin: str) -> ItemInfo | None:
        now = current()
        if now is None:
            return None
        if now is not seen[0]:  # a new catalogue: prices may have changed
            cache.clear()
            seen[0] = now
        if gtin not in cache:
            cache[gtin] = _item(now, gtin, image_dir, ids)
        return cache[gtin]

    return lookup


def _item(catalogue: Catalogue, gtin: str, image_dir: Path | None,
          ids: dict[str, str]) -> ItemInfo | None:
    variant = catalogue.find_gtin(gtin)
    if variant is None or not variant.gtin:
        return None
    style = catalogue.style_of(variant)
    image = next(iter(variant.images or style.images), None)
    if image and not is_url(image) and image_dir is not None:
        image = str(image_dir / image)
    return ItemInfo(gtin=variant.gtin, title=style.title, price=variant.price, size=variant.size,
                    colour=variant.colour.name if variant.colour else None, image=image,
                    platform_id=ids.get(variant.gtin))


def load_id_map(path: Path) -> dict[str, str]:
    """``gtin,platform_id`` rows (a header row is allowed); every bad row is a ConfigError."""
    if not path.is_file():
        raise ConfigError("id map file not found", location=Location(str(path)),
                          fix="export gtin,variant_id from the shop admin (docs/handoff.md)")
    ids: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for line_no, row in enumerate(csv.reader(handle), start=1):
            if not row or (line_no == 1 and not row[0].strip().isdigit()):
                continue
            gtin = try_normalise_gtin(row[0]) if len(row) == 2 else None
            platform_id = row[1].strip() if len(row) == 2 else ""
            if gtin is None or not platform_id.isdigit():
                raise ConfigError("expected 'gtin,platform_id' with a valid GTIN and a numeric id",
                                  location=Location(str(path), line_no),
                                  fix="fix or delete this row")
            ids[gtin] = platform_id
    return ids
