"""PNG charts for the report, drawn with matplotlib's object API on the Agg canvas.

No pyplot: pyplot picks an interactive backend (Qt, here) and keeps global
figures alive; a ``Figure`` on ``FigureCanvasAgg`` is thread-safe and needs no
display.  Each function returns PNG bytes.

Every chart comes in two widths: a PNG is scaled to the width it is shown at, so one drawn
for a desk's half column and shown on a phone had 6-7 px text.  The phone variant is drawn
narrower with larger type (the page picks it with <picture> under 760 px): its smallest
text is ``text_px(phone=True)`` image pixels, about as many CSS pixels on a 390 px phone.
"""

from __future__ import annotations

import io
import textwrap

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
MAX_DAY_BARS = 31  # up to a month, every day of the period has its bar (zero included)
DPI = 120
DESK_WIDTH, PHONE_WIDTH = 4.8, 3.6  # inches; shown ~500 and ~330 CSS px wide
DESK_PT, PHONE_PT = 9, 12
SMALL = 0.833  # matplotlib's "small", the smallest text a chart uses (cell numbers, legend)
STYLE = {
    "font.family": ["DejaVu Sans", "Noto Sans CJK SC"],  # CJK colour names need the fallback
    "font.size": 9, "axes.edgecolor": MUTED, "axes.labelcolor": INK, "xtick.color": INK,
    "ytick.color": INK, "axes.spines.top": False, "axes.spines.right": False,
}


def text_px(phone: bool) -> float:
    """The smallest text in a chart, in image pixels."""
    return (PHONE_PT if phone else DESK_PT) * SMALL * DPI / 72


def image_width(phone: bool) -> int:
    return round((PHONE_WIDTH if phone else DESK_WIDTH) * DPI)


def _style(phone: bool):
    return rc_context({**STYLE, "font.size": PHONE_PT if phone else DESK_PT})


def _figure(height: float = 2.3, phone: bool = False, wide: bool = False) -> Figure:
    # ~4.8 in at 120 dpi is about the width a chart is shown at on a desk, so 9 pt stays
    # readable there; a phone's variant is narrower and taller, its type larger.
    width = PHONE_WIDTH if phone else DESK_WIDTH * (2 if wide else 1)
    return Figure(figsize=(width, height * (1.3 if phone else 1)), dpi=DPI, layout="constrained")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def _label(text: str, phone: bool) -> str:
    """An axis title that fits a phone's narrow chart (wrapped at spaces; CJK titles are short)."""
    return textwrap.fill(text, 24) if phone else text


def _counts(axis, phone: bool) -> None:
    """Whole-number ticks, fewer on a phone where 12 pt numbers would run together."""
    axis.set_major_locator(MaxNLocator(integer=True, nbins=4 if phone else "auto"))


def no_data(text: str, phone: bool = False) -> bytes:
    with _style(phone):
        fig = _figure(height=1.0, phone=phone)
        fig.text(0.5, 0.5, _label(text, phone), ha="center", va="center", color=MUTED,
                 style="italic")
        return _png(fig)


def _open_hours(report: Report) -> list[int]:
    hours = [h for h, n in report.sessions_by_hour.items() if n]
    return list(range(min(hours), max(hours) + 1))


