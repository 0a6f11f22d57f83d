"""Cold start to the attract screen and to the first detection, against a bare Qt window.

    python -m bench.startup [--runs 5]

Each run starts ``kiosk demo --offscreen`` in a fresh interpreter and times the moment
the app reports its attract screen shown.  The baseline, in the same run, starts a bare
PySide6 window in a fresh interpreter the same way: the ratio is what the kiosk adds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench._util import emit, median

ROOT = Path(__file__).resolve().parents[1]
MARKER = "startup: attract screen shown"
DETECTION = "startup: first detection"  # the demo camera shows a person from the first frame
BASELINE = (
    "import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
    "from PySide6.QtCore import QTimer; from PySide6.QtWidgets import QApplication, QWidget;"
    "app=QApplication([]); w=QWidget(); w.resize(1080,1920); w.show();"
    f"QTimer.singleShot(0, lambda: print({MARKER!r}, flush=True)); app.exec()"
)


def time_to_marker(command: list[str], markers: tuple[str, ...] = (MARKER,),
                   timeout: float = 60.0) -> list[float]:
    """Seconds from spawning ``command`` to each marker line, in order."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env)
    seen: list[float] = []
    try:
        for line in process.stdout:
            if markers[len(seen)] in line:
                seen.append(time.perf_counter() - started)
                if len(seen) == len(markers):
                    return seen
            if time.perf_counter() - started > timeout:
                break
        raise RuntimeError(f"no '{markers[len(seen)]}' from {command}")
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    kiosk = [sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0"]
    baseline = [sys.executable, "-c", BASELINE]
    both = (MARKER, DETECTION)
    time_to_marker(kiosk, both)  # warm the OS file cache once, as on a mirror after boot
    runs_seen = [time_to_marker(kiosk, both) for _ in range(runs)]
    app_times = [seen[0] for seen in runs_seen]
    detection_times = [seen[1] for seen in runs_seen]
    base_times = [time_to_marker(baseline)[0] for _ in range(runs)]
    result = {
        "attract_s_median": round(median(app_times), 3),
        "first_detection_s_median": round(median(detection_times), 3),
        "attract_s_max": round(max(app_times), 3),
        "baseline_bare_qt_s_median": round(median(base_times), 3),
        "ratio_vs_bare_qt": round(median(app_times) / median(base_times), 2),
        "runs": runs,
    }
    print(f"cold start to attract: {app_times}")
    emit(result)


if __name__ == "__main__":
    main()
