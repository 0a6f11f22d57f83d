"""Issue #14, 4: the back office checks translated columns with the same rules as
`kiosk catalogue check` (kiosk.catalogue): a missing translation is a warning naming its
row and field, the file still publishes, and the published catalogue carries the names."""

from __future__ import annotations

import csv
import io

from kiosk.catalogue.publish import read_notice
from kiosk.catalogue.translations import colour_in, title_in
from kiosk.messaging import topics
from tests.support.backoffice import STORE, OfficeSite, csrf_of
from tests.support.catalogue import native_csv_text


def test_a_missing_translation_is_a_warning_with_its_row_and_field_then_publishes(tmp_path):
    site = OfficeSite(tmp_path)
    header, *cells = list(csv.reader(io.StringIO(native_csv_text(2))))
    header += ["title_zh_CN", "colour_zh_CN"]
    cells[0] += ["宽松亚麻衬衫", ""]
    cells[1] += ["", "灰绿色"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *cells])
    client = site.client()
    assert site.sign_in(client, "manager").status_code == 303
    draft = site.upload(client, "translated.csv", out.getvalue().encode()).headers["location"]
    page = client.get(draft).text
    answer = client.post(f"{draft}/publish", data={"csrf": csrf_of(page)})
    assert answer.status_code == 303, page          # translations never block a publish
    [notice] = [p for p in site.bus.published if p.topic == topics.catalogue(STORE)]
    catalogue = read_notice(notice.payload, STORE)
    style = catalogue.styles[0]
    assert title_in(style, "zh_CN") == "宽松亚麻衬衫"
    # given on the second row of the colourway: every size of that colour carries it
    assert {colour_in(v.colour, "zh_CN") for v in style.variants} == {"灰绿色"}


def test_the_back_office_names_each_fallback_like_the_cli(tmp_path):
    site = OfficeSite(tmp_path)
    header, *cells = list(csv.reader(io.StringIO(native_csv_text(2))))
    header += ["title_fr"]
    cells[0] += [""]
    cells[1] += [""]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *cells])
    client = site.client()
    assert site.sign_in(client, "manager").status_code == 303
    page = client.get(site.upload(client, "fr.csv", out.getvalue().encode())
                      .headers["location"]).text
    row = next(r for r in page.split("<tr ") if "has no fr title" in r)
    assert 'data-line="2"' in row and 'data-field="title_fr"' in row
