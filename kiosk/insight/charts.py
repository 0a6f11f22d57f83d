"""PNG charts for the report, drawn with matplotlib's object API on the Agg canvas.

No pyplot: pyplot picks an interactive backend (Qt, here) and keeps global
figures alive; a ``Figure`` on ``FigureCanvasAgg`` is thread-safe and needs no
display.  Each function returns PNG bytes.
"""

from __future__ import annotations

import io

from matplotlib import colors as mcolors
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kiosk.insight.i18n import Messages
from kiosk.insight.report import Report

EN = Messages("en")

INK, MUTED, ACCENT, WARN = "#1f2933", "#7b8794", "#2f6f8f", "#c2410c"
ZONE_COLOURS = ("#2f6f8f", "#b45309", "#4d7c0f", "#7c3aed", "#be123c", "#0f766e")
MAX_HEATMAP_DAYS = 21  # beyond three weeks, one row per weekday (averaged) stays readable
STYLE = {
    "font.family": ["DejaVu Sans", "Noto Sans CJK SC"],  # CJK colour names need the fallback
    "font.size": 9, "axes.edgecolor": MUTED, "axes.labelcolor": INK, "xtick.color": INK,
    "ytick.color": INK, "axes.spines.top": False, "axes.spines.right": False,
}


def _figure(height: float = 2.3, width: float = 4.8) -> Figure:
    # ~4.8 in at 120 dpi is about the width a chart is shown at, so 9 pt stays readable.
    return Figure(figsize=(width, height), dpi=120, layout="constrained")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def no_data(text: str) -> bytes:
    with rc_context(STYLE):
        fig = _figure(height=1.0)
        fig.text(0.5, 0.5, text, ha="center", va="center", color=MUTED, style="italic")
        return _png(fig)


def _open_hours(report: Report) -> list[int]:
    hours = [h for h, n in report.sessions_by_hour.items() if n]
    return list(range(min(hours), max(hours) + 1))


def sessions_by_hour(report: Report, m: Messages = EN) -> bytes:
    if not report.sessions:
        return no_data(m.t("no_data"))
    span = _open_hours(report)
    with rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        ax.bar(span, [report.sessions_by_hour[h] for h in span], color=ACCENT)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xticks(span, [f"{h:02d}" for h in span])
        ax.set_xlabel(m.t("axis_hour"))
        ax.set_ylabel(m.t("axis_visits"))
        return _png(fig)


def sessions_by_day(report: Report, m: Messages = EN) -> bytes:
    days = list(report.sessions_by_day)
    if not days:
        return no_data(m.t("no_data"))
    with rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        ax.bar(range(len(days)), list(report.sessions_by_day.values()), color=ACCENT)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xticks(range(len(days)), [m.day(d, short=True) for d in days])
        ax.set_ylabel(m.t("axis_visits"))
        return _png(fig)


def heatmap(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    """Visits per day (rows) and hour (columns), numbers in the cells: who to roster when.
    Over more than three weeks, rows become weekdays and cells the average per such day.

    ``phone``: the same grid turned on its side (hours down, days across) in a narrow
    figure: the wide one, shrunk to a phone's 360 px, had unreadable 3 px numbers."""
    if not report.sessions:
        return no_data(m.t("no_data"))
    hours = _open_hours(report)
    if len(report.sessions_by_day) > MAX_HEATMAP_DAYS:
        labels, grid = _weekday_grid(report, hours, m)
        title, fmt = m.t("heatmap_weekday_average"), (lambda n: m.number(n, 1))
    else:
        labels = [m.day(d, short=phone) for d in report.sessions_by_day]
        grid = [[report.sessions_by_day_hour.get((d, h), 0) for h in hours]
                for d in report.sessions_by_day]
        title, fmt = None, str
    hour_labels = [f"{h:02d}:00" for h in hours]
    with rc_context(STYLE):
        if phone:
            fig = _figure(height=0.26 * len(hours) + 1.0, width=4.0)
            ax = fig.add_subplot()
            _cells(ax, [list(column) for column in zip(*grid, strict=True)], fmt)
            ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right",
                          rotation_mode="anchor")
            ax.set_yticks(range(len(hours)), hour_labels)
        else:
            fig = _figure(height=0.28 * len(labels) + 0.9, width=9.6)
            ax = fig.add_subplot()
            _cells(ax, grid, fmt)
            ax.set_xticks(range(len(hours)), hour_labels)
            ax.set_yticks(range(len(labels)), labels)
        if title:
            ax.set_title(title, fontsize=8, color=MUTED, loc="left")
        return _png(fig)


def _weekday_grid(report: Report, hours: list[int], m: Messages) -> tuple[list[str], list]:
    days_per_weekday = [sum(1 for d in report.sessions_by_day if d.weekday() == w) or 1
                        for w in range(7)]
    totals = [[0] * len(hours) for _ in range(7)]
    for (day, hour), n in report.sessions_by_day_hour.items():
        if hour in hours:
            totals[day.weekday()][hours.index(hour)] += n
    grid = [[n / days_per_weekday[w] for n in row] for w, row in enumerate(totals)]
    return list(m.raw("weekdays")), grid


