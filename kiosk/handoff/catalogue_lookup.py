"""Adapters from the store catalogue (kiosk.catalogue) to the service's ``Lookup``.

Shops key their carts by their own ids (Shopify variant id, WooCommerce
product/variation id), which product exports do not carry next to the GTIN;
``load_id_map`` reads a two-column CSV ``gtin,platform_id`` the installer
exports once from the shop's admin.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.catalogue import Catalogue, try_normalise_gtin
from kiosk.catalogue.images import RefusedImage, is_url, local_image
from kiosk.catalogue.silhouettes import kind_of, svg
from kiosk.catalogue.translations import LANGUAGES, colour_in, title_in
from kiosk.errors import ConfigError, Location
from kiosk.handoff.pricing import ItemInfo

log = logging.getLogger(__name__)


def catalogue_lookup(catalogue: Catalogue | Callable[[], Catalogue | None],
                     image_dir: Path | None = None,
                     platform_ids: dict[str, str] | None = None) -> CatalogueLookup:
    """``catalogue``: one Catalogue, or a callable returning the current one (e.g.
    ``lambda: catalogue_store.current``) so a published catalogue is priced at once."""
    return CatalogueLookup(catalogue if callable(catalogue) else (lambda: catalogue),
                           image_dir, platform_ids or {})


class CatalogueLookup:
    """GTIN → ``ItemInfo`` (the service's ``Lookup``), and the allow-list behind ``/img``.

    ``ItemInfo.image`` is an http(s) URL (the phone fetches it) or ``/img/{gtin}``; the file
    behind that is only ever one that ``local_image`` placed inside ``image_dir``, never a
    path as the catalogue wrote it (issue #21).
    """

    def __init__(self, current: Callable[[], Catalogue | None], image_dir: Path | None,
                 ids: dict[str, str]):
        self.current, self.image_dir, self.ids = current, image_dir, ids
        self._seen: Catalogue | None = None
        self._items: dict[str, ItemInfo | None] = {}
        self._files: dict[str, tuple[str, Path]] = {}   # GTIN → (reference, allowed file)

    def __call__(self, gtin: str) -> ItemInfo | None:
        now = self.current()
        if now is None:
            return None
        if now is not self._seen:  # a new catalogue: prices and pictures may have changed
            self._items.clear()
            self._files.clear()
            self._seen = now
        if gtin not in self._items:
            self._items[gtin] = self._item(now, gtin)
        return self._items[gtin]

    def image_file(self, gtin: str) -> Path | None:
        """The picture ``/img/{gtin}`` may send, or None.  Checked again now: a link swapped
        in since the catalogue loaded must not lead out either."""
        item = self(gtin)
        allowed = self._files.get(item.gtin) if item else None
        if allowed is None:
            return None
        ref, path = allowed
        try:
            again = local_image(ref, self.image_dir)
        except RefusedImage:
            return None
        return path if again == path and path.is_file() else None

    def _item(self, catalogue: Catalogue, gtin: str) -> ItemInfo | None:
        variant = catalogue.find_gtin(gtin)
        if variant is None or not variant.gtin:
            return None
        style = catalogue.style_of(variant)
        image = next(iter(variant.images or style.images), None)
        if image and not is_url(image):
            image = self._allow(variant.gtin, image)
        return ItemInfo(gtin=variant.gtin, title=style.title, price=variant.price,
                        size=variant.size, colour=variant.colour.name if variant.colour else None,
                        image=image, platform_id=self.ids.get(variant.gtin), names=_names(style, variant),
                        silhouette=None if image else svg(kind_of(style), variant.colour.hex if variant.colour else None))

    def _allow(self, gtin: str, ref: str) -> str | None:
        """Put a local picture on the allow-list; a refused one shows no picture at all."""
        if self.image_dir is None:
            return None
        try:
            self._files[gtin] = (ref, local_image(ref, self.image_dir))
        except RefusedImage as refused:
            log.warning("catalogue picture for %s not served: %s", gtin, refused.message)
            return None
        return f"/img/{gtin}"


def _names(style, variant) -> tuple[tuple[str, str], ...]:
    """The shopper's names per language: the store's translations, else the built-in
    colour names (kiosk.catalogue.translations)."""
    names = [(f"title_{lang}", title_in(style, lang)) for lang in LANGUAGES]
    if variant.colour is not None:
        names += [(f"colour_{lang}", _capital(colour_in(variant.colour, lang)))
                  for lang in LANGUAGES]
    return tuple(names)


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]   # 'bleu marine' reads as a label: 'Bleu marine'


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
