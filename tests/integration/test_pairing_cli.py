"""``kiosk pair --config`` for a headless mirror: the code printed, a manager approves it over
real HTTP, the password file appears (mode 600) and the command ends 0; a config without
``mqtt.pairing_url`` is a clear error naming the field."""

from __future__ import annotations

import re
import stat
import subprocess
import sys

import pytest

from kiosk.storeweb.server import start
from tests.support.backoffice import office_config
from tests.support.messaging import Store
from tests.support.pairing import manager_approves

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


def write_config(folder, url: str | None) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    pairing = f"  pairing_url: {url}\n" if url else ""
    path = folder / "store.yaml"
    path.write_text("store:\n  id: s1\n  name: Test\nmirror:\n  id: mirror-3\nmqtt:\n"
                    f"  username: mirror-3\n  password_file: secrets/mqtt-password\n{pairing}")
    return str(path)


def test_kiosk_pair_prints_the_code_and_writes_the_password(tmp_path):
    config = office_config(tmp_path / "data")
    config.staff_app.listen_port = 0
    config.back_office.pairing.password_file = str(tmp_path / "passwd")
    config.back_office.pairing.acl_file = str(tmp_path / "acl")
    config.back_office.pairing.reload_command = ["true"]
    service = start(config, bus=Store().bus)
    try:
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "pair", "--config",
                                    write_config(tmp_path / "mirror", service.url)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            code = None
            for line in process.stdout:
                found = re.search(r"Pairing code:\s+([A-Z0-9]{4}-[A-Z0-9]{4})", line)
                if found:
                    code = found[1]
                    break
            assert code, "no code printed"
            assert manager_approves(service.url, code).status_code == 303
            rest = process.stdout.read()
            assert process.wait(30) == 0, rest
        finally:
            process.kill() if process.poll() is None else None
        written = tmp_path / "mirror" / "secrets" / "mqtt-password"
        assert "paired: the broker password is in" in rest and str(written) in rest
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        again = subprocess.run([sys.executable, "-m", "kiosk", "pair", "--config",
                                str(tmp_path / "mirror" / "store.yaml")], capture_output=True, text=True)
        assert again.returncode == 0 and "already paired" in again.stdout
    finally:
        service.stop()


def test_kiosk_pair_without_a_pairing_url_names_the_field(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk", "pair", "--config",
                           write_config(tmp_path / "mirror", None)], capture_output=True, text=True)
    assert done.returncode == 2 and "mqtt.pairing_url is not set" in done.stderr
    assert "store.yaml" in done.stderr
