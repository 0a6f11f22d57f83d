"""The whole loop in the real demo app: basket -> "Send to my phone" -> QR on the mirror
(read from the mirror's own pixels) -> a phone opens it -> the mirror clears the QR.

`kiosk demo --offscreen` runs a scenario; while it waits on the QR screen, this test
plays the phone: decodes the screenshot and opens the URL on the in-process service.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import cv2
import httpx
import pytest

from kiosk.handoff.qr import decode_qr

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SCENARIO = """\
- expect: attract
- scan: "2000010101009"
- expect: item
- add_to_basket: M
- tap: nav-basket
- expect: basket
- handoff
- expect: handoff
- wait: 0.3
- screenshot: SHOTS/qr.png
- wait: 5
- screenshot: SHOTS/opened.png
- leave
"""


def wait_for_file(path: Path, process: subprocess.Popen, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if path.is_file() and cv2.imread(str(path)) is not None:
            return True
        time.sleep(0.05)
    return path.is_file()


def test_phone_opening_the_basket_clears_the_mirror_qr(tmp_path):
    shots = tmp_path / "shots"
    scenario = tmp_path / "handoff.yaml"
    scenario.write_text(SCENARIO.replace("SHOTS", str(shots)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "demo", "--offscreen",
                                "--scenario", str(scenario)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for_file(shots / "qr.png", process), process.communicate(timeout=30)[0][-3000:]
        url = decode_qr(cv2.imread(str(shots / "qr.png"), cv2.IMREAD_GRAYSCALE))
        assert url and "/h/" in url, "the QR on the mirror must decode"
        with httpx.Client(follow_redirects=True, timeout=5) as phone:
            page = phone.get(url)
        assert page.status_code == 200 and "Relaxed linen shirt" in page.text
        output = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output[-3000:]
    # 5 s after the QR: the phone opened it within that time, and the mirror thanks the
    # shopper for 6 s (HandoffFlow.thanks_s), so this screenshot is of the "opened" state.
    opened = cv2.imread(str(shots / "opened.png"), cv2.IMREAD_GRAYSCALE)
    assert decode_qr(opened) is None, "the mirror must clear the QR once the phone opened it"
