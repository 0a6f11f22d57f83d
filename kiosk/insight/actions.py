"""Turn report figures into a short list a manager can act on this week.

Each rule names the place, the hour or the product, the figure behind it and
what to do; rules that have too little data to be fair stay silent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.insight.report import Report

MIN_REQUESTS = 3  # fewer requests in a zone-hour than this is noise, not a staffing problem


def fmt_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


def suggest_actions(report: Report) -> list[str]:
    actions = _slow_hours(report) + _expired(report) + _lost_sales(report)
    return actions + _busiest(report)


def _slow_hours(report: Report) -> list[str]:
    """One line per zone, naming the run(s) of hours whose p90 misses the target."""
    slow: dict[str, list] = {}
    for s in report.claim_by_zone_hour:
        if s.count >= MIN_REQUESTS and s.p90_s > report.response_target_s:
            slow.setdefault(s.zone, []).append(s)
    lines = []
    for zone, spreads in sorted(slow.items(), key=lambda kv: -max(s.p90_s for s in kv[1])):
        worst = max(s.p90_s for s in spreads)
        median = max(s.p50_s for s in spreads)
        lines.append(
            f"{zone.capitalize()}, {_hour_ranges([s.hour for s in spreads])}: 1 in 10 size "
            f"requests waited over {fmt_duration(worst)} for staff to answer (median up to "
            f"{fmt_duration(median)}, {sum(s.count for s in spreads)} requests; target "
            f"{fmt_duration(report.response_target_s)}). Add floor staff then.")
    return lines


def _hour_ranges(hours: list[int]) -> str:
    """[17, 18, 12] -> '12:00-13:00 and 17:00-19:00'."""
    runs: list[list[int]] = []
    for hour in sorted(hours):
        if runs and hour == runs[-1][1]:
            runs[-1][1] = hour + 1
        else:
            runs.append([hour, hour + 1])
    return " and ".join(f"{a:02d}:00-{b:02d}:00" for a, b in runs)


def _expired(report: Report) -> list[str]:
    lines = []
    for zone, c in report.outcomes.items():
        if c["expired"] and c["requested"]:
            share = c["expired"] / c["requested"]
            lines.append(f"{zone.capitalize()}: {c['expired']} of {c['requested']} size requests "
                         f"({share:.0%}) expired with nobody answering. Check handhelds are "
                         f"on and subscribed to this zone.")
    return lines


def _lost_sales(report: Report) -> list[str]:
    return [f"{report.product(gtin)} in size {size}: asked for {n} times while out of stock "
            f"here. Reorder or transfer stock."
            for gtin, size, n in report.out_of_stock[:3]]


def _busiest(report: Report) -> list[str]:
    hours = sorted(report.sessions_by_hour.items(), key=lambda kv: -kv[1])
    top = [h for h, n in hours[:2] if n]
    if not top:
        return []
    days = max(len(report.sessions_by_day), 1)
    per_day = sum(report.sessions_by_hour[h] for h in top) / days
    names = " and ".join(f"{h:02d}:00" for h in sorted(top))
    return [f"Busiest hours: {names} ({per_day:.0f} mirror visits a day between them). "
            f"Plan fitting-room cover and breaks around them."]
