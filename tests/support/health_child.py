"""A stand-in kiosk process for the watchdog and crash-loop tests (run as a subprocess).

    python -m tests.support.health_child gui --freeze-after 1.0
        QCoreApplication + Heartbeat beaten by a QTimer on the GUI thread, exactly as the
        mirror does; after N seconds a slot blocks the GUI thread (a frozen UI).
    python -m tests.support.health_child start DATA_DIR {clean|exception|segfault|abort|term}
        records a start with CrashCounter, prints the SafeMode decision as JSON, then ends
        the way it is told (``term``: waits for SIGTERM and exits cleanly, as systemd stops us).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import threading
import time

from kiosk.health.crashloop import CrashCounter
from kiosk.health.heartbeat import Heartbeat
from kiosk.health.sdnotify import SystemdNotifier


def gui(freeze_after: float) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication(sys.argv[:1])
    heartbeat = Heartbeat(SystemdNotifier())
    timer = QTimer()
    timer.setInterval(int(heartbeat.interval_s * 1000))
    timer.timeout.connect(heartbeat.beat)
    timer.start()
    worker = threading.Thread(target=lambda: time.sleep(3600), daemon=True)
    worker.start()  # other threads stay alive: only the GUI thread freezes
    heartbeat.ready("attract screen shown")
    if freeze_after >= 0:
        QTimer.singleShot(int(freeze_after * 1000), lambda: time.sleep(3600))
    return app.exec()


def start(data_dir: str, ending: str) -> int:
    counter = CrashCounter(data_dir, threshold=3, window_s=600)
    decision = counter.record_start()
    print(json.dumps(decision.as_health()), flush=True)
    if ending == "clean":
        counter.record_clean_exit()
        return 0
    if ending == "term":
        signal.signal(signal.SIGTERM, lambda *_: (counter.record_clean_exit(), os._exit(0)))
        print("waiting", flush=True)
        time.sleep(60)
        return 1
    if ending == "segfault":
        ctypes.string_at(0)  # a native crash, as a bad driver or model would cause
    if ending == "abort":
        os.abort()
    raise RuntimeError("unhandled error in the mirror")


if __name__ == "__main__":
    if sys.argv[1] == "gui":
        sys.exit(gui(float(sys.argv[3]) if len(sys.argv) > 3 else -1))
    sys.exit(start(sys.argv[2], sys.argv[3]))
