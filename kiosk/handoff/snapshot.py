"""The wire format between a mirror and the hand-off service (both sides import it).

A snapshot carries GTINs and quantities only: no prices (the server prices
from its catalogue), no shopper data.  ``extra="forbid"`` makes a snapshot
that tries to smuggle a price or a name a 422, not a silently ignored field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_LINES = 30
MAX_QUANTITY = 10
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SnapshotLine(Strict):
    gtin: str = Field(pattern=r"^[0-9]{14}$")
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class Snapshot(Strict):
    v: Literal[1] = 1
    snapshot_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # uuid4 hex: replay guard
    store: str = Field(pattern=ID_PATTERN)
    mirror: str = Field(pattern=ID_PATTERN)
    language: Literal["en", "fr", "zh_CN"] = "en"
    lines: tuple[SnapshotLine, ...] = Field(min_length=1, max_length=MAX_LINES)


class Created(Strict):
    """The service's answer: everything the mirror needs to show the QR."""

    v: Literal[1] = 1
    url: str
    expires_at: int
    token_hash: str = Field(pattern=r"^[0-9a-f]{64}$")

