"""What the mirror and the staff console show about a request (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.messaging.payloads import RequestDoc


@dataclass(frozen=True)
class RequestView:
    id: str
    status: str          # open | claimed | delivered | cancelled | expired
    size: str
    colour: str
    gtin: str
    product_name: str
    room: str
    zone: str
    claimed_by: str | None  # staff display name
    escalation: int
    notify: str          # zone | floor_lead | manager
    created: float
    revision: int
    claimed_by_id: str | None = None
    # The claimer's latest progress (contract 1.2), kept by the owning mirror only: None,
    # "on_my_way" (with ``eta_s`` when they gave one) or "cannot_find".
    progress: str | None = None
    eta_s: int | None = None   # what is left of the claimer's estimate, on the mirror's clock
    priority: int = 0          # the shopper's "Ask again" taps (contract 1.3)
    off_floor: bool = False    # none on the floor here: stockroom, other stores (contract 1.4)

    @classmethod
    def of(cls, doc: RequestDoc) -> RequestView:
        return cls(doc.id, doc.status, doc.size, doc.colour, doc.product.gtin, doc.product.name,
                   doc.room, doc.zone, doc.claimed_by.name if doc.claimed_by else None,
                   doc.escalation, doc.notify, doc.created, doc.revision,
                   doc.claimed_by.id if doc.claimed_by else None, priority=doc.priority,
                   off_floor=doc.off_floor)

    @property
    def text(self) -> str:
        """English line for the mirror; the UI translates from status + fields."""
        if self.status == "claimed" and self.progress == "cannot_find":
            return f"{self.claimed_by} could not find {self.size}"
        if self.status == "claimed" and self.eta_s is not None:
            return f"{self.claimed_by}, about {minutes(self.eta_s)} min"
        if self.status == "claimed":
            return f"{self.claimed_by} is bringing {self.size}"
        if self.status == "delivered":
            return f"{self.claimed_by or 'Staff'} brought {self.size}"
        if self.status == "open":
            return f"Asking staff for {self.size}…"
        if self.status == "expired":
            return "Nobody could come: please ask at the desk"
        return f"Request for {self.size} cancelled"


def minutes(eta_s: int) -> int:
    """Whole minutes for "about N min": never 0 (someone is still walking over)."""
    return max(1, round(eta_s / 60))
