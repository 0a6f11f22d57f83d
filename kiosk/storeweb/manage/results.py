"""The insight report (kiosk/insight) for a date range, inside the back office, and as CSV.

The page is ``kiosk report``'s own HTML (``render_html``: the same figures, actions and
charts in the manager's language) placed inside the back office: its stylesheet is served
from our origin (the CSP allows no inline style) and its charts are data: images.  The CSV
export is ``kiosk report --csv``'s (``write_csv``: formula cells neutralised), zipped.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.config import StoreConfig
from kiosk.insight.report import Report, build_report
from kiosk.insight.store import EventStore

MAX_DAYS = 400
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_MAIN = re.compile(r"<main>(.*)</main>", re.S)
_OWN_CARDS = re.compile(r"/\* cards:.*?/\* end cards \*/", re.S)


@dataclass(frozen=True)
class Period:
    start: date
    end: date        # inclusive

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date) -> tuple[Period, str | None]:
        """The asked period, or the last 7 days and the reason the asked one was refused."""
        default = cls(today - timedelta(days=6), today)
        if not start and not end:
            return default, None
        try:
            period = cls(date.fromisoformat(start or end), date.fromisoformat(end or start))
        except ValueError:
            return default, "results_bad_date"
        if period.end < period.start or (period.end - period.start).days > MAX_DAYS:
            return default, "results_bad_range"
        return period, None


class Results:
    def __init__(self, config: StoreConfig):
        self.db_path = config.resolve(config.data_dir) / config.insight.db
        self.timezone = _timezone(config)
        self.store_name = config.store.name
        self.target_s = config.insight.response_target_s

    def today(self, now: float) -> date:
        return datetime.fromtimestamp(now, ZoneInfo(self.timezone)).date()

    def report(self, period: Period) -> Report:
        tz = ZoneInfo(self.timezone)
        since = datetime.combine(period.start, time(), tz)
        until = datetime.combine(period.end + timedelta(days=1), time(), tz)
        if not self.db_path.is_file():  # no mirror has recorded anything here yet
            from kiosk.insight.report import report_from_rows
            report = report_from_rows([], since=since, until=until, timezone=self.timezone)
        else:
            store = EventStore(self.db_path, read_only=True)
            try:
                report = build_report(store, since=since, until=until.astimezone(UTC),
                                      timezone=self.timezone, response_target_s=self.target_s)
            finally:
                store.close()
        report.store = self.store_name
        return report

    def html(self, report: Report, lang: str) -> str:
        """The report's <main> content (charts inline as data: images)."""
        from kiosk.insight.charts import all_charts
        from kiosk.insight.html import render_html
        from kiosk.insight.i18n import Messages
        messages = Messages(lang)
        page = render_html(report, all_charts(report, messages), messages)
        found = _MAIN.search(page)
        return found.group(1) if found else ""

    def csv_zip(self, report: Report, lang: str = "en") -> bytes:
        """The CSVs in the manager's language (funnel steps as the page names them)."""
        from kiosk.insight.csv_export import write_csv
        from kiosk.insight.i18n import Messages
        out = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="kiosk-results-") as folder, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in write_csv(report, folder, Messages(lang)):
                archive.write(path, path.name)
        return out.getvalue()


@cache
def report_css() -> str:
    """The report template's own stylesheet, scoped to the embedded report."""
    template = Path(__file__).resolve().parents[2] / "insight" / "templates" / "report.html"
    found = _STYLE.search(template.read_text(encoding="utf-8"))
    css = found.group(1) if found else ""
    # The table.cards rule is manage.css's own (the report carries a copy for its file form).
    css = _OWN_CARDS.sub("", css)
    css = css.replace("body {", ".report {").replace("main {", ".report > .inner {")
    # Inside the back office the report lines up with the page's heading and date form:
    # the page already sets the width and the margins the report's file form sets itself.
    return css + "\n  .report > .inner { max-width: none; margin: 0; padding: 18px 0 24px; }\n"


def _timezone(config: StoreConfig) -> str:
    """The store's zone: ``StoreConfig.timezone`` where the config has it, else insight's."""
    zone = getattr(config, "timezone", None)
    return zone if isinstance(zone, str) and zone else config.insight.timezone
