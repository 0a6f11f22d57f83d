"""Report figures against logs with known answers: a hand-written one and a simulated week."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import numpy as np
import pytest

from kiosk.errors import ConfigError
from kiosk.insight.metrics import percentile
from kiosk.insight.report import build_report, parse_since
from kiosk.insight.store import EventStore
from tests.support.insight import PARIS, WEEK_SINCE, WEEK_UNTIL, Log, simulated_store, visit

GTIN_A, GTIN_B = "2000000001111", "2000000004440"


def hand_log() -> Log:
    """Three visits on Monday 16 Nov (Paris), one on Tuesday; answers worked out by hand."""
    log = Log()
    log.at(10, 5, "session_engaged", visit=visit(1))
    log.at(10, 6, "item_scanned", visit=visit(1), gtin=GTIN_A, colourway="sage")
    log.at(10, 7, "size_requested", visit=visit(1), request="r1", gtin=GTIN_A, size="M",
           colourway="sage")
    log.at(10, 8, "size_claimed", request="r1", elapsed_s=60)
    log.at(10, 10, "size_delivered", request="r1", elapsed_s=180)
    log.at(10, 12, "size_requested", visit=visit(1), request="r4", gtin=GTIN_A, size="L",
           colourway="sage")  # a second size for the same visit: still one visit delivered
    log.at(10, 13, "size_claimed", request="r4", elapsed_s=90)
    log.at(10, 15, "size_delivered", request="r4", elapsed_s=200)
    log.at(10, 20, "basket_handed_off", visit=visit(1), items=2)
    log.at(10, 21, "basket_opened", visit=visit(1), elapsed_s=60)
    log.at(10, 40, "session_engaged", visit=visit(2))
    log.at(10, 41, "item_scanned", visit=visit(2), gtin=GTIN_A)
    log.at(10, 41, "out_of_stock_requested", visit=visit(2), gtin=GTIN_A, size="M", second=30)
    log.at(10, 42, "size_requested", visit=visit(2), request="r2", gtin=GTIN_A, size="S",
           colourway="ecru")
    log.at(10, 44, "size_claimed", request="r2", elapsed_s=120)
    log.at(10, 45, "size_cancelled", request="r2")
    log.at(17, 30, "session_engaged", visit=visit(3), mirror="m3", zone="menswear")
    log.at(17, 31, "size_requested", visit=visit(3), request="r3", gtin=GTIN_B, size="M",
           colourway="white", mirror="m3", zone="menswear")
    log.at(17, 36, "size_expired", request="r3", elapsed_s=300, mirror="m3", zone="menswear")
    log.at(17, 50, "out_of_stock_requested", visit=visit(3), gtin=GTIN_B, size="L",
           mirror="m3", zone="menswear")
    log.at(9, 59, "session_engaged", visit=visit(4), day_offset=1)
    log.at(10, 1, "out_of_stock_requested", visit=visit(4), gtin=GTIN_A, size="M", day_offset=1)
    return log


@pytest.fixture
def hand_report():
    store = hand_log().into(EventStore(":memory:"))
    store.set_product_names({GTIN_A: "Linen shirt dress"})
    yield build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    store.close()


def test_sessions_by_local_hour_and_day(hand_report):
    r = hand_report
    assert r.sessions == 4
    assert r.sessions_by_day_hour == {(date(2026, 11, 16), 10): 2, (date(2026, 11, 16), 17): 1,
                                      (date(2026, 11, 17), 9): 1}
    assert {h: n for h, n in r.sessions_by_hour.items() if n} == {9: 1, 10: 2, 17: 1}
    assert r.sessions_by_day == {date(2026, 11, 16): 3, date(2026, 11, 17): 1}


def test_funnel_counts_visits_and_follows_requests_to_deliveries(hand_report):
    steps = {s.kind: s for s in hand_report.funnel}
    assert [s.visits for s in hand_report.funnel] == [4, 2, 3, 1, 1, 1]
    assert steps["size_requested"].of_engaged == pytest.approx(3 / 4)
    # Steps do not nest (3 asked for a size, only 2 scanned): every share is of the engaged
    # visits, never of the previous step, so none goes above 100 % (issue #14, 9).
    assert [s.of_engaged for s in hand_report.funnel] == pytest.approx([1, 2 / 4, 3 / 4, 1 / 4,
                                                                        1 / 4, 1 / 4])
    assert not hasattr(steps["size_delivered"], "of_previous")


def test_staff_answer_times_per_zone_and_hour(hand_report):
    womens = [s for s in hand_report.claim_by_zone if s.zone == "womenswear"]
    assert [(s.count, s.p50_s, s.p90_s) for s in womens] == [(3, 90.0, 114.0)]
    assert [(s.zone, s.hour) for s in hand_report.claim_by_zone_hour] == [("womenswear", 10)]
    assert hand_report.outcomes["menswear"] == {"requested": 1, "expired": 1}
    assert hand_report.outcomes["womenswear"] == {"requested": 3, "claimed": 3, "delivered": 2,
                                                  "cancelled": 1}


def test_most_requested_and_lost_sales(hand_report):
    assert hand_report.top_sizes == [("M", 2), ("L", 1), ("S", 1)]
    assert hand_report.top_colourways == [("sage", 2), ("ecru", 1), ("white", 1)]
    assert hand_report.out_of_stock == [(GTIN_A, "M", 2), (GTIN_B, "L", 1)]
    assert hand_report.product(GTIN_A) == "Linen shirt dress"
    assert hand_report.product(GTIN_B) == f"GTIN {GTIN_B}"


def test_actions_name_the_expired_zone_and_the_lost_sale(hand_report):
    text = "\n".join(hand_report.action_texts())
    assert "Menswear: 1 of 1 size requests (100%) expired" in text
    assert "Linen shirt dress in size M: asked for 2 times" in text
    assert "Busiest" not in text  # four visits are an anecdote, not a peak


def test_period_and_mirror_filters():
    store = hand_log().into(EventStore(":memory:"))
    monday_only = build_report(store, since=WEEK_SINCE,
                               until=datetime(2026, 11, 17, tzinfo=PARIS), timezone="Europe/Paris")
    assert monday_only.sessions == 3
    m3 = build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, mirrors=["m3"])
    assert m3.sessions == 1 and m3.mirrors == ["m3"]


@pytest.fixture(scope="module")
def week():
    store, truth = simulated_store()
    report = build_report(store, since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    yield report, truth
    store.close()


def test_week_sessions_match_the_simulators_tallies(week):
    report, truth = week
    assert report.sessions == sum(truth.sessions_by_day.values()) > 500
    assert report.sessions_by_day == dict(sorted(truth.sessions_by_day.items()))
    assert {h: n for h, n in report.sessions_by_hour.items() if n} == dict(truth.sessions_by_hour)
    assert report.sessions_by_day_hour == dict(truth.sessions_by_day_hour)


def test_week_funnel_matches(week):
    report, truth = week
    assert {s.kind: s.visits for s in report.funnel} == dict(truth.funnel)


def test_week_answer_percentiles_match_numpy_on_the_drawn_times(week):
    report, truth = week
    spreads = {(s.zone, s.hour): s for s in report.claim_by_zone_hour}
    assert set(spreads) == set(truth.claim_s)
    for key, values in truth.claim_s.items():
        assert spreads[key].count == len(values)
        assert spreads[key].p50_s == pytest.approx(np.percentile(values, 50))
        assert spreads[key].p90_s == pytest.approx(np.percentile(values, 90))
    deliveries = {s.zone: s for s in report.delivery_by_zone}
    for zone in report.zones:
        values = [v for (z, _), vs in truth.delivery_s.items() if z == zone for v in vs]
        assert deliveries[zone].p50_s == pytest.approx(np.percentile(values, 50))


def test_week_requests_sizes_colours_and_lost_sales_match(week):
    report, truth = week
    assert report.outcomes == {z: c for z, c in sorted(truth.outcomes.items())}
    assert dict(report.top_sizes) == dict(truth.sizes.most_common(len(report.top_sizes)))
    assert report.top_sizes[0] == truth.sizes.most_common(1)[0]
    assert dict(report.top_colourways) == dict(truth.colourways.most_common(len(report.top_colourways)))
    assert {(g, s): n for g, s, n in report.out_of_stock} == dict(truth.out_of_stock)


def test_week_actions_find_the_stories_the_simulator_hid(week):
    report, _ = week
    text = "\n".join(report.action_texts())
    assert "Menswear, 18:00-19:00" in text or "Menswear, 17:00-19:00" in text
    assert "Linen shirt dress in size M" in text and "Straight jeans in size 32/34" in text
    assert not any(a.startswith(("Womenswear,", "Denim,")) for a in report.action_texts())
    assert "Busiest hours: 12:00-13:00 and 18:00-19:00" in text


def test_the_simulator_is_reproducible():
    from kiosk.insight.simulate import simulate_week
    first, again = simulate_week(date(2026, 11, 16), seed=3), simulate_week(date(2026, 11, 16), seed=3)
    assert first[1] == again[1]
    assert [(e.kind, e.ts, e.visit) for e in first[0]] == [(e.kind, e.ts, e.visit) for e in again[0]]
    assert simulate_week(date(2026, 11, 16), seed=4)[1] != first[1]


def test_percentile_is_type_7():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10], 90) == 10
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == pytest.approx(9.1)
    with pytest.raises(ValueError):
        percentile([], 50)


def test_parse_since():
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 11, 16, tzinfo=UTC)
    assert parse_since("1w", now, tz=PARIS) == datetime(2026, 11, 16, tzinfo=PARIS)
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already the 24th in Paris
    assert parse_since("1d", late, tz=PARIS) == datetime(2026, 11, 23, tzinfo=PARIS)
    assert parse_since("24h", now) == datetime(2026, 11, 22, 12, tzinfo=UTC)
    assert parse_since("2026-11-16", now, tz=PARIS) == datetime(2026, 11, 16, tzinfo=PARIS)
    with pytest.raises(ConfigError) as err:
        parse_since("last week", now)
    assert err.value.location.field == "--since"


def test_an_empty_log_gives_an_empty_report_not_an_error():
    report = build_report(EventStore(":memory:"), since=WEEK_SINCE, until=WEEK_UNTIL)
    assert report.sessions == 0 and report.claim_overall is None
    assert [s.visits for s in report.funnel] == [0] * 6 and report.actions == []


def test_hours_follow_the_store_clock_across_a_dst_change():
    from kiosk.insight.events import make_event

    store = EventStore(":memory:")
    # 25 Oct 2026: Paris goes from UTC+2 to UTC+1 at 03:00 local; both are 02:30 in Paris.
    for n, utc in enumerate([datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
                             datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
                             datetime(2026, 10, 25, 9, 0, tzinfo=UTC)]):
        store.add(make_event("session_engaged", store="s1", mirror="m1", zone="w",
                             visit=visit(n), ts=utc))
    report = build_report(store, since=datetime(2026, 10, 24, tzinfo=UTC),
                          until=datetime(2026, 10, 26, tzinfo=UTC), timezone="Europe/Paris")
    assert {h: n for h, n in report.sessions_by_hour.items() if n} == {2: 2, 10: 1}
    assert report.sessions_by_day == {date(2026, 10, 25): 3}


def test_several_mirror_databases_merge_without_double_counting():
    log = hand_log()
    m1 = EventStore(":memory:")
    m1.add_many([e for e in log.events if e.mirror == "m1"])
    m3 = EventStore(":memory:")
    m3.add_many([e for e in log.events if e.mirror == "m3"])
    m3.add(log.events[0])  # the same event in both files (copied twice): counted once
    merged = build_report([m1, m3], since=WEEK_SINCE, until=WEEK_UNTIL, timezone="Europe/Paris")
    whole = build_report(log.into(EventStore(":memory:")), since=WEEK_SINCE, until=WEEK_UNTIL,
                         timezone="Europe/Paris")
    assert merged.events == whole.events and merged.funnel == whole.funnel
    assert merged.mirrors == ["m1", "m3"]


def test_the_report_never_prints_a_funnel_share_above_100_percent(hand_report):
    from kiosk.insight.charts import all_charts
    from kiosk.insight.html import render_html

    html = render_html(hand_report, all_charts(hand_report))
    table = html[html.index('<table id="funnel"'):]
    table = table[:table.index("</table>")]
    shares = [int(p) for p in re.findall(r"(\d+)\s*%", table)]
    assert shares and max(shares) <= 100, table
    assert "previous" not in table
