"""The HTML report and its PNG charts, from a simulated week; `kiosk report` end to end."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import cv2
import numpy as np
import pytest

from kiosk.__main__ import main
from kiosk.insight.charts import all_charts
from kiosk.insight.html import render_html, write_report
from kiosk.insight.report import build_report
from kiosk.insight.store import EventStore
from tests.support.insight import WEEK_SINCE, WEEK_UNTIL, Log, simulated_store, visit


@pytest.fixture(scope="module")
def week_report():
    store, truth = simulated_store()
    yield build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris"), truth
    store.close()


@pytest.fixture(scope="module")
def week_charts(week_report):
    return all_charts(week_report[0])


def decode_png(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.images, self.sources, self.text = {}, [], [], []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "source":
            self.sources.append(attrs["srcset"])
        if "id" in attrs:
            self._current = attrs["id"]

    def handle_data(self, data):
        self.text.append(data)
        if self._current and data.strip():
            self.ids.setdefault(self._current, data.strip())
            self._current = None


def test_charts_are_real_pngs_with_ink(week_charts):
    charts = week_charts
    desk = ["sessions-by-hour", "sessions-by-day", "visits-heatmap", "funnel", "claim-times",
            "top-sizes", "top-colourways"]
    assert list(charts) == desk + [f"{name}-phone" for name in desk]
    for name, png in charts.items():
        image = decode_png(png)
        assert image.shape[1] >= 400, name
        assert (image < 128).mean() > 0.005, f"{name} is blank"  # axes, bars and labels drawn


def test_colourway_bars_wear_their_colour(week_charts):
    image = decode_png(week_charts["top-colourways"])
    terracotta = np.array([0x2D, 0x72, 0xE2])  # BGR of matplotlib's "terracotta" (xkcd #ca6641)
    close = np.abs(image.astype(int) - terracotta).sum(axis=2) < 60
    assert close.sum() > 200


def test_html_shows_the_key_figures_and_every_chart(week_report, week_charts):
    report, truth = week_report
    parser = Collect()
    parser.feed(render_html(report, week_charts))
    assert parser.ids["kpi-visits"] == str(sum(truth.sessions_by_day.values()))
    assert parser.ids["kpi-requested"] == str(truth.funnel["size_requested"])
    assert parser.ids["kpi-lost"] == str(sum(truth.out_of_stock.values()))
    assert len(parser.images) == 7 and len(parser.sources) == 7  # a phone variant each
    assert all(src.startswith("data:image/png;base64,") for src in parser.sources)
    assert all(src.startswith("data:image/png;base64,") for src in parser.images)
    decode_png(base64.b64decode(parser.images[0].split(",", 1)[1]))
    text = " ".join(parser.text)
    assert "Linen shirt dress" in text and "What to act on" in text


def test_an_empty_period_says_so_instead_of_drawing_empty_charts(tmp_path):
    report = build_report(EventStore(":memory:"), since=WEEK_SINCE, until=WEEK_UNTIL)
    parser = Collect()
    parser.feed(render_html(report, all_charts(report)))
    assert parser.images == [] and "No mirror events in this period" in parser.ids["no-events"]


def test_a_period_without_requests_gets_no_data_charts_not_fake_axes():
    log = Log()
    log.at(10, 0, "session_engaged", visit=visit(1))
    report = build_report(log.into(EventStore(":memory:")), since=WEEK_SINCE, until=WEEK_UNTIL)
    charts = all_charts(report)
    blank = decode_png(charts["top-sizes"])
    assert blank.shape[0] < 200 and (blank < 200).mean() < 0.02  # one short line of text
    assert decode_png(charts["sessions-by-hour"]).shape[0] > 200


def test_html_escapes_what_it_prints():
    log = Log(store="s1")
    log.at(10, 0, "session_engaged", visit=visit(1))
    log.at(10, 1, "out_of_stock_requested", visit=visit(1), gtin="2000000001111", size="M")
    store = log.into(EventStore(":memory:"))
    store.set_product_names({"2000000001111": "<script>alert(1)</script> dress"})
    report = build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL)
    html = render_html(report, all_charts(report))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; dress" in html


def test_kiosk_report_cli_writes_html_and_pngs(tmp_path, capsys):
    db = tmp_path / "week.sqlite3"
    assert main(["insight", "simulate", "--db", str(db), "--first-day", "2026-11-16"]) == 0
    out = tmp_path / "out" / "report.html"
    code = main(["report", "--db", str(db), "--since", "2026-11-16", "--until", "2026-11-23",
                 "--timezone", "Europe/Paris", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert re.search(r"report\.html: \d+ visits, \d+ events from 4 mirror\(s\)", printed)
    assert "Menswear" in printed
    desk = ["claim-times", "funnel", "sessions-by-day", "sessions-by-hour", "top-colourways",
            "top-sizes", "visits-heatmap"]
    assert sorted(p.name for p in (tmp_path / "out" / "report_charts").iterdir()) == sorted(
        [f"{n}.png" for n in desk] + [f"{n}-phone.png" for n in desk])
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


@pytest.mark.parametrize(("argv", "words"), [
    (["report", "--db", "missing.sqlite3"], "event database not found"),
    (["report"], "no event database given"),
    (["report", "--db", "x", "--timezone", "Mars/Olympus"], "unknown time zone"),
])
def test_kiosk_report_cli_errors_say_what_to_do(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "fix:" in err


def test_write_report_to_an_unwritable_place_is_a_kiosk_error(tmp_path, week_report):
    from kiosk.insight.html import ReportWriteError
    (tmp_path / "file").write_text("x")
    with pytest.raises(ReportWriteError):
        write_report(week_report[0], tmp_path / "file" / "report.html")


def test_kiosk_report_for_one_mirror_reads_the_configs_database(tmp_path, capsys):
    from kiosk.config import load_config
    from kiosk.insight.recorder import EventRecorder

    config_path = tmp_path / "store.yaml"
    config_path.write_text("store: {id: s1}\nmirror: {id: m1, zone: womenswear}\n"
                           "insight: {timezone: Europe/Paris}\ndata_dir: var\n")
    config = load_config(config_path)
    db = EventStore(config.resolve(config.data_dir) / config.insight.db)
    recorder = EventRecorder(db, store_id="s1", mirror_id="m1", zone="womenswear")
    for n in range(3):
        recorder.record("session_engaged", visit=visit(n))
    db.close()
    out = tmp_path / "r.html"
    assert main(["report", "--config", str(config_path), "--since", "1d", "--out", str(out)]) == 0
    assert "3 visits, 3 events from 1 mirror(s)" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert "(Europe/Paris)" in html and "Mirror report: Demo Store</h1>" in html


def test_kiosk_report_names_products_from_a_catalogue_file(tmp_path, capsys):
    from kiosk.insight.names import names_from_file

    names = names_from_file("config/demo-catalogue.yaml")
    gtin = next(iter(names))
    log = Log(store="s1")
    log.at(10, 0, "session_engaged", visit=visit(1))
    log.at(10, 1, "out_of_stock_requested", visit=visit(1), gtin=gtin, size="M")
    db = tmp_path / "events.sqlite3"
    log.into(EventStore(db)).close()
    out = tmp_path / "r.html"
    argv = ["report", "--db", str(db), "--since", "2026-11-16", "--until", "2026-11-23",
            "--out", str(out)]
    assert main(argv) == 0 and f"GTIN {gtin} in size M" in capsys.readouterr().out
    assert main([*argv, "--catalogue", "config/demo-catalogue.yaml"]) == 0
    assert f"{names[gtin]} in size M" in capsys.readouterr().out
    assert names[gtin] in out.read_text(encoding="utf-8")


def test_long_periods_fold_the_heat_map_into_weekday_averages():
    from kiosk.insight.charts import MAX_HEATMAP_DAYS, _weekday_grid, heatmap
    from kiosk.insight.i18n import Messages

    log = Log()
    n = 0
    for week in range(4):  # four Mondays: 2, 4, 2, 4 visits at 10:00; one visit on other days
        for _ in range(2 + 2 * (week % 2)):
            n += 1
            log.at(10, n % 60, "session_engaged", visit=visit(n), day_offset=7 * week)
        for other in range(1, 7):
            n += 1
            log.at(11, 0, "session_engaged", visit=visit(n), day_offset=7 * week + other)
    report = build_report(log.into(EventStore(":memory:")), since=WEEK_SINCE,
                          until=WEEK_SINCE.replace(month=12, day=14), timezone="Europe/Paris")
    assert len(report.sessions_by_day) == 28 == len(report.period_days()) > MAX_HEATMAP_DAYS
    labels, grid = _weekday_grid(report, [10, 11], Messages())
    assert labels[0] == "Mon" and grid[0] == [3.0, 0.0] and grid[1] == [0.0, 1.0]
    image = decode_png(heatmap(report))
    assert image.shape[0] < 500  # seven rows, not twenty-eight


def test_csv_tables_match_the_report_and_are_formula_safe(tmp_path, week_report):
    import csv

    from kiosk.insight.csv_export import write_csv

    report, truth = week_report
    paths = {p.stem: p for p in write_csv(report, tmp_path / "data")}
    assert len(paths) == 7

    def rows(stem):
        with paths[stem].open(encoding="utf-8-sig", newline="") as file:
            return list(csv.reader(file))

    funnel = rows("funnel")
    assert funnel[0] == ["step", "visits", "share_of_engaged", "step_id"]
    assert {r[3]: int(r[1]) for r in funnel[1:]} == dict(truth.funnel)
    assert [r[0] for r in funnel[1:4]] == ["Engaged", "Item scanned", "Size requested"]
    by_day_hour = rows("visits-by-day-hour")[1:]
    assert sum(int(r[2]) for r in by_day_hour) == report.sessions
    lost = rows("out-of-stock")[1:]
    assert {(r[0], r[2]): int(r[3]) for r in lost} == dict(truth.out_of_stock)
    from dataclasses import replace
    evil = replace(report, product_names={"2000000001111": "=HYPERLINK(\"http://evil\")"})
    write_csv(evil, tmp_path / "evil")
    with (tmp_path / "evil" / "out-of-stock.csv").open(encoding="utf-8-sig") as file:
        assert "'=HYPERLINK" in file.read()


def _one_visit_config(tmp_path, store_line: str):
    from kiosk.config import load_config
    from kiosk.insight.recorder import EventRecorder

    config_path = tmp_path / "store.yaml"
    config_path.write_text(f"store: {store_line}\nmirror: {{id: m1, zone: womenswear}}\n"
                           "data_dir: var\n")
    config = load_config(config_path)
    db = EventStore(config.resolve(config.data_dir) / config.insight.db)
    EventRecorder(db, store_id="s1", mirror_id="m1", zone="womenswear").record(
        "session_engaged", visit=visit(1))
    db.close()
    return config_path


def test_kiosk_report_hours_are_the_stores_time_zone_from_the_config(tmp_path, capsys):
    """Issue #14, 9: `kiosk report --config` put the problem hour in UTC."""
    config_path = _one_visit_config(tmp_path, "{id: s1, timezone: America/New_York}")
    out = tmp_path / "r.html"
    assert main(["report", "--config", str(config_path), "--since", "1d", "--out", str(out)]) == 0
    assert "hours and days in America/New_York (store.timezone of the config)" in (
        capsys.readouterr().out)
    assert "(America/New_York)" in out.read_text(encoding="utf-8")


