"""Small helpers shared by the benchmarks: percentiles and the final JSON line."""

from __future__ import annotations

import json
import statistics


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def emit(result: dict) -> None:
    """Benchmarks print a JSON object as their last line."""
    print(json.dumps(result, sort_keys=True))
