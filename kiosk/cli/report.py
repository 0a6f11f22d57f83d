"""``kiosk report``: the manager report (HTML + PNG charts) from the anonymous event log.

    kiosk report --since 7d --out report.html                 # this mirror (config's data_dir)
    kiosk report --db var/store-events.sqlite3 --since 2026-11-16 --out week.html   # a store
    kiosk report --db m1.sqlite3 --db m2.sqlite3 --since 7d     # mirrors' files, merged
    kiosk report --config store.yaml --csv --lang fr            # + CSV tables, in French
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.errors import ConfigError, Location


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="manager report: funnel, staff response, lost sales",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", default="7d", help="7d, 24h, 2w or a date (default: 7d)")
    parser.add_argument("--until", default=None, help="end date/time (default: now)")
    parser.add_argument("--out", default="report.html", help="HTML file; PNGs go to <stem>_charts/")
    parser.add_argument("--config", default=None, help="store config (gives db, time zone, target)")
    parser.add_argument("--db", action="append", default=None,
                        help="event database (overrides the config's); repeat to merge "
                             "several mirrors' files")
    parser.add_argument("--mirror", action="append", default=None,
                        help="only these mirrors (repeat); default: every mirror in the database")
    parser.add_argument("--catalogue", default=None,
                        help="catalogue file to name products (default: names the mirrors stored)")
    parser.add_argument("--timezone", default=None,
                        help="IANA time zone for hours and days (default: the config's "
                             "store.timezone, else this machine's)")
    parser.add_argument("--csv", action="store_true",
                        help="also write the tables as CSV in <stem>_data/ (for spreadsheets)")
    parser.add_argument("--lang", default=None, choices=("en", "fr", "zh_CN"),
                        help="report language (default: the config's store.default_language)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.insight.html import write_report
    from kiosk.insight.i18n import Messages
    from kiosk.insight.report import build_report, parse_since
    from kiosk.insight.store import EventStore

    settings = _settings(args)
    timezone, lang = settings.timezone, settings.lang
    tz = ZoneInfo(timezone)
    since = parse_since(args.since, tz=tz)
    until = parse_since(args.until, tz=tz) if args.until else datetime.now(UTC)
    stores = [EventStore(db, read_only=True) for db in settings.dbs]
    try:
        report = build_report(stores, since=since, until=until, timezone=timezone,
                              mirrors=args.mirror, response_target_s=settings.target_s)
        report.store = settings.store_name or report.store
    finally:
        for store in stores:
            store.close()
    if args.catalogue:
        from kiosk.insight.names import names_from_file
        report.product_names.update(names_from_file(args.catalogue, lang))
    written = write_report(report, args.out, lang)
    print(f"{written[0]}: {report.sessions} visits, {report.events} events from "
          f"{len(report.mirrors)} mirror(s); charts in {written[1].parent}")
    print(f"  hours and days in {timezone} ({settings.timezone_from})")
    if args.csv:
        from kiosk.insight.csv_export import write_csv
        out = Path(args.out)
        tables = write_csv(report, out.with_name(f"{out.stem}_data"), Messages(lang))
        print(f"{len(tables)} CSV tables in {tables[0].parent}")
    for action in report.action_texts(Messages(lang)):
        print(f"  - {action}")
    return 0


@dataclass
class Settings:
    dbs: list[Path] = field(default_factory=list)
    timezone: str = ""   # "": this machine's zone (filled by _settings)
    timezone_from: str = "this machine's time zone: --timezone or store.timezone to change"
    target_s: float = 180.0
    lang: str = "en"
    store_name: str | None = None  # the config's display name, for the report's title


def _settings(args: argparse.Namespace) -> Settings:
    from kiosk.config import local_timezone_name
    settings = Settings(timezone=local_timezone_name())
    if args.config:
        from kiosk.config import load_config
        config = load_config(args.config)
        settings = Settings([config.resolve(config.data_dir) / config.insight.db],
                            config.timezone, _zone_source(config), config.insight.response_target_s,
                            config.store.default_language, config.store.name)
    if args.timezone:
        _check_timezone(args.timezone)
        settings.timezone, settings.timezone_from = args.timezone, "--timezone"
    settings.lang = args.lang or settings.lang
    settings.dbs = [Path(db) for db in args.db] if args.db else settings.dbs
    if not settings.dbs:
        raise ConfigError("no event database given", location=Location(field="--db"),
                          fix="pass --config store.yaml or --db path/to/events.sqlite3")
    for db in settings.dbs:
        if not db.is_file():
            raise ConfigError("event database not found", location=Location(str(db), field="--db"),
                              fix="run a mirror or `kiosk insight collect` first, or try "
                                  "`kiosk insight simulate --db PATH` for a demo week")
    return settings


def _zone_source(config) -> str:
    if config.insight.timezone:
        return "insight.timezone of the config"
    if config.store.timezone:
        return "store.timezone of the config"
    return "this machine's time zone: set store.timezone in the config to change"


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        raise ConfigError(f"unknown time zone {name!r}", location=Location(field="--timezone"),
                          fix="use an IANA name such as Europe/Paris") from None
