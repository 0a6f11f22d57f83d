"""The anonymous usage event: the only thing the mirrors tell the report.

The schema is closed (``extra="forbid"``, frozen) and every value is narrow:
ids are random hex, GTINs are digits with a valid check digit, sizes and
garment colourway names are short tokens.  There is deliberately no field for
a face, image, landmark, embedding, skin/hair/eye colour, palette, age,
gender, name, contact, loyalty number or staff id: such data cannot be
stored or published because it cannot be expressed.  ``visit`` is a random
id made when a shopper engages and dropped when the session is wiped; it
links the steps of one visit for the funnel and nothing else.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.errors import Location, PayloadError

SCHEMA_VERSION = 1
SLUG = r"^[a-z0-9][a-z0-9_-]{0,63}$"

EventKind = Literal[
    "session_engaged", "item_scanned", "size_requested", "size_claimed", "size_delivered",
    "size_expired", "size_cancelled", "basket_handed_off", "basket_opened",
    "out_of_stock_requested",
]
KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]

# What each kind must carry (beyond the envelope); everything else stays optional.
REQUIRED: dict[str, tuple[str, ...]] = {
    "session_engaged": ("visit",),
    "item_scanned": ("visit", "gtin"),
    "size_requested": ("visit", "request", "gtin", "size"),
    "size_claimed": ("request", "elapsed_s"),
    "size_delivered": ("request", "elapsed_s"),
    "size_expired": ("request", "elapsed_s"),
    "size_cancelled": ("request",),
    "basket_handed_off": ("visit", "items"),
    "basket_opened": (),
    "out_of_stock_requested": ("visit", "gtin", "size"),
}


class Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, pattern=r"^[0-9a-f]{32}$")
    ts: float = Field(ge=0)  # unix seconds, like every payload of contract v1
    store: str = Field(pattern=SLUG)
    mirror: str = Field(pattern=SLUG)
    zone: str = Field(pattern=SLUG)
    kind: EventKind
    visit: str | None = Field(None, pattern=r"^[0-9a-f]{16}$")
    request: str | None = Field(None, pattern=SLUG)
    gtin: str | None = Field(None, pattern=r"^(\d{8}|\d{12,14})$")
    size: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./+()-]{0,15}$")
    # The garment's colourway as named in the catalogue, never the shopper's colours.
    colourway: str | None = Field(None, pattern=r"^[^\W\d_][\w '&/-]{0,31}$")
    elapsed_s: float | None = Field(None, ge=0, le=86400)  # since the request (or hand-off)
    items: int | None = Field(None, ge=1, le=200)

    @model_validator(mode="after")
    def _kind_fields_and_gtin(self) -> Event:
        missing = [name for name in REQUIRED[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} event needs {', '.join(missing)}")
        if self.gtin is not None and not gtin_check_digit_ok(self.gtin):
            raise ValueError(f"gtin {self.gtin} has a wrong check digit")
        return self

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.ts, UTC)


EVENT_FIELDS: frozenset[str] = frozenset(Event.model_fields)


def gtin_check_digit_ok(gtin: str) -> bool:
    """GS1 mod-10: weights 3,1,3,… from the right, excluding the check digit."""
    digits = [int(c) for c in gtin]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def new_visit_id() -> str:
    """A random visit id: not derived from the face or anything else about the shopper."""
    return secrets.token_hex(8)


def make_event(kind: str, *, store: str, mirror: str, zone: str,
               ts: datetime | float | None = None, **fields: Any) -> Event:
    """Validate one event; any unknown or malformed field is a PayloadError naming it."""
    if isinstance(ts, datetime):
        if ts.tzinfo is None:
            raise PayloadError("naive timestamp", location=Location(field="ts"),
                               fix="pass an aware datetime (UTC) or unix seconds")
        ts = ts.timestamp()
    data = {"kind": kind, "store": store, "mirror": mirror, "zone": zone,
            "ts": round(time.time() if ts is None else ts, 3), **fields}
    return _validate(lambda: Event.model_validate(data), source=None)


def parse_event(raw: dict[str, Any] | bytes | str, source: str | None = None) -> Event:
    """An event received over MQTT or read back; ``source`` (e.g. the topic) names it in errors."""
    if isinstance(raw, dict):
        return _validate(lambda: Event.model_validate(raw), source)
    return _validate(lambda: Event.model_validate_json(raw), source)


def _validate(build, source: str | None) -> Event:
    try:
        return build()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        if err["type"] == "extra_forbidden":
            message = f"'{field}' is not an anonymous event field"
            fix = f"events carry only: {', '.join(sorted(EVENT_FIELDS))} (docs/insight.md)"
        else:
            message = err["msg"]
            fix = "see the event schema in docs/insight.md"
        raise PayloadError(message, location=Location(source, field=field), fix=fix) from None


def to_json(event: Event) -> str:
    return event.model_dump_json(exclude_none=True)


def to_wire(event: Event) -> dict[str, Any]:
    return json.loads(to_json(event))
