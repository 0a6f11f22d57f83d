"""``load_catalogue`` / ``check_catalogue``: any supported file → validated ``Catalogue``.

Formats: native YAML (.yaml/.yml), native CSV (header starts with style_id),
Shopify product CSV (Handle / URL handle), Google Merchant Center feeds
(TSV/CSV with id + title, or RSS/Atom XML with the g: namespace).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kiosk.catalogue.build import build_catalogue
from kiosk.catalogue.catalogue import Catalogue
from kiosk.catalogue.issues import CatalogueErrors, Diagnostics, Issue
from kiosk.catalogue.reader import decode_utf8, read_bytes
from kiosk.catalogue.records import Source
from kiosk.errors import CatalogueError, Location

FORMATS = ("yaml", "csv", "shopify", "merchant-tsv", "merchant-xml")
# What other systems' exports cannot express is a warning there, an error in our own format.
IMPORT_LENIENT = frozenset({"size-missing", "colour-unknown", "title-missing", "image-missing",
                            "accessory-category-missing"})


# Shops' translation files: (language of a Merchant Center feed, or None for a Shopify
# Translate & Adapt export; path).  See translation_import.py.
Translations = Sequence[tuple[str | None, str | Path]]


def load_catalogue(path: str | Path, *, fmt: str | None = None,
                   translations: Translations = ()) -> Catalogue:
    """Load and validate; raise ``CatalogueErrors`` (all problems) on any error."""
    path = Path(path)
    return load_text(decode_utf8(read_bytes(path), str(path)), str(path), fmt=fmt,
                     base_dir=path.parent, translations=translations)


def check_catalogue(path: str | Path, *, fmt: str | None = None, translations: Translations = ()
                    ) -> tuple[Catalogue | None, list[Issue]]:
    """Like ``load_catalogue`` but returns (catalogue or None, every issue) for reports."""
    try:
        catalogue = load_catalogue(path, fmt=fmt, translations=translations)
    except CatalogueErrors as exc:
        return None, exc.issues + _formulas(path, fmt)
    except CatalogueError as exc:
        location = exc.location or Location(str(path))
        return None, [Issue("error", "unreadable", exc.message, location, exc.fix or "")]
    return catalogue, list(catalogue.warnings) + _formulas(path, fmt)


def _formulas(path: Path | str, fmt: str | None) -> list[Issue]:
    """Formula-like cells (formulas.py): the file already read once, so it decodes."""
    from kiosk.catalogue.formulas import formula_issues
    path = Path(path)
    text = decode_utf8(read_bytes(path), str(path))
    return formula_issues(text, str(path), fmt or detect_format(text, str(path)))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building a catalogue.

    A 50,000-variant load allocates about a million small acyclic objects; the
    collector re-scans them over and over (measured: 0.4-0.7 s of a 1.3 s load).
    Nothing we allocate here forms cycles, so reference counting frees it all.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_text(text: str, file: str, *, fmt: str | None = None, base_dir: Path | None = None,
              lenient: bool = False, translations: Translations = ()) -> Catalogue:
    with gc_paused():
        return _load_text(text, file, fmt=fmt, base_dir=base_dir, lenient=lenient,
                          translations=translations)


def _load_text(text: str, file: str, *, fmt: str | None, base_dir: Path | None,
               lenient: bool, translations: Translations = ()) -> Catalogue:
    fmt = fmt or detect_format(text, file)
    if fmt not in FORMATS:
        raise CatalogueError(f"unknown format {fmt!r}", location=Location(file),
                             fix="use one of: " + ", ".join(FORMATS))
    native = fmt in ("yaml", "csv") and not lenient
    diag = Diagnostics(file, frozenset() if native else IMPORT_LENIENT)
    source = _parser(fmt)(text, file, diag)
    for language, path in translations:
        _apply_translations(source, language, Path(path), diag)
    catalogue = build_catalogue(source, diag, base_dir)
    _ = catalogue.version   # hash now, under the paused GC, not on first use
    return catalogue


def _apply_translations(source: Source, language: str | None, path: Path,
                        diag: Diagnostics) -> None:
    from kiosk.catalogue import translation_import
    text = decode_utf8(read_bytes(path), str(path))
    if language is None:
        translation_import.apply_shopify_translations(source, text, str(path), diag)
        return
    feed_fmt = detect_format(text, str(path))
    if not feed_fmt.startswith("merchant"):
        raise CatalogueError("a translated feed must be a Merchant Center feed",
                             location=Location(str(path)),
                             fix="pass the feed of that language (TSV or XML) after --lang")
    feed = _parser(feed_fmt)(text, str(path), Diagnostics(str(path), IMPORT_LENIENT))
    translation_import.apply_feed_translations(source, feed, language, diag)


def detect_format(text: str, file: str) -> str:
    suffix = Path(file).suffix.lower()
    head = text.lstrip()[:4096]
    first_line = head.split("\n", 1)[0].lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".xml" or head.startswith("<"):
        return "merchant-xml"
    if first_line.startswith(("style_id", '"style_id"')):
        return "csv"
    names = {n.strip().strip('"') for n in first_line.replace("\t", ",").split(",")}
    if names & {"handle", "url handle"}:
        return "shopify"
    if {"id", "title"} <= names or {"g:id", "g:title"} <= names:
        return "merchant-tsv"
    if head.startswith(("styles:", "catalogue:", "#", "---")):
        return "yaml"
    raise CatalogueError("cannot tell the file's format from its first line",
                         location=Location(file, 1),
                         fix="use a native catalogue (first column style_id), a Shopify product "
                             "export, a Merchant Center feed, or pass --format")


_PARSERS = {"yaml": ("native_yaml", "load_yaml_source"), "csv": ("native_csv", "load_native_csv"),
            "shopify": ("shopify", "load_shopify"),
            "merchant-tsv": ("merchant_tsv", "load_merchant_tsv"),
            "merchant-xml": ("merchant_xml", "load_merchant_xml")}


def _parser(fmt: str) -> Callable[[str, str, Diagnostics], Source]:
    module, name = _PARSERS[fmt]
    return getattr(importlib.import_module(f"kiosk.catalogue.{module}"), name)
