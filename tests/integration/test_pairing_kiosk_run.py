"""The real ``kiosk run`` (offscreen Qt, a stand-in systemd) of a mirror with no password yet:
it says READY and feeds the watchdog while its pairing code is up, a manager approves the
code over HTTP, and the same process goes on to start the mirror, which logs in to a real
mosquitto with its new password and publishes its state."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings
from kiosk.storeweb.server import start
from tests.support.backoffice import broker_config
from tests.support.health import NotifySocket
from tests.support.messaging import wait_for
from tests.support.mosquitto import running_mosquitto
from tests.support.pairing import manager_approves

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.timeout(180)]
REPO = Path(__file__).resolve().parents[2]
USERS = {"staff-app": "staff-app-pw"}
ACL = "user staff-app\ntopic read retail/v1/s1/mirror/+/state\n"
WATCHDOG_S = 4.0


def write_config(folder: Path, port: int, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "store.yaml"
    config.write_text(f"""store: {{id: s1}}
mirror: {{id: mirror-3}}
camera: {{enabled: false}}
handoff: {{enabled: false}}
mqtt: {{port: {port}, username: mirror-3, password_file: mqtt-password, pairing_url: "{url}"}}
catalogue: {{path: {REPO / 'config' / 'demo-catalogue.yaml'}}}
data_dir: {folder / 'data'}
""")
    return config


def test_kiosk_run_pairs_then_runs_the_mirror(tmp_path, monkeypatch):
    with running_mosquitto(tmp_path / "broker", users=dict(USERS), acl=ACL) as broker:
        monkeypatch.setenv("STAFF_APP_MQTT_PASSWORD", USERS["staff-app"])
        config = broker_config(tmp_path / "data", broker.port, store="s1")
        config.back_office.pairing.password_file = str(broker.folder / "passwd")
        config.back_office.pairing.acl_file = str(broker.folder / "acl")
        config.back_office.pairing.reload_command = ["kill", "-HUP", str(broker.process.pid)]
        service = start(config)
        states: list[dict] = []
        watcher = MqttBus(MqttSettings(port=broker.port, username="staff-app", password=USERS["staff-app"]),
                          "watcher")
        watcher.subscribe("retail/v1/s1/mirror/mirror-3/state", lambda _t, payload: states.append(payload or {}))
        watcher.start()
        sock = NotifySocket(tmp_path, "notify.sock")
        env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1",
                            "NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": str(int(WATCHDOG_S * 1e6))}
        mirror_config = write_config(tmp_path / "mirror", broker.port, service.url)
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(mirror_config),
                                 "--offscreen"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        log: list[str] = []
        reader = threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True)
        reader.start()
        events: list[str] = []
        try:
            assert wait_for(lambda: any("pairing code" in line for line in log), 60), "".join(log)[-3000:]
            code = re.search(r"pairing code ([A-Z0-9]{8}) for mirror-3", "".join(log))[1]
            time.sleep(WATCHDOG_S * 1.5)  # long enough that a missing heartbeat would show
            while (message := sock.receive(0.05)) is not None:
                events.extend(k for k in ("READY", "WATCHDOG") if message.get(k) == "1")
            assert "READY" in events and "WATCHDOG" in events  # systemd would not kill it
            assert not (tmp_path / "mirror" / "mqtt-password").exists()
            assert manager_approves(service.url, code).status_code == 303
            assert wait_for(lambda: any(s.get("status") == "online" for s in states), 60), "".join(log)[-3000:]
            assert proc.poll() is None  # the same process is now the mirror
        finally:
            proc.terminate()
            proc.wait(20)
            sock.close()
            watcher.stop()
            service.stop()
        assert (tmp_path / "mirror" / "mqtt-password").stat().st_mode & 0o777 == 0o600
