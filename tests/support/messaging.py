"""Helpers for messaging tests: a fake clock and a mirror + handhelds on one bus."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.payloads import Staff
from kiosk.messaging.policy import EscalationPolicy
from kiosk.messaging.requests import SizeRequests
from kiosk.messaging.staff import StaffRequests
from kiosk.messaging.views import RequestView

GTIN = "4006381333931"
POLICY = EscalationPolicy(escalate_after_s=(60.0, 180.0), expire_after_s=600.0, linger_s=30.0)


@dataclass
class FakeClock:
    now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Store:
    """One mirror (zone womenswear) and its handhelds, on an InMemoryBus."""

    clock: FakeClock = field(default_factory=FakeClock)
    changes: list[RequestView] = field(default_factory=list)

    def __post_init__(self):
        self.bus = InMemoryBus(clock=self.clock)
        self.mirror = SizeRequests(self.bus, store="s1", mirror="m1", zone="womenswear",
                                   room="Fitting room 2", policy=POLICY, clock=self.clock,
                                   on_change=self.changes.append).start()

    def handheld(self, staff_id: str, name: str, *, zone: str | None = "womenswear",
                 role: str = "zone") -> StaffRequests:
        return StaffRequests(self.bus, store="s1", staff=Staff(id=staff_id, name=name),
                             zone=zone, role=role).start()


def write_store_config(folder, port: int, *, user: str = "mirror", protocol: str = "5",
                       mirror: str = "m1", extra: str = "", store: str = "s1") -> str:
    """A store config for a mirror talking to a test broker; the password comes from
    the MQTT_TEST_PASSWORD environment variable (set it to the user's password)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{mirror}.yaml"
    path.write_text(
        f"store: {{id: {store}}}\nmirror: {{id: {mirror}, zone: womenswear, room: Fitting room 2}}\n"
        f"mqtt:\n  host: 127.0.0.1\n  port: {port}\n  username: {user}\n"
        f"  password_env: MQTT_TEST_PASSWORD\n  protocol: \"{protocol}\"\n{extra}"
        f"data_dir: data-{mirror}\n")
    return str(path)


def mqtt_settings(broker, user: str, protocol: str = "5"):
    from kiosk.messaging.settings import MqttSettings

    return MqttSettings(host=broker.host, port=broker.port, username=user,
                        password=broker.users[user], protocol=protocol)


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.02) -> bool:
    """Poll until predicate() is true; returns its last value (tests assert on it)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
