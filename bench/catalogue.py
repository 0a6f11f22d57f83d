"""Load + validate a 50,000-variant catalogue: ``python -m bench.catalogue``.

Generates native CSV and YAML catalogues of 50,000 variants (1,250 styles,
8 colours x 5 sizes, valid GTINs) in memory, then times the full path a
mirror runs on a new catalogue: parse, validate every field, build the
indexed ``Catalogue`` and its content hash.  Also times a lookup by GTIN and
receiving the same catalogue as an MQTT notice.  Budget: load_validate_s
(CSV) <= 2 s.  Prints a JSON object as its last line.
"""

from __future__ import annotations

import os
import time

from bench._util import emit, median
from kiosk.catalogue import load_text
from kiosk.catalogue.native_yaml_writer import write_native_yaml
from kiosk.catalogue.publish import make_notice, read_notice
from tests.support.catalogue import native_csv_text

VARIANTS = 50_000
RUNS = 3


def timed(function, runs: int = RUNS) -> tuple[float, object]:
    """Median wall-clock seconds (and the CPU seconds of that median run)."""
    runs_seen, result = [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        runs_seen.append((time.perf_counter() - start, time.process_time() - cpu))
    wall = median([w for w, _ in runs_seen])
    timed.cpu = next(c for w, c in runs_seen if w == wall) if runs % 2 else runs_seen[0][1]
    return wall, result


def main() -> None:
    csv_text = native_csv_text(VARIANTS)
    csv_s, catalogue = timed(lambda: _with_version(load_text(csv_text, "bench.csv")))
    csv_cpu = timed.cpu
    yaml_text = write_native_yaml(catalogue)
    yaml_s, _ = timed(lambda: _with_version(load_text(yaml_text, "bench.yaml")), runs=1)
    notice = make_notice(catalogue, "bench")
    receive_s, _ = timed(lambda: read_notice(notice, "bench"))
    gtins = [v.gtin for s in catalogue.styles[:200] for v in s.variants]
    start = time.perf_counter()
    for gtin in gtins:
        catalogue.find_gtin(gtin[1:])
    lookup_us = (time.perf_counter() - start) / len(gtins) * 1e6
    print(f"{catalogue.variant_count} variants: CSV {csv_s:.2f} s, YAML {yaml_s:.2f} s, "
          f"MQTT notice {receive_s:.2f} s, lookup {lookup_us:.1f} µs")
    emit({"variants": catalogue.variant_count, "load_validate_s": round(csv_s, 3),
          "load_validate_cpu_s": round(csv_cpu, 3), "load_average_1m": os.getloadavg()[0],
          "load_validate_yaml_s": round(yaml_s, 3), "receive_notice_s": round(receive_s, 3),
          "notice_bytes": len(notice["content"]["data"]),
          "gtin_lookup_us": round(lookup_us, 2), "budget_load_validate_s": 2.0})


def _with_version(catalogue):
    assert catalogue.version   # the hash is part of accepting a catalogue
    return catalogue


if __name__ == "__main__":
    main()
