"""Gaps filled in the page (no sizes, unknown colour, missing GTIN) and the corrected file,
also of an upload with errors: the same rules as ``kiosk catalogue check`` every time."""

from __future__ import annotations

import re

import pytest

from kiosk.catalogue.corrected import fill, salvage
from kiosk.catalogue.gtin import with_check_digit
from tests.support.backoffice import OfficeSite, csrf_of
from tests.support.catalogue import SHOPIFY_APPAREL, native_csv_text


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    return OfficeSite(tmp_path)


def fill_forms(html: str) -> list[tuple[str, str]]:
    """(line, field) of each fill form on the page."""
    return re.findall(r'name="line" value="(\d+)"><input type="hidden" name="field" value="(\w+)"', html)


def post_fill(client, draft: str, line: str, field: str, value: str, csrf: str | None = None):
    token = csrf if csrf is not None else csrf_of(client.get(draft).text)
    return client.post(f"{draft}/fill", data={"csrf": token, "line": line, "field": field, "value": value})


def native_with_gaps() -> bytes:
    """A native CSV: line 2 has an unknown colour, line 3 no GTIN."""
    lines = native_csv_text(5).splitlines()
    lines[1] = lines[1].replace(",navy,", ",blurple,", 1)
    gtin = with_check_digit(f"30{1:010d}")
    lines[2] = lines[2].replace(f",{gtin},", ",,", 1)
    return ("\n".join(lines) + "\n").encode()


def test_a_native_upload_is_filled_in_the_page_and_checked_again(site):
    client = site.signed_in()
    draft = site.upload(client, "c.csv", native_with_gaps()).headers["location"]
    page = client.get(draft).text
    assert 'data-line="2" data-field="colour"' in page and 'data-action="publish"' not in page
    assert ("2", "colour") in fill_forms(page) and ("3", "gtin") in fill_forms(page)
    assert post_fill(client, draft, "2", "colour", "#1f3a5f").status_code == 303
    page = client.get(draft).text
    assert 'data-code="colour-unknown"' not in page and 'data-action="publish"' in page
    assert post_fill(client, draft, "3", "gtin", with_check_digit(f"30{1:010d}")).status_code == 303
    page = client.get(draft).text
    assert 'data-code="gtin-missing"' not in page
    corrected = client.get(f"{draft}/native.csv").text
    assert "#1f3a5f" in corrected and with_check_digit(f"30{1:010d}") in corrected
    assert "filled" in client.get("/manage/audit").text


def test_a_wrong_value_is_refused_by_the_same_rules(site):
    client = site.signed_in()
    draft = site.upload(client, "c.csv", native_with_gaps()).headers["location"]
    post_fill(client, draft, "3", "gtin", "4006381333932")  # bad check digit
    page = client.get(draft).text
    assert 'data-line="3" data-field="gtin"' in page and "check digit" in page
    post_fill(client, draft, "3", "gtin", "=HYPERLINK(\"http://x\")")
    corrected = client.get(f"{draft}/native.csv").text
    assert '=HYPERLINK' not in corrected.replace("'=HYPERLINK", "")


def test_fill_needs_the_csrf_token_the_owner_and_a_real_cell(site):
    client = site.signed_in()
    draft = site.upload(client, "c.csv", native_with_gaps()).headers["location"]
    assert post_fill(client, draft, "2", "colour", "navy", csrf="forged").status_code == 403
    other = site.signed_in("paul", "10.0.0.9")
    token = csrf_of(other.get("/manage/catalogue").text)
    assert post_fill(other, draft, "2", "colour", "navy", csrf=token).headers["location"] == "/manage/catalogue"
    for line, field in (("999", "colour"), ("2", "price"), ("x", "size"), ("1", "style_id")):
        assert "error=fill" in post_fill(client, draft, line, field, "navy").headers["location"]
    assert 'data-code="colour-unknown"' in client.get(draft).text


def test_a_shopify_export_is_filled_after_turning_it_into_its_native_draft(site):
    client = site.signed_in()
    draft = site.upload(client, "products_export.csv", SHOPIFY_APPAREL.read_bytes()).headers["location"]
    page = client.get(draft).text
    assert 'data-action="edit"' in page and not fill_forms(page)
    assert client.post(f"{draft}/edit", data={"csrf": csrf_of(page)}).status_code == 303
    page = client.get(draft).text
    sizes = [line for line, field in fill_forms(page) if field == "size"]
    assert sizes and "products_export-corrected.csv" in page
    before = page.count('data-code="size-missing"')
    post_fill(client, draft, sizes[0], "size", "One size")
    assert client.get(draft).text.count('data-code="size-missing"') == before - 1


def test_an_upload_with_errors_still_gets_a_corrected_file_with_every_other_row(site, tmp_path):
    from tests.e2e.test_backoffice_browser import broken_shopify
    client = site.signed_in()
    draft = site.upload(client, "broken.csv", broken_shopify(tmp_path).read_bytes()).headers["location"]
    page = client.get(draft).text
    assert 'id="salvaged"' in page and 'id="download"' in page and 'data-action="publish"' not in page
    corrected = client.get(f"{draft}/native.csv")
    assert corrected.status_code == 200 and corrected.text.startswith("style_id,")
    assert "4006381333932" not in corrected.text  # the mistyped barcode's cell is left empty
    rows = corrected.text.count("\n") - 1
    ok = client.get(site.upload(client, "ok.csv", SHOPIFY_APPAREL.read_bytes()).headers["location"] + "/native.csv")
    assert rows == ok.text.count("\n") - 1   # no row lost


def test_a_file_whose_errors_are_not_in_a_cell_has_no_corrected_file(site):
    client = site.signed_in()
    draft = site.upload(client, "bad.csv", b"Handle,Title\n").headers["location"]
    assert 'id="download"' not in client.get(draft).text
    assert client.get(f"{draft}/native.csv").status_code == 404
    assert salvage("not a catalogue", "x.csv", []) is None


def test_fill_writes_only_the_cell_of_its_row():
    text = "style_id,colour,size,review\nA,navy,,size-missing\nA,\"multi\nline\",,\nB,navy,M,\n"
    out = fill(text, 5, "size", "  L  ")
    assert out.splitlines()[-1] == "B,navy,L," and out.count("size-missing") == 1
    with pytest.raises(KeyError):
        fill(text, 2, "colour", "#aabbcc")   # a hex goes in colour_hex: this file has none
    with pytest.raises(KeyError):
        fill(text, 4, "size", "M")   # inside a quoted cell, not the start of a row
