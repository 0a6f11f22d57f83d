"""A new mirror's pairing screen (offscreen Qt): the code big enough to read from 2 m, the
mirror's id, in the store's language; ``run_pairing`` against the real store web service
(HTTP on 127.0.0.1) ends once a manager approves, with the password file written (mode 600).
Screenshot: docs/screenshots/pairing-screen.png (looked at)."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

from PySide6.QtGui import QFontMetrics

from kiosk.config import StoreConfig
from kiosk.storeweb.server import start
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.pairing_screen import PairingScreen, run_pairing
from tests.support.backoffice import office_config
from tests.support.messaging import Store, wait_for
from tests.support.pairing import ReadingClient, manager_approves

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


def test_the_code_reads_from_two_metres(qtbot):
    screen = PairingScreen("mirror-3", theme.metrics_for(1080, 1920))
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.show_code("K7MQ4XRA", 600)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.code.text() == "K7MQ-4XRA" and "mirror-3" in screen.mirror.text()
    assert screen.status.text() == "Waiting for a manager. A new code in 10 min."
    # Read from 2 m: DIN 1450's rule of thumb asks a cap height of distance/250 = 8 mm, ~16 px
    # on a 43" 1080x1920 panel (~0.5 mm pixels); the code's capitals are far above that (a
    # person squinting from the door still reads it), and the whole code fits the width.
    caps = QFontMetrics(screen.code.font()).capHeight()
    assert caps >= 100 and QFontMetrics(screen.code.font()).horizontalAdvance("K7MQ-4XRA") < 1080
    assert screen.width() == 1080  # nothing pushed the screen wider than the panel
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(SHOTS / "pairing-screen.png"))


def test_the_screen_speaks_the_stores_language(qtbot):
    languages = Languages(["en", "fr", "zh_CN"], "fr")
    languages.set_language("fr")
    try:
        screen = PairingScreen("mirror-3", theme.metrics_for(1080, 1920))
        qtbot.addWidget(screen)
        screen.show_code("K7MQ4XRA", 600)
        assert screen.title.text() == "Appairer ce miroir" and "Ce miroir : mirror-3" == screen.mirror.text()
        assert screen.status.text() == "En attente d'un responsable. Nouveau code dans 10 min."
    finally:
        languages.set_language("en")


def test_run_pairing_until_a_manager_approves(qtbot, tmp_path):
    passwd, acl, reloads = tmp_path / "passwd", tmp_path / "acl", tmp_path / "reloads"
    passwd.write_text("")
    acl.write_text("")
    config = office_config(tmp_path / "data")
    config.staff_app.listen_port = 0
    pairing = config.back_office.pairing
    pairing.password_file, pairing.acl_file = str(passwd), str(acl)
    pairing.reload_command = ["sh", "-c", f"echo reload >> {reloads}"]
    service = start(config, bus=Store().bus)
    try:
        mirror = StoreConfig.model_validate({
            "store": {"id": "s1"}, "mirror": {"id": "mirror-3"},
            "mqtt": {"password_file": "secrets/mqtt-password", "pairing_url": service.url}})
        mirror.source_path = str(tmp_path / "mirror" / "store.yaml")
        client = ReadingClient(service.url, "mirror-3", poll_s=0.2)
        manager = threading.Thread(target=lambda: wait_for(lambda: client.codes, 20) and
                                   manager_approves(service.url, client.codes[0]), daemon=True)
        manager.start()
        assert run_pairing(mirror, size=(540, 960), windowed=True, client=client) is True
        manager.join(10)
        written = tmp_path / "mirror" / "secrets" / "mqtt-password"
        assert stat.S_IMODE(written.stat().st_mode) == 0o600 and len(written.read_text().strip()) >= 32
        assert reloads.read_text() == "reload\n" and "user mirror-3" in acl.read_text()
    finally:
        service.stop()
