"""The real ``kiosk demo`` as a process, for end-to-end tests: started offscreen on its own
broker port and data folder, read until it prints the URL a test needs, its later output
kept for failure messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_demo(tmp_path: Path, *options: str, printed: str) -> tuple[subprocess.Popen, str | None, list[str]]:
    """``kiosk demo --offscreen`` with ``options``; returns the process, the URL it printed
    after ``printed:`` (None if it ended first) and its output so far (still growing)."""
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0",
                                "--data-dir", str(tmp_path / "data"), *options],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    output: list[str] = []
    url = None
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
        if found := re.search(rf"{re.escape(printed)}: (\S+)", line):
            url = found.group(1)
            break
    threading.Thread(target=lambda: output.extend(process.stdout or ()), daemon=True).start()
    return process, url, output
