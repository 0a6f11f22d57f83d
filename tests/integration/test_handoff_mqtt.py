"""The service tells the mirror "opened" (and staff about orders) through a real mosquitto."""

from __future__ import annotations

import re

import httpx
import pytest

from kiosk.basket import BasketStore
from kiosk.config import CheckoutSection
from kiosk.handoff.flow import HandoffFlow, Phase, subscribe_claimed
from kiosk.messaging.mqtt import MqttBus
from tests.support.handoff import MIRROR, SHIRT, STORE, running_service
from tests.support.messaging import mqtt_settings, wait_for
from tests.support.mosquitto import running_mosquitto

pytestmark = pytest.mark.integration


@pytest.fixture
def buses(tmp_path):
    with running_mosquitto(tmp_path / "mosquitto") as broker:
        service_bus = MqttBus(mqtt_settings(broker, "manager"), "handoff-service").start()
        mirror_bus = MqttBus(mqtt_settings(broker, "mirror"), "mirror-1").start()
        try:
            assert service_bus.wait_connected() and mirror_bus.wait_connected()
            yield service_bus, mirror_bus
        finally:
            mirror_bus.stop()
            service_bus.stop()


def test_opening_the_basket_on_a_phone_clears_the_mirror_qr(tmp_path, buses):
    service_bus, mirror_bus = buses
    claimed, orders, flow = [], [], HandoffFlow()
    subscribe_claimed(mirror_bus, STORE, MIRROR, claimed.append)
    mirror_bus.subscribe(f"retail/v1/{STORE}/orders/+", lambda _t, payload: orders.append(payload))
    # "claimed" and orders are not retained: the broker must have both subscriptions first
    assert mirror_bus.wait_subscribed(10), mirror_bus.last_error
    basket = BasketStore().basket("session")
    basket.add(SHIRT)
    with running_service(tmp_path, CheckoutSection(kind="order"), bus=service_bus) as (server, _s, client):
        flow.tap(0.0)
        handoff = client.create(basket)
        flow.created(handoff, 0.1)
        with httpx.Client(base_url=server.url) as phone:
            phone.get(handoff.url)
            assert wait_for(lambda: claimed)
            flow.claimed(claimed[0], 1.0)
            page = phone.get("/basket")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            phone.post("/basket/checkout", data={"csrf": csrf, "fulfilment": "take_now"},
                       headers={"Origin": server.url})
        assert wait_for(lambda: orders)
    assert claimed == [handoff.token_hash] and flow.phase is Phase.OPENED
    assert orders[0]["lines"] == [{"gtin": SHIRT, "quantity": 1}]
    assert orders[0]["fulfilment"] == "take_now" and orders[0]["status"] == "pay_at_till"
