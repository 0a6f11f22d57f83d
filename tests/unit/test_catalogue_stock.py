"""kiosk.catalogue.stock: a stock-only file (GTIN, quantity) applied to a catalogue."""

from __future__ import annotations

import pytest

from kiosk.catalogue import load_text
from kiosk.catalogue.gtin import with_check_digit
from kiosk.catalogue.stock import apply_stock_bytes, apply_stock_text
from tests.support.catalogue import native_csv_text


@pytest.fixture(scope="module")
def catalogue():
    return load_text(native_csv_text(40), "live.csv")


def gtin(n: int) -> str:
    return with_check_digit(f"30{n:010d}")


def test_only_the_listed_stock_changes_and_the_version_with_it(catalogue):
    new, issues = apply_stock_text(f"gtin,quantity\n{gtin(1)},0\n{gtin(2)},7\n", "stock.csv", catalogue)
    assert issues == [] and new is not None and new.version != catalogue.version
    assert new.find_gtin(gtin(1)).stock == 0 and new.find_gtin(gtin(2)).stock == 7
    assert new.find_gtin(gtin(3)).stock == catalogue.find_gtin(gtin(3)).stock
    before = {v.key: v for s in catalogue.styles for v in s.variants}
    after = {v.key: v for s in new.styles for v in s.variants}
    assert before.keys() == after.keys()
    assert all(before[k].price == after[k].price and before[k].colour == after[k].colour for k in before)
    # a size at 0 is no longer in stock for its colourway (what the mirror offers)
    variant = new.find_gtin(gtin(1))
    assert variant.size not in new.sizes_in_stock(variant.style_id, variant.colour.name)


def test_same_stock_gives_the_same_version(catalogue):
    same = catalogue.find_gtin(gtin(5)).stock
    new, _ = apply_stock_text(f"GTIN;Stock\n{gtin(5)};{same}\n", "s.csv", catalogue)
    assert new.version == catalogue.version


@pytest.mark.parametrize("body, line, field, code", [
    ("{g1},-2\n", 2, "quantity", "stock-invalid"),
    ("{g1},1.5\n", 2, "quantity", "stock-invalid"),
    ("{g1},=1+1\n", 2, "quantity", "stock-invalid"),
    ("{g1},\n", 2, "quantity", "stock-missing"),
    ("{g1},1\n3000000000018,2\n", 3, "gtin", "gtin-invalid"),
    ("{g1},1\n{g2},2\n{g1},3\n", 4, "gtin", "gtin-duplicate"),
    ("{g1},1\n4006381333931,2\n", 3, "gtin", "stock-gtin-unknown"),
    (",2\n", 2, "gtin", "gtin-missing"),
    ('{g1},1\n"{g2},2\n', 3, None, None),   # the feed stops inside a quoted cell
])
def test_each_bad_row_is_an_error_at_its_line_and_field(catalogue, body, line, field, code):
    text = "gtin,quantity\n" + body.format(g1=gtin(1), g2=gtin(2))
    new, issues = apply_stock_text(text, "s.csv", catalogue)
    errors = [i for i in issues if i.severity == "error"]
    assert new is None and errors
    assert any(i.location.line == line and (field is None or i.location.field == field)
               and (code is None or i.code == code) for i in errors), errors


def test_header_encoding_and_empty_files_are_refused(catalogue):
    for raw in (b"sku,count\n1,2\n", b"", b"gtin,quantity\n", b"gtin,quantity\n\xff\xfe,1\n"):
        new, issues = apply_stock_bytes(raw, "s.csv", catalogue)
        assert new is None and any(i.severity == "error" and i.location.line for i in issues), raw
