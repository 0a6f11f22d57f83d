"""Our own order requests: stored by the service, announced to staff over MQTT.

The bus message carries ids, GTINs, quantities, the fulfilment choice and the
catalogue total: never the shopper's address or e-mail (docs/mqtt.md: no
personal data on the bus).  Staff read the address from the service's
database when they ship.  The topic is not (yet) in kiosk.messaging.topics:
it is declared here with the same TopicSpec so ids are checked identically.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict

from kiosk.handoff.pricing import PricedBasket
from kiosk.handoff.storage import OrderRow
from kiosk.handoff.targets import Choice
from kiosk.messaging.topics import TopicSpec

ORDER_TOPIC = TopicSpec("handoff_order", "{store}/orders/{id}", False, "hand-off service",
                        "staff console", "HandoffOrder",
                        "an order request from a phone: items, fulfilment, total (no address)")
# No 0/O/1/I/L: staff read the number aloud at the till.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_order_id() -> str:
    """e.g. ``k7qm-2rxd``: 40 bits, readable, a valid topic segment."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def order_row(order_id: str, basket: PricedBasket, choice: Choice, pay_by_link: bool) -> OrderRow:
    lines = [{"gtin": line.item.gtin, "quantity": line.quantity, "title": line.item.title,
              "unit_price": str(line.item.price)} for line in basket.lines]
    address = asdict(choice.address) if choice.address else None
    status = "awaiting_payment" if pay_by_link else "pay_at_till"
    return OrderRow(order_id, choice.fulfilment, lines, str(basket.total), basket.currency,
                    address, status)


def order_message(order: OrderRow, store: str, mirror: str) -> dict:
    return {"v": 1, "ts": round(time.time(), 3), "id": order.id, "store": store, "mirror": mirror,
            "fulfilment": order.fulfilment, "status": order.status,
            "lines": [{"gtin": line["gtin"], "quantity": line["quantity"]} for line in order.lines],
            "total": order.total, "currency": order.currency}


def order_topic(store: str, order_id: str) -> str:
    return ORDER_TOPIC.build(store=store, id=order_id)
