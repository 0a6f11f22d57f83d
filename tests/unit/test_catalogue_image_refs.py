"""Issue #21 finding 1: an image reference never names a file outside the catalogue's folder.

Every format's image field (native ``images``, Shopify ``Image Src``, Merchant Center
``image_link``) is attacked with an absolute path, a climb out with ``..``, a link that
leads out, and the hand-off service's own database files next to the catalogue.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue, check_catalogue, load_text
from kiosk.catalogue.image_cache import ImageCache
from kiosk.catalogue.image_prefetch import image_path
from kiosk.catalogue.issues import CatalogueErrors
from kiosk.catalogue.model import group_colourways
from kiosk.catalogue.publish import make_notice, read_notice
from kiosk.errors import CatalogueError
from tests.support.handoff import SHIRT, STORE, demo_catalogue

GTIN = "4006381333931"
ESCAPES = ["/etc/passwd", "../../../../../../etc/hostname", "link-out.jpg",
           "handoff.sqlite3-wal", "handoff.sqlite3"]


def _native_csv(ref: str) -> tuple[str, str, int, int]:
    return ("c.csv", "style_id,title,colour,size,gtin,stock,price,images\n"
            f"S1,Shirt,navy,M,{GTIN},1,5,{ref}\n", 2, 8)


def _native_yaml(ref: str) -> tuple[str, str, int, int]:
    return ("c.yaml", "styles:\n  - id: S1\n    title: Shirt\n    colourways:\n"
            "      - colour: navy\n        variants:\n"
            f"          - {{size: M, gtin: '{GTIN}', stock: 1, price: 5, images: '{ref}'}}\n",
            7, None)


def _shopify(ref: str) -> tuple[str, str, int, int]:
    return ("products_export.csv", "Handle,Title,Option1 Name,Option1 Value,Option2 Name,"
            "Option2 Value,Variant SKU,Variant Price,Variant Barcode,Image Src\n"
            f"shirt,Navy shirt,Colour,Navy,Size,M,SH-1,5,{GTIN},{ref}\n", 2, 10)


def _merchant_tsv(ref: str) -> tuple[str, str, int, int]:
    return ("feed.tsv", "id\ttitle\tprice\tgtin\tcolor\tsize\tquantity\timage_link\n"
            f"S1\tShirt\t5 EUR\t{GTIN}\tnavy\tM\t1\t{ref}\n", 2, 8)


def _merchant_xml(ref: str) -> tuple[str, str, int, int]:
    return ("feed.xml", '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item>\n'
            f"<g:id>S1</g:id><g:title>Shirt</g:title><g:price>5 EUR</g:price><g:gtin>{GTIN}"
            "</g:gtin><g:color>navy</g:color><g:size>M</g:size><g:quantity>1</g:quantity>\n"
            f"<g:image_link>{ref}</g:image_link>\n</item></channel></rss>\n", 3, None)


FORMATS = [_native_csv, _native_yaml, _shopify, _merchant_tsv, _merchant_xml]


@pytest.fixture
def folder(tmp_path) -> Path:
    """A catalogue folder holding a real picture, a link that leads out, and a DB's files."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (tmp_path / "private.jpg").write_bytes(b"\xff\xd8\xff secret")
    (shop / "link-out.jpg").symlink_to(tmp_path / "private.jpg")
    (shop / "shirt.jpg").write_bytes(b"\xff\xd8\xff picture")
    for name in ("handoff.sqlite3", "handoff.sqlite3-wal"):
        (shop / name).write_bytes(b"SQLite format 3\x00")
    return shop


@pytest.mark.parametrize("ref", ESCAPES)
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.__name__.strip("_"))
def test_catalogue_check_refuses_an_image_outside_the_folder(folder, fmt, ref):
    name, text, line, column = fmt(ref)
    path = folder / name
    path.write_text(text)
    catalogue, issues = check_catalogue(path)
    errors = [i for i in issues if i.severity == "error" and i.location.field == "images"]
    assert catalogue is None and errors, [str(i) for i in issues]
    where = errors[0].location
    assert (where.file, where.line) == (str(path), line)
    assert column is None or where.column == column
    assert ref in errors[0].message and errors[0].fix


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.__name__.strip("_"))
def test_a_picture_inside_the_folder_is_accepted(folder, fmt):
    name, text, _, _ = fmt("shirt.jpg")
    (folder / name).write_text(text)
    catalogue, issues = check_catalogue(folder / name)
    assert catalogue is not None, [str(i) for i in issues]
    variant = catalogue.find_gtin(GTIN)
    assert catalogue.style_of(variant).images == ("shirt.jpg",)


@pytest.mark.parametrize("ref", ["/etc/passwd", "../../etc/hostname.jpg", "a/../../b.png",
                                 "C:/Windows/win.ini", "\\\\server\\share\\x.jpg",
                                 "handoff.sqlite3-wal"])
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.__name__.strip("_"))
def test_without_a_folder_absolute_and_climbing_refs_are_still_errors(fmt, ref):
    name, text, line, _ = fmt(ref)
    with pytest.raises(CatalogueErrors) as info:
        load_text(text, name)      # no base_dir: how publish and lenient imports load
    assert [(i.location.line, i.location.field) for i in info.value.errors] == [(line, "images")]


def test_a_published_catalogue_with_an_escaping_ref_is_refused():
    styles = demo_catalogue(refs={SHIRT: "../../../etc/passwd"}).styles
    poisoned = Catalogue([replace(s, colourways=group_colourways(s.id, s.variants))
                          for s in styles], store=STORE)
    with pytest.raises(CatalogueError) as info:
        read_notice(make_notice(poisoned, STORE), STORE)
    assert "../../../etc/passwd" in str(info.value)


@pytest.mark.parametrize("ref", ESCAPES + ["missing.jpg"])
def test_image_path_never_returns_a_file_outside_the_folder(folder, tmp_path, ref):
    assert image_path(ref, ImageCache(tmp_path / "cache"), folder) is None


def test_image_path_finds_a_picture_inside_the_folder(folder, tmp_path):
    found = image_path("shirt.jpg", ImageCache(tmp_path / "cache"), folder)
    assert found == (folder / "shirt.jpg").resolve()
