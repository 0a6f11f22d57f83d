"""The mirror's side of the anonymous usage events: one visit id per shopper session,
request lifecycle turned into claimed / delivered / expired / cancelled events.

Recording never gets in the shopper's way: an event the schema refuses is logged and
counted, not raised into the UI.  When no recorder is configured, nothing is recorded
and ``enabled`` says so (health shows it).
"""

from __future__ import annotations

import logging

from kiosk.errors import KioskError

log = logging.getLogger(__name__)
REQUEST_KINDS = {"claimed": "size_claimed", "delivered": "size_delivered",
                 "expired": "size_expired", "cancelled": "size_cancelled"}


class VisitEvents:
    def __init__(self, recorder=None):
        self.recorder = recorder
        self.visit: str | None = None
        self.refused = 0
        self._seen: set[tuple[str, str]] = set()

    @property
    def enabled(self) -> bool:
        return self.recorder is not None

    def begin_visit(self) -> None:
        from kiosk.insight.events import new_visit_id

        self.visit = new_visit_id()
        self.record("session_engaged")

    def end_visit(self) -> None:
        self.visit = None

    def record(self, kind: str, **fields) -> None:
        if self.recorder is None:
            return
        if kind in ("session_engaged", "item_scanned", "size_requested", "basket_handed_off",
                    "out_of_stock_requested"):
            if self.visit is None:
                return  # no engaged shopper: nothing to attribute it to
            fields["visit"] = self.visit
        try:
            self.recorder.record(kind, **fields)
        except KioskError as exc:
            self.refused += 1
            log.warning("usage event %s not recorded: %s", kind, exc)

    def request_changed(self, view, now: float) -> None:
        """A size request moved on (RequestView): record each closing step once."""
        kind = REQUEST_KINDS.get(view.status)
        if kind is None or (view.id, kind) in self._seen:
            return
        self._seen.add((view.id, kind))
        fields = {"request": view.id}
        if kind != "size_cancelled":
            fields["elapsed_s"] = max(0.0, round(now - view.created, 1))
        self.record(kind, **fields)
