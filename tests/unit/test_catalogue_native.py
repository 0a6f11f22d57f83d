"""The native YAML/CSV forms and the demo catalogue the whole team uses."""

from __future__ import annotations

import pytest

from kiosk.catalogue import CatalogueErrors, load_catalogue, load_text
from kiosk.catalogue.native_csv import write_native_csv
from kiosk.catalogue.native_yaml_writer import write_native_yaml
from kiosk.errors import CatalogueError
from tests.support.catalogue import DEMO


@pytest.fixture(scope="module")
def demo():
    return load_catalogue(DEMO)


def test_demo_catalogue_is_clean_and_big_enough(demo):
    assert demo.warnings == ()
    assert len(demo.garments()) >= 40 and len(demo.accessories()) >= 20
    categories = {s.accessory_category for s in demo.accessories()}
    assert {"bag", "belt", "scarf", "jewellery", "shoes", "hat"} <= categories
    variants = [v for s in demo.styles for v in s.variants]
    assert any(v.stock == 0 for v in variants) and any(v.stock > 0 for v in variants)
    assert any(s.boost > 0 for s in demo.styles) and all(v.gtin for v in variants)
    assert demo.currency == "EUR" and demo.store == "demo-store"


def test_lookup_by_any_gtin_form_gives_colourways_and_sizes_in_stock(demo):
    variant = demo.find_gtin("2000010101009")
    assert variant is demo.find_gtin("02000010101009") is demo.variant(variant.key)
    style = demo.style_of(variant)
    assert style.id == "W-LIN-SHIRT" and variant.colour.name == "sage green"
    names = [c.colour.name for c in demo.colourways(style.id)]
    assert names == ["white", "sage green", "sky blue", "terracotta"]
    in_stock = demo.sizes_in_stock(style.id, "Sage Green")
    expected = tuple(v.size for v in demo.colourway(style.id, "sage green").variants if v.stock)
    assert in_stock == expected and "XS" not in in_stock   # XS is sold out in sage
    assert demo.find_gtin("20000110").style_id == "A-HOOPS"          # GTIN-8 form
    assert demo.find_gtin("200450000098").style_id == "A-SUNGLASSES"  # UPC-A form
    assert demo.find_gtin("2000010101008") is None                    # bad check digit


def test_colours_are_lab_tuples_from_names_or_hex(demo):
    navy = demo.colourway("W-SILK-BLOUSE", "navy").colour
    assert isinstance(navy.lab, tuple) and len(navy.lab) == 3
    assert navy.lab[0] < 25 and navy.lab[2] < -10          # dark and blue
    tortoise = demo.colourway("A-SUNGLASSES", "tortoiseshell").colour
    assert tortoise.hex == "#6b4423" and tortoise.source == "hex"


def test_sizes_are_in_wear_order(demo):
    assert demo.colourways("W-RIB-TEE")[0].sizes == ("XS", "S", "M", "L", "XL")
    assert demo.colourways("M-SLIM-JEAN")[0].sizes[0] == "W30 L32"


@pytest.mark.parametrize("writer, name", [(write_native_yaml, "x.yaml"),
                                          (write_native_csv, "x.csv")])
def test_export_and_reload_keeps_the_same_version(demo, writer, name):
    again = load_text(writer(demo), name)
    assert again.version == demo.version
    assert again.variant_count == demo.variant_count


def test_csv_export_neutralises_formula_injection_and_reads_back_the_text():
    text = ("style_id,title,colour,size,gtin,stock,price\n"
            'S1,"=HYPERLINK(""http://evil"",""x"")",navy,M,4006381333931,1,10\n')
    catalogue = load_text(text, "in.csv")
    exported = write_native_csv(catalogue)
    assert "'=HYPERLINK" in exported
    assert load_text(exported, "out.csv").style("S1").title.startswith("=HYPERLINK")


def test_yaml_alias_bomb_is_refused_with_its_line():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(CatalogueError) as info:
        load_text(bomb, "bomb.yaml")
    assert "aliases" in info.value.message and info.value.location.line == 2


def test_yaml_values_stay_text_and_unknown_keys_are_named():
    text = ("styles:\n  - id: S1\n    title: Shirt\n    colour_way: []\n    colourways:\n"
            "      - colour: navy\n        variants:\n"
            "          - {size: no, gtin: 0036000291452, stock: 1, price: 10}\n")
    with pytest.raises(CatalogueErrors) as info:
        load_text(text, "c.yaml")
    [error] = info.value.errors
    assert error.location.line == 4 and "colour_way" in error.message and error.fix
    fixed = load_text(text.replace("    colour_way: []\n", ""), "c.yaml")
    variant = fixed.find_gtin("036000291452")
    assert variant.size == "no"     # YAML 1.1 would have made this False


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("style_id,title\nS1,Chemise\nS2,Cr\xe8me\n".encode("latin-1"))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert info.value.location.line == 3 and "UTF-8" in info.value.fix
