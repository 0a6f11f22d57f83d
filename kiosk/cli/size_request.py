"""``kiosk size-request``: ask staff for a size as this mirror would, without the UI.

Uses the very same durable path as the mirror (outbox -> MQTT QoS 1), so it is
how an installer checks a store's broker, ACL and handhelds end to end:

    kiosk size-request --config store.yaml --gtin 4006381333931 --size M --wait 120
"""

from __future__ import annotations

import threading
import time

from kiosk.config import load_config
from kiosk.messaging.service import MirrorMessaging
from kiosk.messaging.views import RequestView


def register(sub) -> None:
    parser = sub.add_parser("size-request", help="send a size request to staff, like a mirror")
    parser.add_argument("--config", required=True, help="store config (mqtt + mirror sections)")
    parser.add_argument("--gtin", help="product GTIN (8-14 digits)")
    parser.add_argument("--size", help="size to bring, e.g. M")
    parser.add_argument("--colour", default="", help="colourway name")
    parser.add_argument("--name", default="", help="product name shown to staff")
    parser.add_argument("--count", type=int, default=1, help="how many requests (load tests)")
    parser.add_argument("--wait", type=float, default=10.0,
                        help="seconds to wait for acks and staff answers (0: until killed)")
    parser.add_argument("--until", choices=["sent", "claimed", "closed"], default="sent",
                        help="exit once every request is acked by the broker, claimed or closed")
    parser.set_defaults(func=size_request)


def size_request(args) -> int:
    config = load_config(args.config)
    closed = threading.Event()
    wanted = {"sent": set(), "claimed": {"claimed", "delivered"},
              "closed": {"delivered", "cancelled", "expired"}}[args.until]

    def show(view: RequestView) -> None:
        print(f"{view.id} {view.status}: {view.text}", flush=True)
        if wanted and view.status in wanted:
            closed.set()

    messaging = MirrorMessaging.from_config(config, on_request_change=show).start()
    try:
        if args.gtin and args.size:
            for _ in range(args.count):
                messaging.requests.request(args.gtin, args.size, args.colour, product_name=args.name)
        return _wait(messaging, closed if wanted else None, args.wait)
    finally:
        messaging.stop()


def _wait(messaging: MirrorMessaging, answered: threading.Event | None, seconds: float) -> int:
    deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
    while time.monotonic() < deadline:
        drained = not messaging.outbox.pending()
        if drained and (answered is None or answered.is_set()):
            print("all requests acknowledged by the broker", flush=True)
            return 0
        time.sleep(0.05)
    print(f"timed out: {len(messaging.outbox.pending())} request message(s) not acknowledged",
          flush=True)
    return 1
