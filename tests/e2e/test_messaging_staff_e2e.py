"""End to end over the demo broker: a mirror process asks for M, a plain mosquitto_sub and
the real staff console (pytest-qt) receive it, a tap on Claim makes the mirror say
"Anna is bringing M"."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.messaging.demo_broker import DemoBroker
from kiosk.messaging.payloads import Staff
from kiosk.messaging.settings import MqttSettings
from kiosk.ui.staff.app import build_staff_app, staff_bus
from tests.support.debian import missing_package
from tests.support.messaging import GTIN

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"


@pytest.fixture
def demo_broker():
    with DemoBroker(port=0) as broker:
        yield broker


def mirror_config(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "mirror.yaml"
    path.write_text(f"store: {{id: demo-store}}\nmirror: {{id: mirror-1, zone: womenswear, "
                    f"room: Fitting room 3}}\nmqtt: {{host: 127.0.0.1, port: {port}, "
                    f"protocol: \"3.1.1\"}}\ndata_dir: {tmp_path / 'data'}\n")
    return path


def test_demo_request_reaches_console_and_mosquitto_sub_and_claim_reaches_mirror(
        demo_broker, tmp_path, qtbot, caplog):
    caplog.set_level(logging.INFO)  # a failure shows the console's and the demo broker's log
    if shutil.which("mosquitto_sub") is None:
        missing_package("mosquitto_sub is not installed (apt-get install mosquitto-clients)")
    console = build_staff_app(staff_bus(MqttSettings(port=demo_broker.port, protocol="3.1.1"),
                                        "demo-store", Staff(id="anna", name="Anna")),
                              store="demo-store", staff=Staff(id="anna", name="Anna"),
                              zone="womenswear")
    qtbot.addWidget(console.window)
    console.window.show()
    assert console.bus.wait_subscribed(20), console.bus.last_error
    sub = subprocess.Popen(["mosquitto_sub", "-p", str(demo_broker.port), "-V", "mqttv311",
                            "-t", "retail/v1/demo-store/requests/+/+/+", "-C", "2", "-W", "60"],
                           stdout=subprocess.PIPE, text=True)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    mirror = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "size-request", "--config", str(mirror_config(tmp_path, demo_broker.port)),
         "--gtin", GTIN, "--size", "M", "--name", "Linen shirt", "--until", "claimed", "--wait", "60"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # includes the mirror process's cold start (imports take 10-20 s on a loaded 2-core PC)
        qtbot.waitUntil(lambda: len(console.window.cards) == 1 or mirror.poll() is not None,
                        timeout=60_000)
        assert mirror.poll() is None, mirror.stdout.read()
        qtbot.mouseClick(console.window.cards[0].button, Qt.MouseButton.LeftButton)
        # The console keeps its event loop while the mirror waits for the claim (a blocking
        # wait here would freeze it); on a timeout, say what the console's link looked like.
        try:
            qtbot.waitUntil(lambda: mirror.poll() is not None, timeout=60_000)
        except qtbot.TimeoutError:
            pytest.fail(f"no claim reached the mirror in 60 s; console bus {console.bus.stats}, "
                        f"last error {console.bus.last_error}")
        output, _ = mirror.communicate(timeout=10)
        docs, _ = sub.communicate(timeout=30)
        qtbot.waitUntil(lambda: console.window.cards and console.window.cards[0].button.text() == "Delivered",
                        timeout=20_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        console.window.grab().save(str(SHOTS / "staff_console_claimed.png"))
    finally:
        for process in (mirror, sub):
            if process.poll() is None:
                process.kill()
                process.wait()
        console.stop()
    assert mirror.returncode == 0, output
    assert "Anna is bringing M" in output
    lines = docs.splitlines()
    assert len(lines) == 2 and '"status":"open"' in lines[0] and '"status":"claimed"' in lines[1]