def _cells(ax, grid: list, fmt) -> None:
    peak = max(max(row) for row in grid) or 1
    ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=peak)
    for y, row in enumerate(grid):
        for x, n in enumerate(row):
            ax.text(x, y, fmt(n), ha="center", va="center", fontsize=8,
                    color="white" if n > peak * 0.6 else INK)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def funnel(report: Report, m: Messages = EN) -> bytes:
    steps = list(reversed(report.funnel))
    if not report.funnel[0].visits:
        return no_data(m.t("no_data"))
    with rc_context(STYLE):
        fig = _figure(height=2.4)
        ax = fig.add_subplot()
        bars = ax.barh([m.t(f"funnel_{s.kind}") for s in steps], [s.visits for s in steps],
                       color=ACCENT)
        labels = [f"{s.visits}  ({m.pct(s.of_engaged)})" for s in steps]
        ax.bar_label(bars, labels=labels, padding=3, color=INK)
        ax.set_xlim(0, max([s.visits for s in steps] + [1]) * 1.25)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(m.t("axis_funnel"))
        return _png(fig)


def claim_times(report: Report, m: Messages = EN) -> bytes:
    """p50 (line) and p90 (dashed) minutes to claim a request, per zone, by request hour."""
    if not report.claim_by_zone_hour:
        return no_data(m.t("no_claims"))
    with rc_context(STYLE):
        fig = _figure(height=3.2)
        ax = fig.add_subplot()
        for i, zone in enumerate(report.zones):
            spreads = [s for s in report.claim_by_zone_hour if s.zone == zone]
            if not spreads:
                continue
            colour = ZONE_COLOURS[i % len(ZONE_COLOURS)]
            hours = [s.hour for s in spreads]
            ax.plot(hours, [s.p50_s / 60 for s in spreads], "-o", color=colour, ms=3,
                    label=f"{zone} p50")
            ax.plot(hours, [s.p90_s / 60 for s in spreads], "--", color=colour, label=f"{zone} p90")
        hours = sorted({s.hour for s in report.claim_by_zone_hour})
        ticks = hours if len(hours) < 8 else hours[::2]
        ax.set_xticks(ticks, [f"{h:02d}" for h in ticks])
        ax.set_xlim(hours[0] - 0.5, hours[-1] + 0.5)
        ax.axhline(report.response_target_s / 60, color=WARN, lw=1, ls=":", label=m.t("legend_target"))
        ax.set_xlabel(m.t("axis_request_hour"))
        ax.set_ylabel(m.t("axis_minutes"))
        fig.legend(fontsize=7, ncols=3, frameon=False, loc="outside lower center")
        return _png(fig)


def ranked(pairs: list[tuple[str, int]], m: Messages = EN, swatches: bool = False,
           empty: str = "no_requests") -> bytes:
    if not pairs:
        return no_data(m.t(empty))
    names = [name for name, _ in reversed(pairs)]
    counts = [n for _, n in reversed(pairs)]
    colours = [_swatch(n) if swatches else ACCENT for n in names]
    with rc_context(STYLE):
        fig = _figure(height=0.2 * len(names) + 0.7)
        ax = fig.add_subplot()
        # Positions + tick labels: sizes such as "32" must stay categories, not numbers.
        bars = ax.barh(range(len(names)), counts, color=colours, edgecolor=MUTED, linewidth=0.5)
        ax.set_yticks(range(len(names)), names)
        ax.bar_label(bars, padding=2, color=INK)
        ax.set_xlim(0, max(counts + [1]) * 1.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(m.t("axis_size_requests"))
        return _png(fig)


def _swatch(name: str) -> str:
    """The colourway's own colour when matplotlib knows the name, else a neutral grey."""
    key = name.lower().replace(" ", "")
    for candidate in (name.lower(), key, f"xkcd:{name.lower()}"):
        if mcolors.is_color_like(candidate):
            return mcolors.to_hex(candidate)
    return "#b8c2cc"


def all_charts(report: Report, m: Messages = EN) -> dict[str, bytes]:
    """File stem -> PNG bytes, in the order the report shows them."""
    return {
        "sessions-by-hour": sessions_by_hour(report, m),
        "sessions-by-day": sessions_by_day(report, m),
        "visits-heatmap": heatmap(report, m),
        "visits-heatmap-phone": heatmap(report, m, phone=True),
        "funnel": funnel(report, m),
        "claim-times": claim_times(report, m),
        "top-sizes": ranked(report.top_sizes, m),
        "top-colourways": ranked(report.top_colourways, m, swatches=True,
                                 empty="no_colourways" if report.top_sizes else "no_requests"),
    }
