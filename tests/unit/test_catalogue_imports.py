"""Shopify's own sample exports and Merchant Center feeds import as they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.catalogue import check_catalogue, load_catalogue, load_text
from kiosk.catalogue.loader import detect_format
from kiosk.errors import CatalogueError
from tests.support.catalogue import (
    MERCHANT_TSV,
    MERCHANT_XML,
    SHOPIFY_APPAREL,
    SHOPIFY_JEWELLERY,
)


@pytest.mark.parametrize("path, styles, variants", [(SHOPIFY_APPAREL, 20, 22),
                                                    (SHOPIFY_JEWELLERY, 20, 23)])
def test_shopify_samples_import_with_warnings_only(path, styles, variants):
    catalogue, issues = check_catalogue(path)
    assert catalogue is not None, [str(i) for i in issues if i.severity == "error"]
    assert (len(catalogue), catalogue.variant_count) == (styles, variants)
    assert issues and all(i.severity == "warning" for i in issues)
    assert "gtin-missing" in {i.code for i in issues}    # the samples carry no barcodes


def test_shopify_apparel_details():
    catalogue = load_catalogue(SHOPIFY_APPAREL)
    varsity = catalogue.style("classic-varsity-top")
    assert varsity.colourways[0].sizes == ("Small", "Medium", "Large")  # continuation rows
    assert varsity.gender == "women" and varsity.category == "top"
    shirt = catalogue.style("ocean-blue-shirt")
    assert shirt.colourways[0].colour.name == "blue"
    assert shirt.colourways[0].colour.source == "title"
    warning = next(w for w in catalogue.warnings if w.code == "colour-guessed")
    assert warning.location.line == 2 and "Ocean Blue Shirt" in warning.message
    assert catalogue.style("black-leather-bag").accessory_category == "bag"
    assert catalogue.style("led-high-tops").accessory_category == "shoes"
    assert shirt.price_from == Decimal("50")


def test_shopify_jewellery_colour_options_stock_and_images():
    catalogue = load_catalogue(SHOPIFY_JEWELLERY)
    anchor = catalogue.style("leather-anchor")
    assert [c.colour.name for c in anchor.colourways] == ["Gold", "Silver"]
    assert anchor.colourways[1].sizes_in_stock == () and not anchor.colourways[1].in_stock
    assert anchor.colourways[1].variants[0].price == Decimal("55")
    assert len(anchor.images) == 3                     # image-only continuation row kept
    assert all(s.accessory_category == "jewellery" for s in catalogue.styles)
    assert "leather" in anchor.pairing_tags


def test_shopify_2024_renamed_headers():
    text = ("Title,URL handle,Description,Vendor,Product category,Type,Tags,Status,SKU,Barcode,"
            "Option1 name,Option1 value,Option2 name,Option2 value,Price,Inventory quantity,"
            "Product image URL,Variant image URL\n"
            "Merino jumper,merino-jumper,<p>Soft &amp; warm</p>,Nordvik,Apparel > Sweaters,"
            "Knitwear,\"women, winter\",active,MJ-NAVY-S,4006381333931,Colour,Navy,Size,S,59.95,3,"
            "https://cdn.example.eu/mj.jpg,https://cdn.example.eu/mj-navy.jpg\n"
            ",merino-jumper,,,,,,,MJ-NAVY-M,4006381333948,,Navy,,M,59.95,0,,\n"
            ",merino-jumper,,,,,,,MJ-CAMEL-M,4006381333955,,Camel,,M,59.95,2,,\n")
    assert detect_format(text, "products_export_1.csv") == "shopify"
    catalogue = load_text(text, "products_export_1.csv")
    style = catalogue.style("merino-jumper")
    assert style.title == "Merino jumper" and style.description == "Soft & warm"
    assert [c.colour.name for c in style.colourways] == ["Navy", "Camel"]
    assert catalogue.sizes_in_stock("merino-jumper", "navy") == ("S",)
    assert catalogue.find_gtin("4006381333948").sku == "MJ-NAVY-M"
    assert style.gender == "women" and "winter" in style.pairing_tags


def test_merchant_tsv_feed():
    catalogue = load_catalogue(MERCHANT_TSV)
    shirt = catalogue.style("LS-01")
    assert shirt.title == "Linen shirt" and shirt.gender == "men"
    assert catalogue.sizes_in_stock("LS-01", "navy") == ("S", "M")     # L is out_of_stock
    assert catalogue.find_gtin("4006381333993").colour.name == "Ecru"  # 'Ecru/Navy': main colour
    assert catalogue.style("BELT-01").accessory_category == "belt"
    assert catalogue.style("TOTE-1").accessory_category == "bag"
    assert [w.code for w in catalogue.warnings] == ["stock-from-availability"]


def test_merchant_xml_feed_with_g_namespace():
    catalogue = load_catalogue(MERCHANT_XML)
    dress = catalogue.style("WD-01")
    assert dress.title == "Wrap dress" and dress.category == "dresses"
    assert catalogue.find_gtin("5012345678900").stock == 3               # g:quantity
    assert len(dress.images) == 4 and dress.price_from == Decimal("69.95")
    assert catalogue.style("SC-SILK-1").accessory_category == "scarf"
    gtin_line = MERCHANT_XML.read_text().splitlines().index(
        "      <g:gtin>5012345678917</g:gtin>") + 1
    broken = MERCHANT_XML.read_text().replace("5012345678917", "5012345678918")
    _, issues = check_catalogue_text(broken)
    assert [(i.code, i.location.line) for i in issues if i.severity == "error"] == [
        ("gtin-invalid", gtin_line)]


def check_catalogue_text(text):
    try:
        return load_text(text, "feed.xml"), []
    except CatalogueError as exc:
        return None, exc.issues


@pytest.mark.parametrize("xml, words", [
    ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item>'
     "<title>&a;</title></item></channel></rss>", "DOCTYPE"),
    ('<rss xmlns:g="http://base.google.com/ns/1.0"><channel>\n<item><g:id>1</g:id>\n'
     "</channel></rss>", "mismatched tag"),
])
def test_hostile_or_broken_xml_is_refused_with_a_line(xml, words):
    with pytest.raises(CatalogueError) as info:
        load_text(xml, "feed.xml")
    assert words in info.value.message and info.value.location.line


def test_oversold_shopify_stock_is_a_warning_and_counts_as_zero():
    text = ("Handle,Title,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty,"
            "Variant Barcode\nbelt,Leather belt,Size,85,35,-3,4006381333931\n")
    catalogue = load_text(text, "export.csv")
    assert catalogue.find_gtin("4006381333931").stock == 0
    [warning] = [w for w in catalogue.warnings if w.code == "stock-oversold"]
    assert (warning.location.line, warning.location.column) == (2, 6)


def test_european_excel_csv_with_semicolons_and_decimal_commas():
    text = ("style_id;title;colour;size;gtin;stock;price\n"
            "S1;Chemise en lin;écru;M;4006381333931;2;49,95\n")
    variant = load_text(text, "catalogue.csv").find_gtin("4006381333931")
    assert variant.price == Decimal("49.95") and variant.colour.hex == "#e3dbc3"


def test_atom_feed_entries_and_windows_line_endings():
    atom = ('<?xml version="1.0"?>\r\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:g="http://base.google.com/ns/1.0">\r\n<entry>\r\n<g:id>B-1</g:id>\r\n'
            '<title>Leather belt</title>\r\n<link href="https://shop.example.eu/belt"/>\r\n'
            "<g:price>35.00 EUR</g:price>\r\n<g:gtin>4006381333932</g:gtin>\r\n"
            "</entry>\r\n</feed>\r\n")
    with pytest.raises(CatalogueError) as info:
        load_text(atom, "feed.xml")
    [error] = info.value.issues
    assert error.location.line == 8 and "check digit" in error.message
    fixed = load_text(atom.replace("4006381333932", "4006381333931"), "feed.xml")
    assert fixed.style("B-1").accessory_category == "belt"
    crlf = "style_id,title,colour,size,gtin,stock,price\r\nS1,Shirt,navy,M,400638133393,1,5\r\n"
    with pytest.raises(CatalogueError) as info:
        load_text(crlf, "c.csv")
    assert (info.value.location.line, info.value.location.column) == (2, 5)


def test_a_third_shopify_option_keeps_variants_apart_in_the_size_label():
    text = ("Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant Price\n"
            "chino,Chino trousers,Size,32,Fit,Slim,59\n"
            "chino,,,32,,Regular,59\n")
    catalogue = load_text(text, "export.csv")
    assert catalogue.colourways("chino")[0].sizes == ("32 · Regular", "32 · Slim")


def test_feed_currency_becomes_the_catalogues_and_a_mixed_price_is_an_error():
    tsv = MERCHANT_TSV.read_text()
    assert load_text(tsv.replace(" EUR", " GBP"), "feed.tsv").currency == "GBP"
    mixed = tsv.replace("34.95 EUR", "34.95 USD", 1)
    with pytest.raises(CatalogueError) as info:
        load_text(mixed, "feed.tsv")
    assert "in USD, the catalogue in EUR" in info.value.message
    assert info.value.location.line == 6
