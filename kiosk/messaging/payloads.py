"""Versioned JSON payload models of contract v1, parsed on receipt.

Every payload carries ``v`` (contract version) and ``ts`` (unix seconds).
Models are strict about what matters (types, ids, sizes, enums) and ignore
unknown keys, so a newer handheld app can add fields without breaking older
mirrors (forward compatibility); a different major ``v`` is refused.
``parse(name, data)`` turns every problem into a ``PayloadError`` naming the
field and a fix.  No personal data: staff are ids + a display name only.

Every number that crosses the bus is bounded here, where it is parsed: times
are finite unix seconds before 2100, counts are real ints (JSON ``true`` and
``1.0`` are refused: Python would let them pass as 1), and a request lives at
most a day.  So no received value can reach a packet packer (MQTT's 4-byte
expiry) or a timer unchecked.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from kiosk.errors import Location, PayloadError
from kiosk.messaging.topics import TopicSpec

VERSION = 1
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Status = Literal["open", "claimed", "delivered", "cancelled", "expired"]
TERMINAL: frozenset[str] = frozenset({"delivered", "cancelled", "expired"})
MAX_UNIX_S = 4_102_444_800.0              # 2100-01-01: later "times" are forged or broken clocks
MAX_REQUEST_LIFETIME_S = 24 * 3600.0      # = the largest requests.expire_after_s a config accepts
MAX_REVISION = 1_000_000                  # a request changes a handful of times in its life
MAX_PRIORITY = 3                          # "Ask again" taps that still raise a request (1.3)
# Strict: JSON true and 1.0 are not the int 1, and "5" is not a time.
UnixTime = Annotated[float, Strict(), Field(ge=0, le=MAX_UNIX_S, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0)]


def now() -> float:
    return round(time.time(), 3)


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    v: Annotated[int, Strict(), Field(ge=VERSION, le=VERSION)] = VERSION
    ts: UnixTime = Field(default_factory=now)


class Staff(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    id: Id
    name: str = Field(min_length=1, max_length=40)


class Product(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    gtin: str = Field(pattern=r"^\d{8,14}$")
    name: str = Field("", max_length=120)


class RequestDoc(Message):
    id: Id
    store: Id
    mirror: Id
    zone: Id
    room: str = Field("", max_length=60)
    product: Product
    size: str = Field(min_length=1, max_length=16)
    colour: str = Field("", max_length=40)
    status: Status = "open"
    claimed_by: Staff | None = None
    escalation: Count = Field(0, le=9)
    notify: str = Field("zone", max_length=40)  # who should act now: zone, floor_lead, manager
    created: UnixTime
    expires: UnixTime
    revision: Count = Field(0, le=MAX_REVISION)
    priority: Count = Field(0, le=MAX_PRIORITY)  # the shopper asked again (contract 1.3)
    # None of this size on the floor here: staff look in the stockroom and other stores (1.4).
    off_floor: Annotated[bool, Strict()] = False

    @field_validator("expires")
    @classmethod
    def _lifetime_bounded(cls, expires: float, info: ValidationInfo) -> float:
        # The mirror derives the MQTT message expiry and its timers from these two times.
        created = info.data.get("created")
        if created is not None and not 0 <= expires - created <= MAX_REQUEST_LIFETIME_S:
            raise ValueError(f"must be 0 to {MAX_REQUEST_LIFETIME_S:.0f} s after created")
        return expires


class Claim(Message):
    staff: Staff


class Done(Message):
    staff: Staff


# How long a claimer may say they need: a stockroom run, not a day (the mirror shows minutes).
MAX_ETA_S = 1800


class Progress(Message):
    """The claimer's word to the mirror between claim and done (contract 1.2)."""
    staff: Staff
    step: Literal["on_my_way", "cannot_find"]
    eta_s: Annotated[int, Strict(), Field(ge=0, le=MAX_ETA_S)] | None = None  # on_my_way only


class MirrorState(Message):
    mirror: Id
    status: Literal["online", "offline"]
    health: dict[str, Any] = Field({}, max_length=64)


class CatalogueNotice(Message):
    version: str = Field(min_length=1, max_length=64)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    url: str | None = Field(None, max_length=2000)
    content: Any = None


class HandoffClaimed(Message):
    mirror: Id
    token: str = Field(min_length=1, max_length=128)


class Command(Message):
    transaction: str = Field(min_length=1, max_length=64)
    args: dict[str, Any] = Field({}, max_length=64)


class Response(Message):
    transaction: str = Field(min_length=1, max_length=64)
    status: Literal["ok", "error"]
    data: Any = None
    error: str | None = None


MODELS: dict[str, type[Message]] = {
    cls.__name__: cls for cls in (RequestDoc, Claim, Done, Progress, MirrorState, CatalogueNotice,
                                  HandoffClaimed, Command, Response)
}


def parse(model: str | type[Message], data: Any, *, topic: str | None = None) -> Message:
    """Validate a decoded payload; every failure is a PayloadError naming the field."""
    cls = MODELS[model] if isinstance(model, str) else model
    if not isinstance(data, dict):
        raise PayloadError("payload is not a JSON object", location=Location(topic),
                           fix="publish a JSON object")
    version = data.get("v")
    if type(version) is not int or version != VERSION:  # True == 1 == 1.0 in Python
        raise PayloadError(f"unsupported contract version {version!r}",
                           location=Location(topic, field="v"),
                           fix=f"publish contract v{VERSION} payloads (see docs/mqtt.md)")
    return _validate(cls, data, topic)


def build(cls: type[Message], /, **fields: Any) -> Message:
    """Make a payload from fields; invalid values are a PayloadError naming the field."""
    return _validate(cls, fields, None)


def _validate(cls: type[Message], fields: dict[str, Any], topic: str | None) -> Message:
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise PayloadError(f"{cls.__name__}: {first['msg']}", location=Location(topic, field=field),
                           fix=f"see the {cls.__name__} example in docs/mqtt.md") from None


def parse_on(spec: TopicSpec, model: type[Message], topic: str, data: Any) -> Message:
    """Parse a payload and check it against the ids of its topic.  The broker's ACL checked who
    may write the topic, not the payload: a doc naming another mirror, or a claim naming
    another staff member than the login in its topic, is forged and refused here."""
    message = parse(model, data, topic=topic)
    ids = spec.match(topic)
    if ids is None:
        raise PayloadError(f"not a {spec.name} topic", location=Location(topic),
                           fix=f"publish {model.__name__} on its topic (docs/mqtt.md)")
    for key, expected in ids.items():
        claimed = getattr(message, key, expected)
        claimed = getattr(claimed, "id", claimed)  # a Staff object names its id
        if claimed != expected:
            raise PayloadError(f"{key} {claimed!r} differs from the topic's {expected!r}",
                               location=Location(topic, field=key),
                               fix=f"publish on the topic of this {key} (docs/mqtt.md)")
    return message
