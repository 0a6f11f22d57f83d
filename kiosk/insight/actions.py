"""Turn report figures into a short list a manager can act on this week.

Each rule names the place, the hour or the product, the figure behind it and
what to do; rules that have too little data to be fair stay silent.  Rules
return ``Action``s (a key and raw figures); ``describe`` words them in the
report's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.insight.i18n import Messages

if TYPE_CHECKING:
    from kiosk.insight.report import Report

MIN_REQUESTS = 3  # fewer requests in a zone-hour than this is noise, not a staffing problem
MIN_VISITS_FOR_PEAKS = 30  # below this, "busiest hours" is an anecdote


@dataclass(frozen=True)
class Action:
    key: str  # slow, expired, lost, busy
    figures: dict = field(default_factory=dict)


def suggest_actions(report: Report) -> list[Action]:
    return _slow_hours(report) + _expired(report) + _lost_sales(report) + _busiest(report)


def describe(action: Action, report: Report, m: Messages) -> str:
    f = action.figures
    if action.key == "slow":
        return m.t("action_slow", zone=f["zone"].capitalize(), hours=m.hours(f["hours"]),
                   p90=m.duration(f["p90_s"]), p50=m.duration(f["p50_s"]), n=f["n"],
                   target=m.duration(report.response_target_s))
    if action.key == "expired":
        return m.t("action_expired", zone=f["zone"].capitalize(), expired=f["expired"],
                   requested=f["requested"], share=m.pct(f["expired"] / f["requested"]))
    if action.key == "lost":
        return m.t("action_lost", product=report.product(f["gtin"], m), size=f["size"], n=f["n"])
    return m.t("action_busy", hours=m.hours(f["hours"]), n=m.number(f["per_day"]))


def _slow_hours(report: Report) -> list[Action]:
    """One action per zone, naming the run(s) of hours whose p90 misses the target."""
    slow: dict[str, list] = {}
    for s in report.claim_by_zone_hour:
        if s.count >= MIN_REQUESTS and s.p90_s > report.response_target_s:
            slow.setdefault(s.zone, []).append(s)
    ranked = sorted(slow.items(), key=lambda kv: -max(s.p90_s for s in kv[1]))
    return [Action("slow", {"zone": zone, "hours": [s.hour for s in spreads],
                            "p90_s": max(s.p90_s for s in spreads),
                            "p50_s": max(s.p50_s for s in spreads),
                            "n": sum(s.count for s in spreads)})
            for zone, spreads in ranked]


def _expired(report: Report) -> list[Action]:
    return [Action("expired", {"zone": zone, "expired": c["expired"], "requested": c["requested"]})
            for zone, c in report.outcomes.items() if c["expired"] and c["requested"]]


def _lost_sales(report: Report) -> list[Action]:
    return [Action("lost", {"gtin": gtin, "size": size, "n": n})
            for gtin, size, n in report.out_of_stock[:3]]


def _busiest(report: Report) -> list[Action]:
    hours = sorted(report.sessions_by_hour.items(), key=lambda kv: -kv[1])
    top = [h for h, n in hours[:2] if n]
    if len(top) < 2 or report.sessions < MIN_VISITS_FOR_PEAKS:
        return []
    # Over the period's days, like the visits card (not over the days that had visits).
    per_day = sum(report.sessions_by_hour[h] for h in top) / len(report.period_days())
    return [Action("busy", {"hours": top, "per_day": per_day})]
