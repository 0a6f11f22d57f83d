"""Versioned JSON payload models of contract v1, parsed on receipt.

Every payload carries ``v`` (contract version) and ``ts`` (unix seconds).
Models are strict about what matters (types, ids, sizes, enums) and ignore
unknown keys, so a newer handheld app can add fields without breaking older
mirrors (forward compatibility); a different major ``v`` is refused.
``parse(name, data)`` turns every problem into a ``PayloadError`` naming the
field and a fix.  No personal data: staff are ids + a display name only.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.errors import Location, PayloadError

VERSION = 1
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Status = Literal["open", "claimed", "delivered", "cancelled", "expired"]
TERMINAL: frozenset[str] = frozenset({"delivered", "cancelled", "expired"})


def now() -> float:
    return round(time.time(), 3)


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    v: Literal[1] = VERSION
    ts: float = Field(default_factory=now, ge=0)


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
    escalation: int = Field(0, ge=0, le=9)
    notify: str = Field("zone", max_length=40)  # who should act now: zone, floor_lead, manager
    created: float = Field(ge=0)
    expires: float = Field(ge=0)
    revision: int = Field(0, ge=0)


class Claim(Message):
    staff: Staff


class Done(Message):
    staff: Staff


class MirrorState(Message):
    mirror: Id
    status: Literal["online", "offline"]
    health: dict[str, Any] = {}


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
    args: dict[str, Any] = {}


class Response(Message):
    transaction: str = Field(min_length=1, max_length=64)
    status: Literal["ok", "error"]
    data: Any = None
    error: str | None = None


MODELS: dict[str, type[Message]] = {
    cls.__name__: cls for cls in (RequestDoc, Claim, Done, MirrorState, CatalogueNotice,
                                  HandoffClaimed, Command, Response)
}


def parse(model: str | type[Message], data: Any, *, topic: str | None = None) -> Message:
    """Validate a decoded payload; every failure is a PayloadError naming the field."""
    cls = MODELS[model] if isinstance(model, str) else model
    if not isinstance(data, dict):
        raise PayloadError("payload is not a JSON object", location=Location(topic),
                           fix="publish a JSON object")
    version = data.get("v")
    if version != VERSION:
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