def sessions_by_hour(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    if not report.sessions:
        return no_data(m.t("no_data"), phone)
    span = _open_hours(report)
    with _style(phone):
        fig = _figure(phone=phone)
        ax = fig.add_subplot()
        ax.bar(span, [report.sessions_by_hour[h] for h in span], color=ACCENT)
        _counts(ax.yaxis, phone)
        ticks = span if len(span) <= (8 if phone else 14) else span[::2]
        ax.set_xticks(ticks, [f"{h:02d}" for h in ticks])
        ax.set_xlabel(_label(m.t("axis_hour"), phone))
        ax.set_ylabel(m.t("axis_visits"))
        return _png(fig)


def sessions_by_day(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    """Visits per day: every day of the period (a week with visits on one day shows six
    empty days, not one bar), or only the days with visits over more than a month."""
    if not report.sessions_by_day:
        return no_data(m.t("no_data"), phone)
    days = report.period_days()
    if len(days) > MAX_DAY_BARS:
        days = list(report.sessions_by_day)
    with _style(phone):
        fig = _figure(phone=phone)
        ax = fig.add_subplot()
        ax.bar(range(len(days)), [report.sessions_by_day.get(d, 0) for d in days], color=ACCENT)
        _counts(ax.yaxis, phone)
        step = max(1, -(-len(days) // (4 if phone else 7)))  # labels that fit side by side
        ticks = list(range(0, len(days), step))
        ax.set_xticks(ticks, [m.day(days[i], short=True) for i in ticks])
        ax.set_ylabel(m.t("axis_visits"))
        return _png(fig)


def heatmap(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    """Visits per day (rows) and hour (columns), numbers in the cells: who to roster when.
    Over more than three weeks, rows become weekdays and cells the average per such day.

    ``phone``: the same grid turned on its side (hours down, days across) in a narrow
    figure: the wide one, shrunk to a phone's 360 px, had unreadable 3 px numbers."""
    if not report.sessions:
        return no_data(m.t("no_data"), phone)
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
    with _style(phone):
        if phone:
            fig = _figure(height=0.26 * len(hours) + 1.0, phone=True)
            ax = fig.add_subplot()
            _cells(ax, [list(column) for column in zip(*grid, strict=True)], fmt)
            ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right",
                          rotation_mode="anchor")
            ax.set_yticks(range(len(hours)), hour_labels)
        else:
            fig = _figure(height=0.28 * len(labels) + 0.9, wide=True)
            ax = fig.add_subplot()
            _cells(ax, grid, fmt)
            ax.set_xticks(range(len(hours)), hour_labels)
            ax.set_yticks(range(len(labels)), labels)
        if title:
            ax.set_title(title, fontsize="small", color=MUTED, loc="left")
        return _png(fig)


def _weekday_grid(report: Report, hours: list[int], m: Messages) -> tuple[list[str], list]:
    # An average over the period's Mondays, not over the Mondays that had visits.
    days_per_weekday = [sum(1 for d in report.period_days() if d.weekday() == w) or 1
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
            ax.text(x, y, fmt(n), ha="center", va="center", fontsize="small",
                    color="white" if n > peak * 0.6 else INK)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def funnel(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    steps = list(reversed(report.funnel))
    if not report.funnel[0].visits:
        return no_data(m.t("no_data"), phone)
    with _style(phone):
        fig = _figure(height=2.4, phone=phone)
        ax = fig.add_subplot()
        bars = ax.barh([m.t(f"funnel_{s.kind}") for s in steps], [s.visits for s in steps],
                       color=ACCENT)
        labels = [f"{s.visits}{' ' if phone else '  '}({m.pct(s.of_engaged)})" for s in steps]
        ax.bar_label(bars, labels=labels, padding=3, color=INK)
        ax.set_xlim(0, max([s.visits for s in steps] + [1]) * (2.1 if phone else 1.25))
        _counts(ax.xaxis, phone)
        ax.set_xlabel(_label(m.t("axis_funnel"), phone))
        return _png(fig)


def claim_times(report: Report, m: Messages = EN, phone: bool = False) -> bytes:
    """p50 (line) and p90 (dashed) minutes to claim a request, per zone, by request hour."""
    if not report.claim_by_zone_hour:
        return no_data(m.t("no_claims"), phone)
    with _style(phone):
        fig = _figure(height=3.2, phone=phone)
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
        ticks = hours if len(hours) < (6 if phone else 8) else hours[::2]
        ax.set_xticks(ticks, [f"{h:02d}" for h in ticks])
        ax.set_xlim(hours[0] - 0.5, hours[-1] + 0.5)
        ax.axhline(report.response_target_s / 60, color=WARN, lw=1, ls=":", label=m.t("legend_target"))
        ax.set_xlabel(_label(m.t("axis_request_hour"), phone))
        ax.set_ylabel(m.t("axis_minutes"))
        fig.legend(fontsize="small", ncols=2 if phone else 3, frameon=False,
                   loc="outside lower center")
        return _png(fig)


def ranked(pairs: list[tuple[str, int]], m: Messages = EN, swatches: bool = False,
           empty: str = "no_requests", phone: bool = False) -> bytes:
    if not pairs:
        return no_data(m.t(empty), phone)
    names = [name for name, _ in reversed(pairs)]
    counts = [n for _, n in reversed(pairs)]
    colours = [_swatch(n) if swatches else ACCENT for n in names]
    with _style(phone):
        fig = _figure(height=0.2 * len(names) + 0.7, phone=phone)
        ax = fig.add_subplot()
        # Positions + tick labels: sizes such as "32" must stay categories, not numbers.
        bars = ax.barh(range(len(names)), counts, color=colours, edgecolor=MUTED, linewidth=0.5)
        ax.set_yticks(range(len(names)), names)
        ax.bar_label(bars, padding=2, color=INK)
        ax.set_xlim(0, max(counts + [1]) * 1.2)
        _counts(ax.xaxis, phone)
        ax.set_xlabel(_label(m.t("axis_size_requests"), phone))
        return _png(fig)


def _swatch(name: str) -> str:
    """The colourway's own colour when matplotlib knows the name, else a neutral grey."""
    key = name.lower().replace(" ", "")
    for candidate in (name.lower(), key, f"xkcd:{name.lower()}"):
        if mcolors.is_color_like(candidate):
            return mcolors.to_hex(candidate)
    return "#b8c2cc"


def all_charts(report: Report, m: Messages = EN) -> dict[str, bytes]:
    """File stem -> PNG bytes, in the order the report shows them; each chart's phone
    variant under ``<stem>-phone``."""
    empty = "no_colourways" if report.top_sizes else "no_requests"
    drawn: dict[str, bytes] = {}
    for phone in (False, True):
        suffix = "-phone" if phone else ""
        drawn |= {
            f"sessions-by-hour{suffix}": sessions_by_hour(report, m, phone),
            f"sessions-by-day{suffix}": sessions_by_day(report, m, phone),
            f"visits-heatmap{suffix}": heatmap(report, m, phone),
            f"funnel{suffix}": funnel(report, m, phone),
            f"claim-times{suffix}": claim_times(report, m, phone),
            f"top-sizes{suffix}": ranked(report.top_sizes, m, phone=phone),
            f"top-colourways{suffix}": ranked(report.top_colourways, m, swatches=True,
                                              empty=empty, phone=phone),
        }
    return drawn
