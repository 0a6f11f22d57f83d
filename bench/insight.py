"""Manager insight: what recording costs the mirror, and what a report costs the back office.

    python -m bench.insight [--events 3000] [--weeks 26]

- record: ``EventRecorder.record`` (schema validation + SQLite WAL insert + live stats +
  publish to an in-memory bus), per event, on a file database, p50/p99 in ms; against it,
  the bare floor: the same ``INSERT`` through sqlite3 alone.
- report: ``build_report`` + six PNG charts + HTML for one simulated week (4 mirrors) and
  for ``--weeks`` weeks of the same store, seconds.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench._util import emit, median, percentile
from kiosk.insight.charts import all_charts
from kiosk.insight.html import render_html
from kiosk.insight.recorder import EventRecorder
from kiosk.insight.report import build_report
from kiosk.insight.simulate import simulate_week
from kiosk.insight.store import EventStore
from kiosk.messaging.bus import InMemoryBus

FIRST_DAY = date(2026, 5, 4)


def bench_record(folder: Path, count: int) -> dict:
    store = EventStore(folder / "record.sqlite3")
    recorder = EventRecorder(store, store_id="s1", mirror_id="m1", zone="womenswear",
                             bus=InMemoryBus())
    times = []
    for n in range(count):
        started = time.perf_counter()
        recorder.record("item_scanned", visit=f"{n:016x}", gtin="2000000001111", colourway="sage")
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return {"record_p50_ms": round(median(times), 3), "record_p99_ms": round(percentile(times, 99), 3),
            **bench_bare_insert(folder, count)}


def bench_bare_insert(folder: Path, count: int) -> dict:
    db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, ts REAL, kind TEXT, visit TEXT, gtin TEXT)")
    times = []
    for n in range(count):
        started = time.perf_counter()
        with db:
            db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                       (f"{n:032x}", time.time(), "item_scanned", f"{n:016x}", "2000000001111"))
        times.append((time.perf_counter() - started) * 1000)
    db.close()
    return {"bare_insert_p50_ms": round(median(times), 3),
            "bare_insert_p99_ms": round(percentile(times, 99), 3)}


def bench_report(weeks: int) -> dict:
    store = EventStore(":memory:")
    for week in range(weeks):
        events, _ = simulate_week(FIRST_DAY + timedelta(weeks=week), seed=week)
        store.add_many(events)
    since = datetime.combine(FIRST_DAY, datetime.min.time(), UTC) - timedelta(days=1)
    until = since + timedelta(weeks=weeks, days=2)
    started = time.perf_counter()
    report = build_report(store, since=since, until=until, timezone="Europe/Paris")
    figures = time.perf_counter()
    charts = all_charts(report)
    drawn = time.perf_counter()
    render_html(report, charts)
    done = time.perf_counter()
    return {"events": store.count(), "figures_s": round(figures - started, 3),
            "charts_s": round(drawn - figures, 3), "html_s": round(done - drawn, 3),
            "total_s": round(done - started, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--weeks", type=int, default=26)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        record = bench_record(Path(tmp), args.events)
    week, many = bench_report(1), bench_report(args.weeks)
    print(f"record: p50 {record['record_p50_ms']} ms, p99 {record['record_p99_ms']} ms "
          f"(bare sqlite insert p99 {record['bare_insert_p99_ms']} ms)")
    print(f"report, 1 week ({week['events']} events): {week['total_s']} s; "
          f"{args.weeks} weeks ({many['events']} events): {many['total_s']} s")
    emit({"record": record, "report_week": week, f"report_{args.weeks}_weeks": many})


if __name__ == "__main__":
    main()
