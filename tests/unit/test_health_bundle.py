"""`kiosk diagnose`: the support bundle holds what support needs and nothing personal."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.basket import BasketStore
from kiosk.health.bundle import ENTRIES, write_bundle
from kiosk.health.crashloop import MARKS_FILE, CrashCounter
from kiosk.health.publisher import HealthPublisher
from kiosk.health.snapshot import HealthCollector
from kiosk.messaging.outbox import Outbox

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "hunter2-Sekret-broker-password"
HANDOFF_KEY = "9f" * 32
EMAIL, PHONE = "jeanne.dupont@example.fr", "+33 6 12 34 56 78"
TOKEN = "q8ZxT3vL0pYdR7mN2cWkFh5sJbGa9eUo"
GTIN = "03614272049413"
SHOPPER_SECRETS = [PASSWORD, HANDOFF_KEY, EMAIL, PHONE, TOKEN, GTIN, "mirror-user-7",
                   "Linen shirt for Jeanne"]


@pytest.fixture
def mirror_home(tmp_path, monkeypatch):
    """A used mirror's config + data dir: baskets, outbox, logs, a stray photo, keys."""
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (tmp_path / "handoff-key").write_text(HANDOFF_KEY)
    monkeypatch.setenv("KIOSK_TEST_MQTT_PASSWORD", PASSWORD)
    config = tmp_path / "store.yaml"
    config.write_text(f"""store: {{id: test-store}}
mirror: {{id: mirror-1}}
mqtt: {{username: mirror-user-7, password_env: KIOSK_TEST_MQTT_PASSWORD}}
handoff: {{mirror_key_file: {tmp_path / 'handoff-key'}}}
vision: {{models_dir: {REPO / 'models' / 'build'}}}
data_dir: {data}
""")
    basket_store = BasketStore(data / "basket.sqlite3")
    basket_store.basket("session-1").add(GTIN)
    basket_store.close()
    outbox = Outbox(data / "outbox.sqlite3")
    outbox.add("m1", "retail/v1/test-store/requests/z/r1", json.dumps(
        {"product": {"gtin": GTIN, "name": "Linen shirt for Jeanne"}}).encode())
    outbox.close()
    HealthPublisher(HealthCollector(version="9.9.9"), None, data).publish_now()
    CrashCounter(data).record_start()
    shutil.copy(REPO / "models" / "build" / "photos" / "astronaut.png", data / "debug.png")
    (data / "logs" / "kiosk.log").write_text(
        f"2026-11-23 INFO kiosk.handoff: sent to {EMAIL}\n"
        f"2026-11-23 INFO kiosk.handoff: QR https://m.shop.example/h/{TOKEN}\n"
        f"2026-11-23 ERROR kiosk.messaging: connect failed password={PASSWORD}\n"
        f"2026-11-23 INFO kiosk.x: callback {PHONE}\n2026-11-23 INFO kiosk.app: started\n")
    return config


def read_bundle(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_bundle_has_exactly_the_listed_entries_and_what_support_needs(mirror_home, tmp_path):
    out = tmp_path / "bundle.zip"
    write_bundle(out, mirror_home, journal=lambda: [f"journal: hello {EMAIL}"])
    entries = read_bundle(out)
    assert list(entries) == list(ENTRIES)
    config = json.loads(entries["config.json"])
    assert config["mqtt"]["username"] == "<redacted>"
    assert config["mqtt"]["password_env"] == "KIOSK_TEST_MQTT_PASSWORD"  # where, not what
    assert json.loads(entries["health.json"])["version"] == "9.9.9"
    assert len(json.loads(entries["crashes.json"])["starts"]) == 1
    assert json.loads(entries["outbox.json"]) == {"pending": 1}
    assert json.loads(entries["models.json"])["manifest"]["face_landmark.tflite"] == "ok"
    assert json.loads(entries["versions.json"])["pydantic"]
    logs = entries["logs.txt"].decode()
    assert "kiosk.app: started" in logs and "journal: hello <email>" in logs


def test_bundle_contains_no_secret_no_personal_data_no_image_no_database(mirror_home, tmp_path):
    out = tmp_path / "bundle.zip"
    write_bundle(out, mirror_home, journal=lambda: [f"journal: {EMAIL} {PHONE}"])
    blob = b"".join(read_bundle(out).values())
    for secret in SHOPPER_SECRETS:
        assert secret.encode() not in blob, secret
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"SQLite format 3", b"\x93NUMPY"):
        assert magic not in blob
    assert out.stat().st_size < 64 * 1024


def test_an_invalid_config_still_gives_a_bundle_with_the_errors(tmp_path):
    broken = REPO / "tests" / "data" / "config" / "broken.yaml"
    write_bundle(tmp_path / "b.zip", broken, journal=list)
    config = json.loads(read_bundle(tmp_path / "b.zip")["config.json"])
    assert any("zoen" in line for line in config["invalid"])


def test_cli_writes_the_bundle_and_can_reset_the_crash_count(mirror_home, tmp_path, capsys):
    data = tmp_path / "data"
    for _ in range(3):
        CrashCounter(data).record_start()
    out = tmp_path / "cli.zip"
    assert main(["diagnose", "--config", str(mirror_home), "--out", str(out), "--reset-crashes"]) == 0
    assert zipfile.is_zipfile(out) and "crash marks cleared" in capsys.readouterr().out
    assert json.loads((data / MARKS_FILE).read_text())["starts"] == []
