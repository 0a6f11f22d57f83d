"""The mirror's side of the anonymous usage events: one visit id per shopper session.
(Size-request steps are recorded by kiosk.insight.request_events from the request docs.)

Recording never gets in the shopper's way: an event the schema refuses is logged and
counted, not raised into the UI.  When no recorder is configured, nothing is recorded
and ``enabled`` says so (health shows it).
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


class VisitEvents:
    def __init__(self, recorder: Any = None) -> None:
        """``recorder``: a kiosk.insight EventRecorder (None: nothing is recorded)."""
        self.recorder = recorder
        self.visit: str | None = None
        self.refused = 0

    @property
    def enabled(self) -> bool:
        return self.recorder is not None

    def begin_visit(self) -> None:
        from kiosk.insight.events import new_visit_id

        self.visit = new_visit_id()
        self.record("session_engaged")

    def end_visit(self) -> None:
        self.visit = None

    def record(self, kind: str, **fields: Any) -> None:
        if self.recorder is None:
            return
        if kind in ("session_engaged", "item_scanned", "basket_handed_off", "out_of_stock_requested"):
            if self.visit is None:
                return  # no engaged shopper: nothing to attribute it to
            fields["visit"] = self.visit
        try:
            self.recorder.record(kind, **fields)
        except KioskError as exc:
            self.refused += 1
            log.warning("usage event %s not recorded: %s", kind, exc)
        except Exception:  # e.g. a full disk: the shopper's tap still goes through
            self.refused += 1
            log.exception("usage event %s not recorded", kind)
