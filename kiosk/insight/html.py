"""Render a ``Report`` to one self-contained HTML file (charts inlined) plus the PNGs.

The HTML inlines its charts as data URIs so a manager can mail or archive a
single file; the same PNGs are also written next to it (``<stem>_charts/``)
for slides and for tools that strip data URIs.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kiosk.errors import KioskError, Location
from kiosk.insight.charts import all_charts
from kiosk.insight.i18n import Messages
from kiosk.insight.report import Report

_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


class ReportWriteError(KioskError, OSError):
    """The report or its charts cannot be written."""


def render_html(report: Report, charts: dict[str, bytes], m: Messages | None = None) -> str:
    m = m or Messages()
    images = {name: "data:image/png;base64," + base64.b64encode(png).decode()
              for name, png in charts.items()}
    return _ENV.get_template("report.html").render(r=report, img=images, **_view(report, m))


def _view(report: Report, m: Messages) -> dict:
    funnel = {s.kind: s for s in report.funnel}
    handed, opened = funnel["basket_handed_off"].visits, funnel["basket_opened"].visits
    return {
        "period": m.t("period", start=m.moment(report.start), end=m.moment(report.end)),
        "per_day": per_day(report, m),
        "funnel": funnel,
        "opened_share": opened / handed if handed else None,
        "lost_total": sum(n for _, _, n in report.out_of_stock),
        "claim_zone": {s.zone: s for s in report.claim_by_zone},
        "delivery_zone": {s.zone: s for s in report.delivery_by_zone},
        "claim_hour": {(s.zone, s.hour): s for s in report.claim_by_zone_hour},
        "hours": sorted({s.hour for s in report.claim_by_zone_hour}),
        "t": m.t, "pct": m.pct, "dur": m.duration, "lang": m.lang.replace("_", "-"),
        "actions": report.action_texts(m), "product": lambda gtin: report.product(gtin, m),
        "generated": datetime.now(UTC).astimezone(report.end.tzinfo).strftime("%Y-%m-%d %H:%M %Z"),
    }


def per_day(report: Report, m: Messages) -> str:
    """Visits a day over the chosen period's days (a week with visits on one day is not
    "4 a day"); the period's part days are said to count as whole ones."""
    days = len(report.period_days())
    if days == 1:
        return m.t("card_one_day")
    rate = report.sessions / days
    key = "card_per_day_partial" if report.partial_days else "card_per_day"
    return m.t(key, n=m.number(rate, 0 if rate >= 10 else 1), days=days)


def write_report(report: Report, out: str | Path, lang: str = "en") -> list[Path]:
    """Write ``out`` (HTML) and ``<stem>_charts/*.png``; returns every path written."""
    out = Path(out)
    chart_dir = out.with_name(f"{out.stem}_charts")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # fail before a second of drawing
        chart_dir.mkdir(exist_ok=True)
        m = Messages(lang)
        charts = all_charts(report, m)
        written = []
        for name, png in charts.items():
            path = chart_dir / f"{name}.png"
            path.write_bytes(png)
            written.append(path)
        out.write_text(render_html(report, charts, m), encoding="utf-8")
    except OSError as exc:
        raise ReportWriteError(f"cannot write the report: {exc.strerror}",
                               location=Location(str(exc.filename or out)),
                               fix="choose a writable --out path") from None
    return [out, *written]
