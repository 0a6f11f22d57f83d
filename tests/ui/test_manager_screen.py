"""The manager screen is reachable only through the PIN: wrong PIN refused, right PIN opens
status and placement, Lock returns to attract (real demo app, scripted)."""

import re
import subprocess
import sys
from pathlib import Path

import cv2

from kiosk.handoff.qr import decode_qr

ROOT = Path(__file__).resolve().parents[2]


def test_manager_screen_behind_pin(tmp_path):
    template = (ROOT / "tests" / "scenarios" / "manager.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "manager.yaml"
    scenario.write_text(template.replace("SHOTS", str(tmp_path)), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0", "--data-dir", str(tmp_path / "data"),
                             "--scenario", str(scenario)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # Issue 19: the PIN screen carries a QR of the demo's staff app, the URL it printed.
    printed = re.search(r"Staff app: (\S+)", result.stdout)
    shown = decode_qr(cv2.imread(str(tmp_path / "01-wrong-pin.png")))
    assert printed and shown == printed.group(1), (shown, result.stdout[-2000:])


def test_wrong_pin_never_opens_the_manager_screen(tmp_path):
    scenario = tmp_path / "wrong.yaml"
    scenario.write_text("- expect: attract\n- manager: '1357'\n- expect: manager\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--offscreen", "--broker-port", "0", "--data-dir", str(tmp_path / "data"),
                             "--camera-off", "--scenario", str(scenario)], cwd=ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 1
    assert "expected manager" in result.stdout
