"""`kiosk handoff-server` as an installer runs it: a store config, key files, the demo
catalogue, a real process on a loopback port; a mirror client and a phone use it."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.handoff.client import HandoffClient
from tests.support.messaging import wait_for
from tests.support.mosquitto import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
LINEN_SHIRT_M = "2000010002009"  # config/demo-catalogue.yaml: Relaxed linen shirt, white, M


def write_install(folder: Path, port: int, mirror_key: str, mqtt: str = "mqtt:\n  enabled: false\n") -> Path:
    (folder / "token.key").write_text(secrets.token_hex(32))
    (folder / "mirrors.txt").write_text(f"# mirror keys\nmirror-1 {mirror_key}\n")
    config = folder / "store.yaml"
    config.write_text(
        "store:\n  id: demo-store\n  name: Lumen & Co.\n"
        f"catalogue:\n  path: {ROOT / 'config' / 'demo-catalogue.yaml'}\n"
        f"{mqtt}"
        f"handoff:\n  base_url: http://127.0.0.1:{port}\n  listen_port: {port}\n"
        "  token_key_file: token.key\n  mirror_keys_file: mirrors.txt\n"
        "data_dir: var\n")
    return config


def test_handoff_server_command_serves_the_whole_loop(tmp_path):
    port, mirror_key = free_port(), secrets.token_hex(32)
    config = write_install(tmp_path, port, mirror_key)
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "handoff-server", "--config", str(config)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        assert wait_for(lambda: _healthy(port), timeout=20), "service did not come up"
        basket = BasketStore().basket("session")
        basket.add(LINEN_SHIRT_M, 2)
        client = HandoffClient(f"http://127.0.0.1:{port}", "demo-store", "mirror-1",
                               bytes.fromhex(mirror_key))
        handoff = client.create(basket)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as phone:
            page = phone.get(handoff.url)
        assert "Relaxed linen shirt" in page.text and "€99.90" in page.text
        assert (tmp_path / "var" / "handoff.sqlite3").is_file()
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=10)[0].decode()
    # uvicorn shuts down gracefully, then re-raises SIGTERM (systemd counts that as a clean stop)
    assert process.returncode in (0, -signal.SIGTERM) and "Finished server process" in output, output


def test_missing_keys_are_a_clear_config_error(tmp_path):
    config = write_install(tmp_path, free_port(), secrets.token_hex(32))
    (tmp_path / "token.key").unlink()
    result = subprocess.run([sys.executable, "-m", "kiosk", "handoff-server", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "handoff.token_key" in result.stderr and "fix:" in result.stderr


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def test_handoff_server_tells_the_mirror_through_real_mosquitto(tmp_path):
    from kiosk.handoff.flow import subscribe_claimed
    from kiosk.messaging.mqtt import MqttBus
    from tests.support.messaging import mqtt_settings
    from tests.support.mosquitto import running_mosquitto

    port, mirror_key, claimed = free_port(), secrets.token_hex(32), []
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        mqtt = (f"mqtt:\n  host: 127.0.0.1\n  port: {broker.port}\n  username: manager\n"
                "  password_env: HANDOFF_MQTT_PASSWORD\n")
        config = write_install(tmp_path, port, mirror_key, mqtt)
        mirror_bus = MqttBus(mqtt_settings(broker, "mirror"), "mirror-1").start()
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "handoff-server", "--config", str(config)], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=os.environ | {"HANDOFF_MQTT_PASSWORD": broker.users["manager"]})
        try:
            assert mirror_bus.wait_connected() and wait_for(lambda: _healthy(port), timeout=20)
            subscribe_claimed(mirror_bus, "demo-store", "mirror-1", claimed.append)
            # "claimed" is not retained: the broker must have the subscription before the phone opens
            assert mirror_bus.wait_subscribed(10), mirror_bus.last_error
            basket = BasketStore().basket("session")
            basket.add(LINEN_SHIRT_M)
            handoff = HandoffClient(f"http://127.0.0.1:{port}", "demo-store", "mirror-1",
                                    bytes.fromhex(mirror_key)).create(basket)
            assert httpx.get(handoff.url).status_code == 303
            assert wait_for(lambda: claimed)
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=10)
            mirror_bus.stop()
    assert claimed == [handoff.token_hash]


def test_handoff_orders_lists_and_marks_phone_orders(tmp_path, capsys):
    import uuid

    from kiosk.__main__ import main
    from kiosk.handoff.snapshot import Snapshot, SnapshotLine
    from kiosk.handoff.storage import open_store
    from kiosk.handoff.targets import Address, Choice
    from tests.support.handoff import SHIRT, make_service

    config = write_install(tmp_path, free_port(), secrets.token_hex(32))
    service = make_service(tmp_path, db=open_store("sqlite:///handoff.sqlite3", tmp_path / "var"))
    snapshot = Snapshot(snapshot_id=uuid.uuid4().hex, store="demo-store", mirror="mirror-1",
                        lines=(SnapshotLine(gtin=SHIRT, quantity=2),))
    session = service.redeem(service.create(snapshot).url.rsplit("/", 1)[1], None)
    home = Address("Léa", "Martin", "12 rue de Rivoli", "Paris", "75004", "FR")
    order_id = service.checkout(*service.basket(session), Choice("delivery", home)).order_id
    service.db.close()

    assert main(["handoff-orders", "--config", str(config), "--since", "1h"]) == 0
    listed = capsys.readouterr().out
    assert order_id.upper() in listed and "2x Linen shirt" in listed and "12 rue de Rivoli" in listed
    assert main(["handoff-orders", "--config", str(config), "--mark", order_id.upper(), "shipped"]) == 0
    assert main(["handoff-orders", "--config", str(config), "--json"]) == 0
    assert '"status": "shipped"' in capsys.readouterr().out
    assert main(["handoff-orders", "--config", str(config), "--mark", "nope-nope", "shipped"]) == 1
    assert main(["handoff-orders", "--config", str(config), "--mark", order_id, "lost"]) == 2
    assert main(["handoff-orders", "--config", str(config), "--since", "soon"]) == 2
