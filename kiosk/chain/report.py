"""The chain-wide report: stores side by side, per region, or the whole chain.

The same figures as a store's own report (docs/insight.md), from head office's PostgreSQL:
visits engaged, items scanned, size requests, the share claimed, the median time to a
claim, baskets handed to a phone.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.chain.database import ChainDatabase
from kiosk.errors import ConfigError

GROUPS = {"store": "e.store", "region": "COALESCE(s.region, 'unassigned')", "chain": "'chain'"}
FIGURES = ("engaged", "scanned", "size_requests", "claimed_pct", "median_answer_s", "handoffs")

SQL = """
SELECT {group} AS name,
  COUNT(*) FILTER (WHERE kind = 'session_engaged'),
  COUNT(*) FILTER (WHERE kind = 'item_scanned'),
  COUNT(*) FILTER (WHERE kind = 'size_requested'),
  ROUND(100.0 * COUNT(*) FILTER (WHERE kind = 'size_claimed')
        / NULLIF(COUNT(*) FILTER (WHERE kind = 'size_requested'), 0), 1),
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY elapsed_s) FILTER (WHERE kind = 'size_claimed'),
  COUNT(*) FILTER (WHERE kind = 'basket_handed_off')
FROM chain_events e LEFT JOIN chain_stores s ON s.store = e.store
WHERE e.ts >= %s AND e.ts < %s
GROUP BY 1 ORDER BY 1
"""


def chain_report(database: ChainDatabase, by: str = "store", since: datetime | None = None,
                 until: datetime | None = None) -> list[dict]:
    if by not in GROUPS:
        raise ConfigError(f"cannot group by {by!r}", fix=f"use one of {', '.join(GROUPS)}")
    rows = database.query(SQL.format(group=GROUPS[by]),
                          (since.timestamp() if since else 0.0, until.timestamp() if until else 1e12))
    return [{"name": name, **{k: _plain(v) for k, v in zip(FIGURES, values, strict=True)}}
            for name, *values in rows]


def _plain(value):
    return float(value) if value is not None and not isinstance(value, int) else value


def as_table(rows: list[dict], by: str) -> str:
    """Stores (or regions) side by side: one column each, one line per figure."""
    if not rows:
        return "no events in this period\n"
    names = [str(r["name"]) for r in rows]
    width = max(16, *(len(n) for n in names)) + 2
    lines = [f"{by:<18}" + "".join(f"{n:>{width}}" for n in names)]
    for figure in FIGURES:
        cells = ["-" if r[figure] is None else f"{r[figure]:g}" if isinstance(r[figure], float)
                 else str(r[figure]) for r in rows]
        lines.append(f"{figure:<18}" + "".join(f"{c:>{width}}" for c in cells))
    return "\n".join(lines) + "\n"
