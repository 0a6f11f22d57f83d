"""The real `kiosk run` (offscreen Qt) under a stand-in systemd: READY once the attract
screen is up, WATCHDOG from the GUI thread, SIGTERM is an orderly exit that clears the crash
mark, and starts killed without a clean exit bring the next start up in safe mode."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.health.crashloop import MARKS_FILE
from tests.support.health import MiniSystemd

pytestmark = [pytest.mark.slow, pytest.mark.integration]
REPO = Path(__file__).resolve().parents[2]
ENV = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}


def write_config(tmp_path: Path) -> Path:
    config = tmp_path / "store.yaml"
    config.write_text(f"""store: {{id: test-store}}
mirror: {{id: mirror-1}}
camera: {{enabled: false}}
mqtt: {{enabled: false}}
handoff: {{enabled: false}}
catalogue: {{path: {REPO / 'config' / 'demo-catalogue.yaml'}}}
health: {{safe_mode_after_crashes: 2}}
data_dir: {tmp_path / 'data'}
""")
    return config


def kiosk_run(config: Path) -> list[str]:
    return [sys.executable, "-m", "kiosk", "run", "--config", str(config), "--offscreen"]


def unclean_start(config: Path) -> None:
    """Start the mirror and kill it (SIGKILL) once it has marked its start: a crash."""
    proc = subprocess.Popen(kiosk_run(config), env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    marks = config.parent / "data" / MARKS_FILE
    before = len(json.loads(marks.read_text())["starts"]) if marks.is_file() else 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if marks.is_file() and len(json.loads(marks.read_text())["starts"]) > before:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)


def test_kiosk_run_is_ready_beats_the_watchdog_and_stops_cleanly(tmp_path):
    config = write_config(tmp_path)
    systemd = MiniSystemd(tmp_path, watchdog_s=4.0)
    code = systemd.run(kiosk_run(config), observe_s=15, env=ENV)
    assert "READY" in systemd.events and "watchdog-timeout" not in systemd.events
    assert systemd.events.count("WATCHDOG") >= 2 and "STOPPING" in systemd.events
    assert code == 0                                             # SIGTERM is an orderly exit
    marks = json.loads((tmp_path / "data" / MARKS_FILE).read_text())
    assert marks["starts"] == []                                 # so it does not count as a crash
    # the support bundle of that mirror carries the health it wrote while running
    assert main(["diagnose", "--config", str(config), "--out", str(tmp_path / "b.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "b.zip") as bundle:
        health = json.loads(bundle.read("health.json"))
    assert health["safe_mode"] == "normal" and health["camera"] == "off" and health["uptime_s"] >= 0


def test_two_killed_starts_bring_kiosk_run_up_in_safe_mode(tmp_path):
    config = write_config(tmp_path)
    for _ in range(2):
        unclean_start(config)
    systemd = MiniSystemd(tmp_path, watchdog_s=4.0)
    systemd.run(kiosk_run(config), observe_s=10, env=ENV)
    assert any(e.startswith("STATUS=safe mode (safe)") for e in systemd.events), systemd.events
    assert "READY" in systemd.events and "watchdog-timeout" not in systemd.events
