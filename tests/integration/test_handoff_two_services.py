"""The phone hand-off at chain scale (issue 18): two `kiosk handoff-server` processes behind
one address (same keys, same base_url) on one PostgreSQL. A token redeemed through one is
refused by the other (single use is the database's, not a process's)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.handoff.client import HandoffClient
from tests.integration.test_handoff_cli import LINEN_SHIRT_M, ROOT, _healthy, write_install
from tests.support.messaging import wait_for
from tests.support.mosquitto import free_port
from tests.support.postgres import running_postgres

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def test_a_token_redeemed_on_one_service_is_refused_on_the_other(tmp_path):
    mirror_key = secrets.token_hex(32)
    ports = [free_port(), free_port()]
    with running_postgres() as url:
        config = write_install(tmp_path, ports[0], mirror_key)
        shared = config.read_text().replace("handoff:\n", f"handoff:\n  database_url: {url}\n")
        configs = []
        for index, port in enumerate(ports):  # one base_url (the shared address), own listen port
            path = tmp_path / f"store-{index}.yaml"
            path.write_text(shared.replace(f"listen_port: {ports[0]}", f"listen_port: {port}"))
            configs.append(path)
        processes = [subprocess.Popen([sys.executable, "-m", "kiosk", "handoff-server", "--config", str(c)],
                                      cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      env=os.environ | {"PYTHONUNBUFFERED": "1"}) for c in configs]
        try:
            for port in ports:
                assert wait_for(lambda port=port: _healthy(port), timeout=30), f"service on {port} did not come up"
            basket = BasketStore().basket("session")
            basket.add(LINEN_SHIRT_M, 1)
            client = HandoffClient(f"http://127.0.0.1:{ports[1]}", "demo-store", "mirror-1",
                                   bytes.fromhex(mirror_key))
            handoff = client.create(basket)                      # created through the second
            path = handoff.url.split(f":{ports[0]}", 1)[1]
            with httpx.Client(base_url=f"http://127.0.0.1:{ports[0]}", follow_redirects=True) as phone:
                page = phone.get(path)                           # redeemed through the first
            assert page.status_code == 200 and "Relaxed linen shirt" in page.text
            with httpx.Client(base_url=f"http://127.0.0.1:{ports[1]}", follow_redirects=True) as other:
                again = other.get(path)                          # replayed on the second
            assert again.status_code == 410, again.text[:300]
            assert not (tmp_path / "var" / "handoff.sqlite3").exists()   # PostgreSQL, not a shared file
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.communicate(timeout=15)
