"""The report's tables as CSV, for managers who work in a spreadsheet (`kiosk report --csv`).

One file per table, UTF-8 with a BOM (Excel then reads accents and Chinese
right), numbers as plain numbers (seconds, shares 0..1), text cells guarded
against formula injection by the catalogue export's own rule
(``tables.neutralise_formula``: a product named "=HYPERLINK(…)" or "a;=1+1" stays
text, whatever separator the spreadsheet splits on).
"""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.catalogue.tables import neutralise_formula
from kiosk.insight.i18n import Messages
from kiosk.insight.report import Report


def _text(value) -> object:
    return neutralise_formula(value) if isinstance(value, str) else value


def tables(report: Report, m: Messages | None = None) -> dict[str, list[list]]:
    """File stem -> rows (header first).  The funnel's ``step`` is the page's label in the
    report's language; ``step_id`` stays the event name for scripts."""
    m = m or Messages()
    outcomes = report.outcomes
    return {
        "visits-by-day-hour": [["date", "hour", "visits"]] + [
            [d.isoformat(), h, n] for (d, h), n in report.sessions_by_day_hour.items()],
        "funnel": [["step", "visits", "share_of_engaged", "step_id"]] + [
            [m.t(f"funnel_{s.kind}"), s.visits, _round(s.of_engaged), s.kind]
            for s in report.funnel],
        "staff-by-zone-hour": [["zone", "request_hour", "claims", "p50_s", "p90_s"]] + [
            [s.zone, s.hour, s.count, round(s.p50_s, 1), round(s.p90_s, 1)]
            for s in report.claim_by_zone_hour],
        "requests-by-zone": [["zone", "requested", "claimed", "delivered", "expired",
                              "cancelled"]] + [
            [z, c["requested"], c["claimed"], c["delivered"], c["expired"], c["cancelled"]]
            for z, c in outcomes.items()],
        "top-sizes": [["size", "requests"]] + [list(p) for p in report.top_sizes],
        "top-colourways": [["colourway", "requests"]] + [list(p) for p in report.top_colourways],
        "out-of-stock": [["gtin", "product", "size", "requests"]] + [
            [g, report.product(g), s, n] for g, s, n in report.out_of_stock],
    }


def _round(share: float | None) -> float | str:
    return "" if share is None else round(share, 4)


def write_csv(report: Report, folder: str | Path, m: Messages | None = None) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, rows in tables(report, m).items():
        path = folder / f"{stem}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            csv.writer(file).writerows([[_text(v) for v in row] for row in rows])
        written.append(path)
    return written
