"""Issue #21 finding 8: no exported text cell can start a formula, whatever separator the
spreadsheet splits on (';' in most of Europe, ',' elsewhere, tab, a new line)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest

from kiosk.catalogue import load_text
from kiosk.catalogue.native_csv import write_native_csv
from kiosk.catalogue.tables import neutralise_formula, unneutralise
from kiosk.insight.csv_export import write_csv
from kiosk.insight.report import build_report
from tests.support.insight import WEEK_SINCE, WEEK_UNTIL, simulated_store

PAYLOADS = [";=1+1;", "Shirt;=cmd|'/c calc'!A0", "a,=HYPERLINK(\"http://evil\")",
            "a\t+1", "a\n-1+2", "a\r\n@SUM(A1)", "a; =1+1", "|=1", "'=1", "=1"]
# What a spreadsheet would run: a cell whose first character starts a formula.
FORMULA = re.compile(r"\s*[=+\-@]")


def cells_of(text: str, delimiter: str = ",") -> list[str]:
    """The cells a spreadsheet sees when it splits the file on ``delimiter``."""
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def safe(cell: str) -> bool:
    return not any(FORMULA.match(piece) for piece in re.split(r"[;,|\t\r\n]", cell))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_shared_rule_neutralises_a_formula_after_any_separator(payload):
    assert safe(neutralise_formula(payload))
    assert unneutralise(neutralise_formula(payload)) == payload


@pytest.mark.parametrize("text", ["Linen shirt", "52.1 -3.4 20.0", "S-M", "blue, navy", "o'neil"])
def test_ordinary_text_is_left_as_it_is(text):
    assert neutralise_formula(text) == text and unneutralise(text) == text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_catalogue_import_output_never_starts_a_formula_and_reads_back(payload):
    quoted = '"' + payload.replace('"', '""') + '"'
    source = f"style_id,title,colour,size,gtin,stock,price\nS1,{quoted},navy,M,,1,10\n"
    imported = load_text(source, "c.csv")
    exported = write_native_csv(imported)
    for delimiter in (",", ";"):
        assert all(safe(cell) for cell in cells_of(exported, delimiter)), exported
    assert load_text(exported, "out.csv").style("S1").title == imported.style("S1").title


@pytest.fixture(scope="module")
def report():
    store, _truth = simulated_store()
    yield build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    store.close()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_csv_never_starts_a_formula(tmp_path, report, payload):
    gtin = report.out_of_stock[0][0]
    evil = replace(report, product_names={gtin: payload})
    path = next(p for p in write_csv(evil, tmp_path) if p.stem == "out-of-stock")
    text = path.read_text(encoding="utf-8-sig")
    for delimiter in (",", ";"):
        assert all(safe(cell) for cell in cells_of(text, delimiter)), text