def test_kiosk_report_without_a_zone_uses_this_machines_not_utc(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    config_path = _one_visit_config(tmp_path, "{id: s1}")
    out = tmp_path / "r.html"
    assert main(["report", "--config", str(config_path), "--since", "1d", "--out", str(out)]) == 0
    assert "hours and days in Asia/Shanghai (this machine's time zone" in capsys.readouterr().out
    assert "(Asia/Shanghai)" in out.read_text(encoding="utf-8")


def test_csv_funnel_steps_are_the_pages_labels_in_the_managers_language(tmp_path, week_report):
    """The newcomer's CSV said session_engaged / basket_handed_off; step_id keeps them."""
    import csv

    from kiosk.insight.csv_export import write_csv
    from kiosk.insight.i18n import Messages

    report, _ = week_report
    for lang, engaged, handed in (("fr", "Engagée", "Envoyé au téléphone"),
                                  ("zh_CN", "互动", "发送到手机")):
        paths = {p.stem: p for p in write_csv(report, tmp_path / lang, Messages(lang))}
        with paths["funnel"].open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        steps = {r[3]: r[0] for r in rows[1:]}
        assert steps["session_engaged"] == engaged and steps["basket_handed_off"] == handed
        assert "session_engaged" not in [r[0] for r in rows[1:]]


def _one_day_of_visits(visits: int, since, until):
    log = Log()
    for n in range(visits):  # all on Friday 20 Nov
        log.at(20, n, "session_engaged", visit=visit(n + 1), day_offset=4)
    return build_report(log.into(EventStore(":memory:")), since=since, until=until,
                        timezone="Europe/Paris")


def test_visits_a_day_divide_by_the_periods_days_not_the_days_with_visits():
    """Newcomer: "Mirror visits 4 · 4 a day" for a week with visits on one day."""
    from kiosk.insight.html import per_day
    from kiosk.insight.i18n import Messages

    week = _one_day_of_visits(4, WEEK_SINCE, WEEK_UNTIL)
    assert len(week.period_days()) == 7 and not week.partial_days
    assert per_day(week, Messages()) == "0.6 a day over 7 days"
    assert per_day(week, Messages("fr")) == "0,6 par jour sur 7 jours"
    assert per_day(week, Messages("zh_CN")) == "7 天内每天 0.6 次"
    parser = Collect()
    parser.feed(render_html(week, all_charts(week)))
    assert "0.6 a day over 7 days" in " ".join(parser.text)
    # `kiosk report --since 7d` ends now: the last day is part of one, and it says so.
    part = _one_day_of_visits(4, WEEK_SINCE, WEEK_UNTIL.replace(day=22, hour=15))
    assert len(part.period_days()) == 7 and part.partial_days
    assert per_day(part, Messages()) == "0.6 a day over 7 days (a part day counts as a whole one)"
    one = _one_day_of_visits(4, WEEK_SINCE.replace(day=20), WEEK_SINCE.replace(day=21))
    assert per_day(one, Messages()) == "in one day"


def test_weekday_averages_divide_by_the_periods_weekdays():
    """Four weeks, visits on one Monday only: a Monday averages a quarter of them."""
    from kiosk.insight.charts import _weekday_grid
    from kiosk.insight.i18n import Messages

    log = Log()
    for n in range(8):
        log.at(10, n, "session_engaged", visit=visit(n + 1))
    report = build_report(log.into(EventStore(":memory:")), since=WEEK_SINCE,
                          until=WEEK_SINCE.replace(month=12, day=14), timezone="Europe/Paris")
    _, grid = _weekday_grid(report, [10], Messages())
    assert grid[0] == [2.0]


def test_visits_by_day_has_a_bar_place_for_every_day_of_the_period():
    from kiosk.insight.charts import sessions_by_day

    week = _one_day_of_visits(4, WEEK_SINCE, WEEK_UNTIL)
    image = decode_png(sessions_by_day(week))
    bar = np.array([0x8F, 0x6F, 0x2F])  # BGR of the accent colour
    columns = (np.abs(image.astype(int) - bar).sum(axis=2) < 30).any(axis=0)
    # One bar of seven: a seventh of the plot's width, not all of it.
    assert 0 < columns.sum() < image.shape[1] / 5


def test_no_answered_request_is_said_in_words_and_the_staff_table_says_none():
    """Newcomer: "Median time to answer –, 1 in 10 over –" and a header-only staff table."""
    from kiosk.insight.i18n import Messages

    week = _one_day_of_visits(4, WEEK_SINCE, WEEK_UNTIL)
    for lang, answered, requests in (
            ("en", "No size requests answered in this period", "No size requests in this period."),
            ("fr", "Aucune demande de taille prise en charge sur cette période",
             "Aucune demande de taille sur cette période."),
            ("zh_CN", "本期间没有已响应的尺码请求", "本期间没有尺码请求。")):
        html = render_html(week, all_charts(week), Messages(lang))
        parser = Collect()
        parser.feed(html)
        assert parser.ids["kpi-claim-none"] == answered and "kpi-claim-p50" not in parser.ids
        assert parser.ids["staff-none"] == requests
        assert 'id="staff-zones"' not in html and 'id="staff-hours"' not in html
        assert "over –" not in html and "– opened" not in html


def test_charts_text_stays_readable_on_a_phone(week_charts):
    """A phone shows a chart ~330 CSS px wide: its smallest text must stay >= 12 px there."""
    from kiosk.insight.charts import image_width, text_px

    shown = 330
    assert text_px(True) * shown / image_width(True) >= 12
    for name, png in week_charts.items():
        if name.endswith("-phone"):
            assert decode_png(png).shape[1] == image_width(True), name


def test_busiest_hours_visits_a_day_are_over_the_periods_days():
    """35 visits at 11:00 and 17:00 on one day of a week: 5 a day, not 35."""
    log = Log()
    for n in range(35):
        log.at(11 if n % 2 else 17, n, "session_engaged", visit=visit(n + 1), day_offset=2)
    report = build_report(log.into(EventStore(":memory:")), since=WEEK_SINCE, until=WEEK_UNTIL,
                          timezone="Europe/Paris")
    busy = [a for a in report.actions if a.key == "busy"]
    assert busy and busy[0].figures["per_day"] == 5
