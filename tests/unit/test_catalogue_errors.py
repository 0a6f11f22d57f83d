"""Every problem a manager can make is reported with file:line:column, what and how to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.catalogue import check_catalogue, load_text
from kiosk.catalogue.issues import CatalogueErrors
from tests.support.catalogue import BROKEN_CSV


@pytest.fixture(scope="module")
def broken_issues():
    catalogue, issues = check_catalogue(BROKEN_CSV)
    assert catalogue is None
    return {i.code: i for i in issues}


@pytest.mark.parametrize("code, line, column, words", [
    ("gtin-invalid", 3, 16, "wrong check digit"),
    ("gtin-duplicate", 4, 16, "already used on line 2"),
    ("colour-unknown", 5, 11, "'moonlight'"),
    ("stock-invalid", 6, 18, "negative"),
    ("size-missing", 7, 14, "'W-DRESS' has no sizes"),
    ("image-missing", 8, 20, "missing-tote.jpg"),
    ("boost-invalid", 9, 9, "from -1 to 1"),
    ("colour-hex", 9, 12, "#zz0000"),
])
def test_broken_file_reports_each_problem_where_it_is(broken_issues, code, line, column, words):
    issue = broken_issues[code]
    assert issue.severity == "error"
    assert (issue.location.file, issue.location.line, issue.location.column) == (
        str(BROKEN_CSV), line, column)
    assert words in issue.message
    assert len(issue.fix) > 10
    assert f"{BROKEN_CSV}:{line}:{column}" in str(issue)


def test_all_errors_are_reported_in_one_pass(broken_issues):
    assert len([i for i in broken_issues.values() if i.severity == "error"]) == 8


_YAML_HEAD = "styles:\n  - id: S1\n    title: Shirt\n    colourways:\n      - colour: navy\n"


@pytest.mark.parametrize("text, line, words", [
    (_YAML_HEAD + "        variants:\n          - {size: M, gtin: '123', stock: 1, price: 5}\n",
     7, "3 digits"),
    (_YAML_HEAD + "        variants:\n          - {size: M, stock: x, price: 5}\n", 7,
     "not a whole number"),
    (_YAML_HEAD + "        variants:\n          - {size: M, stock: 1}\n", 7, "no price"),
    (_YAML_HEAD + "        variants:\n          - {size: M, stock: 1, price: ten}\n", 7,
     "not a number"),
    (_YAML_HEAD + "        variants: {size: M}\n", 6, "must be a list"),
    (_YAML_HEAD + "        variants:\n          - {size: M, price: 5\n", 8, "YAML syntax"),
    ("styles:\n  - id: B1\n    title: Bag\n    kind: accessory\n    colourways:\n"
     "      - variants: [{size: One size, price: 5}]\n", 2, "no accessory_category"),
])
def test_yaml_problems_name_their_line_and_a_fix(text, line, words):
    with pytest.raises(Exception) as info:
        load_text(text, "c.yaml")
    error = info.value
    issues = error.issues if isinstance(error, CatalogueErrors) else [error]
    match = [i for i in issues if words in i.message]
    assert match, [str(i) for i in issues]
    assert match[0].location.line == line and match[0].fix


def test_warnings_never_fail_a_file():
    text = ("style_id,title,colour,size,gtin,stock,price\n"
            "S1,Shirt,navy,M,,1,10\n")   # no GTIN: a warning only
    catalogue = load_text(text, "c.csv")
    assert [w.code for w in catalogue.warnings] == ["gtin-missing"]
    assert catalogue.variant("S1/navy/M").stock == 1


@pytest.mark.parametrize("ref, code", [("https://[CDATA[/shirt.jpg", "image-url"),
                                       ("x" * 5000 + ".jpg", "image-missing"),
                                       ("javascript:alert(1)", "image-scheme")])
def test_hostile_image_references_are_errors_not_crashes(ref, code):
    text = f"style_id,title,colour,size,gtin,stock,price,images\nS1,Shirt,navy,M,,1,5,{ref}\n"
    with pytest.raises(CatalogueErrors) as info:
        load_text(text, "c.csv", base_dir=Path("."))
    assert [(i.code, i.location.line, i.location.column) for i in info.value.errors] == [
        (code, 2, 8)]
