"""The back office's Results page and CSV export on a week with visits on one day
(Starlette's TestClient over the real report code and a real event database)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from kiosk.insight.store import EventStore
from kiosk.storeweb.manage.results import Results
from tests.support.backoffice import OfficeSite
from tests.support.insight import Log, visit

WEEK = "from=2026-11-16&to=2026-11-22"
EVIL = "=HYPERLINK(\"http://evil\")"


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    site = OfficeSite(tmp_path)
    results = Results(site.config)
    results.db_path.parent.mkdir(parents=True, exist_ok=True)
    log = Log()
    for n in range(4):  # Friday 20 Nov, 20:00 in the store: four visits, nothing asked
        log.at(20, n, "session_engaged", visit=visit(n + 1), day_offset=4)
    log.at(20, 9, "out_of_stock_requested", visit=visit(1), gtin="4006381333931", size="M",
           day_offset=4)
    store = log.into(EventStore(results.db_path))
    store.set_product_names({"4006381333931": EVIL})
    store.close()
    return site


def test_results_per_day_is_over_the_chosen_week_and_empty_staff_figures_say_so(site):
    page = site.signed_in().get(f"/manage/results?{WEEK}&lang=en").text
    assert 'id="kpi-visits">4<' in page
    assert "0.6 a day over 7 days" in page and "4 a day" not in page
    assert "No size requests answered in this period" in page and "over –" not in page
    assert 'id="staff-none">No size requests in this period.<' in page
    assert '<table id="staff-zones"' not in page


def _funnel(client, lang: str) -> list[list[str]]:
    export = client.get(f"/manage/results/export.zip?{WEEK}&lang={lang}")
    assert export.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    text = archive.read("funnel.csv").decode("utf-8-sig")
    lost = archive.read("out-of-stock.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in lost and ",=HYPERLINK" not in lost  # still neutralised
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("lang, engaged, handed", [
    ("en", "Engaged", "Sent to phone"), ("fr", "Engagée", "Envoyé au téléphone"),
    ("zh_CN", "互动", "发送到手机")])
def test_csv_export_names_funnel_steps_as_the_page_does(site, lang, engaged, handed):
    rows = _funnel(site.signed_in(), lang)
    assert rows[0] == ["step", "visits", "share_of_engaged", "step_id"]
    by_id = {r[3]: r for r in rows[1:]}
    assert by_id["session_engaged"][:2] == [engaged, "4"]
    assert by_id["basket_handed_off"][0] == handed
    assert not {"session_engaged", "basket_handed_off"} & {r[0] for r in rows[1:]}


def test_embedded_report_css_lines_up_with_the_page_and_uses_the_shared_table_cards(site):
    css = site.signed_in().get("/manage/results/report.css").text
    assert ".report > .inner { max-width: none; margin: 0;" in css
    assert "table.cards thead" not in css  # manage.css's rule, not a second copy fighting it
