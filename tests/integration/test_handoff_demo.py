"""The demo's in-process service (what `kiosk demo` starts): demo config, demo catalogue,
random keys, a background thread, stopped cleanly."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.catalogue import load_catalogue
from kiosk.config import load_config
from kiosk.handoff.demo import start_demo_service
from kiosk.messaging.bus import InMemoryBus

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_demo_service_hands_a_basket_to_a_phone(tmp_path):
    config = load_config(ROOT / "config" / "demo.yaml")
    config = config.model_copy(update={"data_dir": str(tmp_path)})
    catalogue = load_catalogue(config.resolve(config.catalogue.path))
    bus = InMemoryBus()
    demo = start_demo_service(config, bus, lambda: catalogue, lan=False, port=0)
    try:
        basket = BasketStore().basket("demo-session")
        basket.add("2000010002009")
        handoff = demo.client.create(basket)
        assert handoff.domain == demo.url.split("//", 1)[1]
        with httpx.Client(base_url=demo.url, follow_redirects=True) as phone:
            page = phone.get(handoff.url)
        assert page.status_code == 200 and "Relaxed linen shirt" in page.text
        assert bus.published[0].payload["token"] == handoff.token_hash
        assert (tmp_path / "handoff.sqlite3").is_file()
    finally:
        demo.stop()


def test_a_busy_port_is_a_clear_handoff_error(tmp_path):
    import socket

    from starlette.applications import Starlette

    from kiosk.errors import HandoffError
    from kiosk.handoff.server import start_in_process

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(HandoffError, match="did not start") as error:
            start_in_process(Starlette(), "127.0.0.1", taken.getsockname()[1])
    assert "port" in error.value.fix
