"""The MQTT topic table: the one place that knows every topic of contract v1.x.

Every topic the kiosk publishes or subscribes to is built here from a
``TopicSpec``.  docs/mqtt.md is generated from ``TOPICS`` (see
``kiosk.messaging.docs``), and a test checks that every spec has a handler,
so the contract, the code and the docs cannot drift apart.

Ids inside topics (store, mirror, zone, request id, staff, command name) are
restricted to ``[a-z0-9_-]`` so they can never carry MQTT wildcards or ``/``.

Who may write a topic is decided by the broker from its ids, never by payloads
(a payload can claim anything): a request doc's topic names its owning mirror
and a claim's names the staff login, so the store ACL (config/mosquitto/acl)
can pin each to the one login allowed to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.errors import Location, PayloadError

ROOT = "retail/v1"
# Contract revision of the topic table (payloads keep ``v`` = 1).  1.1: request docs carry
# the owning mirror, claims and dones the staff login, so the broker can check both.
# 1.2 (additive: 1.1 mirrors never subscribe to it): the claimer's progress ("on my way"
# with an estimate, "can't find it") reaches the mirror, so the shopper hears it.
# 1.3 (additive: older handhelds ignore the field): a request doc's ``priority``, raised by the
# shopper's "Ask again".  1.4 (additive, the same way): a request doc's ``off_floor``, a size at 0
# on this store's floor (mqtt.requests.not_in_stock: ask), so staff know where to look.
# 1.5 (additive: the command topics existed, a 1.4 mirror answers "unknown command"): the
# commands a mirror answers, kiosk.messaging.commands.COMMANDS (the back office's buttons).
CONTRACT = "1.6"
SEGMENT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class TopicSpec:
    name: str            # stable key, used by handlers and docs
    pattern: str         # with {placeholders}, below ROOT
    retained: bool
    writer: str
    reader: str
    payload: str         # name of the payload model in kiosk.messaging.payloads
    what: str
    expiry: bool = False  # published with an MQTT 5 message expiry
    # "module:attr" of the code that handles this topic on receipt, or "external: who"
    # for topics only outside systems read (tests check every entry; docs list them).
    handler: str = ""

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.pattern))

    def build(self, **ids: str) -> str:
        missing = set(self.placeholders) - set(ids)
        if missing:
            raise TypeError(f"topic {self.name} needs {sorted(missing)}")
        for key, value in ids.items():
            check_segment(key, value)
        return f"{ROOT}/{self.pattern.format(**ids)}"

    def filter(self, **ids: str) -> str:
        """A subscription filter: placeholders not given become ``+``."""
        for key, value in ids.items():
            check_segment(key, value)
        filled = {p: ids.get(p, "+") for p in self.placeholders}
        return f"{ROOT}/{self.pattern.format(**filled)}"

    def match(self, topic: str) -> dict[str, str] | None:
        """The ids of ``topic`` if it is an instance of this spec, else None."""
        regex = "^" + re.escape(f"{ROOT}/{self.pattern}") + "$"
        for p in self.placeholders:
            regex = regex.replace(re.escape("{" + p + "}"), f"(?P<{p}>[^/]+)")
        found = re.match(regex, topic)
        return found.groupdict() if found else None


def check_segment(field: str, value: str) -> str:
    if not isinstance(value, str) or not SEGMENT.match(value):
        raise PayloadError(f"invalid topic id {value!r}", location=Location(field=field),
                           fix="ids are 1-64 characters of a-z, 0-9, '-' or '_'")
    return value


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("mirror_state", "{store}/mirror/{mirror}/state", True, "mirror", "staff console, manager",
              "MirrorState", "online/offline + health; the broker publishes the offline last will",
              handler="kiosk.messaging.staff:StaffRequests.on_mirror_state"),
    TopicSpec("request", "{store}/requests/{zone}/{mirror}/{id}", True, "owning mirror",
              "handhelds", "RequestDoc", "size request state doc (open/claimed/delivered/cancelled/"
              "expired); only login {mirror} may write it; an empty retained payload deletes it",
              expiry=True, handler="kiosk.messaging.staff:StaffRequests.on_doc"),
    TopicSpec("claim", "{store}/requests/{zone}/{mirror}/{id}/claim/{staff}", False, "handheld",
              "owning mirror", "Claim", "staff member {staff} (= their login) claims the request; "
              "the first claim wins", handler="kiosk.messaging.requests:SizeRequests.on_claim"),
    TopicSpec("done", "{store}/requests/{zone}/{mirror}/{id}/done/{staff}", False, "handheld",
              "owning mirror", "Done", "the claimer {staff} delivered the item",
              handler="kiosk.messaging.requests:SizeRequests.on_done"),
    TopicSpec("progress", "{store}/requests/{zone}/{mirror}/{id}/progress/{staff}", False,
              "handheld", "owning mirror", "Progress", "the claimer {staff} is on the way "
              "(with an estimate) or cannot find the item; the mirror tells the shopper",
              handler="kiosk.messaging.requests:SizeRequests.on_progress"),
    TopicSpec("catalogue", "{store}/catalogue", True, "manager tool", "mirrors",
              "CatalogueNotice", "catalogue version + sha256 + content or where to get it",
              handler="kiosk.catalogue.store:CatalogueStore.apply_notice"),
    TopicSpec("handoff_claimed", "{store}/handoff/{mirror}/claimed", False, "hand-off service",
              "mirror", "HandoffClaimed", "a basket was opened on a phone: clear the QR",
              handler="kiosk.handoff.flow:subscribe_claimed"),
    TopicSpec("order", "{store}/orders/{id}", False, "hand-off service", "back office",
              "HandoffOrder", "an order request from a phone: items, fulfilment, total (no address)",
              handler="external: back-office order screen"),
    TopicSpec("events", "{store}/mirror/{mirror}/events", False, "mirror", "report tool",
              "insight Event", "anonymous usage events (schema: kiosk.insight.events)",
              handler="kiosk.insight.collect:EventCollector.on_message"),
    TopicSpec("mirror_insight", "{store}/mirror/{mirror}/insight", True, "mirror", "Home Assistant",
              "InsightStats", "live figures (open requests, median answer time) for HA sensors",
              handler="external: Home Assistant MQTT sensors"),
    TopicSpec("command", "{store}/mirror/{mirror}/cmd/{name}", False, "manager", "mirror",
              "Command", "remote command; answered on the response topic",
              handler="kiosk.messaging.commands:CommandServer.on_command"),
    TopicSpec("response", "{store}/mirror/{mirror}/response/{name}", False, "mirror", "manager",
              "Response", "`{status, data, error, transaction}` answer to a command",
              handler="kiosk.messaging.commands:CommandClient.on_response"),
)

BY_NAME = {spec.name: spec for spec in TOPICS}


def spec(name: str) -> TopicSpec:
    return BY_NAME[name]


def classify(topic: str) -> tuple[TopicSpec, dict[str, str]] | None:
    """Which spec a received topic belongs to, with its ids (None if not ours)."""
    for candidate in TOPICS:
        ids = candidate.match(topic)
        if ids is not None:
            return candidate, ids
    return None


# Builders, one per topic, so call sites read like the contract.
def mirror_state(store: str, mirror: str) -> str:
    return BY_NAME["mirror_state"].build(store=store, mirror=mirror)


def request(store: str, zone: str, mirror: str, id: str) -> str:
    return BY_NAME["request"].build(store=store, zone=zone, mirror=mirror, id=id)


def claim(store: str, zone: str, mirror: str, id: str, staff: str) -> str:
    return BY_NAME["claim"].build(store=store, zone=zone, mirror=mirror, id=id, staff=staff)


def done(store: str, zone: str, mirror: str, id: str, staff: str) -> str:
    return BY_NAME["done"].build(store=store, zone=zone, mirror=mirror, id=id, staff=staff)


def progress(store: str, zone: str, mirror: str, id: str, staff: str) -> str:
    return BY_NAME["progress"].build(store=store, zone=zone, mirror=mirror, id=id, staff=staff)


def catalogue(store: str) -> str:
    return BY_NAME["catalogue"].build(store=store)


def handoff_claimed(store: str, mirror: str) -> str:
    return BY_NAME["handoff_claimed"].build(store=store, mirror=mirror)


def events(store: str, mirror: str) -> str:
    return BY_NAME["events"].build(store=store, mirror=mirror)


def mirror_insight(store: str, mirror: str) -> str:
    return BY_NAME["mirror_insight"].build(store=store, mirror=mirror)


def order(store: str, id: str) -> str:
    return BY_NAME["order"].build(store=store, id=id)


def command(store: str, mirror: str, name: str) -> str:
    return BY_NAME["command"].build(store=store, mirror=mirror, name=name)


def response(store: str, mirror: str, name: str) -> str:
    return BY_NAME["response"].build(store=store, mirror=mirror, name=name)


def requests_filter(store: str, zone: str | None = None, mirror: str | None = None) -> str:
    """Request docs of one zone (or of every zone, for floor leads and managers), of every
    mirror or only of ``mirror`` (a mirror re-adopting its own)."""
    given = {"zone": zone, "mirror": mirror}
    return BY_NAME["request"].filter(store=store, **{k: v for k, v in given.items() if v})
