"""``RequestEvents``: size-request lifecycle -> insight events, with no glue in the UI.

Pass an instance as (or call it from) ``SizeRequests(on_change=…)``: every
``RequestView`` it gets becomes at most one event per status (requested,
claimed, delivered, expired, cancelled) with ``elapsed_s`` measured from the
request's creation.  The log itself says which kinds a request already has,
so a request re-adopted after a restart is not counted twice.  A view the
schema refuses (an odd size label) is logged and skipped: insight must never
break the request flow.  The staff member's name and id are not recorded.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from kiosk.errors import PayloadError
from kiosk.insight.recorder import EventRecorder
from kiosk.messaging.views import RequestView

log = logging.getLogger(__name__)

KIND_OF_STATUS = {"open": "size_requested", "claimed": "size_claimed",
                  "delivered": "size_delivered", "expired": "size_expired",
                  "cancelled": "size_cancelled"}
_COLOURWAY = re.compile(r"^[^\W\d_][\w '&/-]{0,31}$")


class RequestEvents:
    def __init__(self, recorder: EventRecorder, visit_of: Callable[[], str | None],
                 clock: Callable[[], float] = time.time):
        """``visit_of()`` gives the current session's visit id when a request is made."""
        self._recorder, self._visit_of, self._clock = recorder, visit_of, clock
        self.skipped = 0

    def __call__(self, view: RequestView) -> None:
        kind = KIND_OF_STATUS.get(view.status)
        if kind is None or kind in self._recorder.log.request_kinds(view.id):
            return  # escalation updates and repeats carry no new step
        try:
            self._recorder.record(kind, request=view.id, **self._fields(kind, view))
        except PayloadError as exc:
            self.skipped += 1
            log.warning("request %s not recorded for insight: %s", view.id, exc)

    def _fields(self, kind: str, view: RequestView) -> dict:
        if kind == "size_requested":
            colourway = view.colour if _COLOURWAY.match(view.colour or "") else None
            return {"visit": self._visit_of(), "gtin": view.gtin, "size": view.size,
                    "colourway": colourway}
        if kind == "size_cancelled":
            return {}
        return {"elapsed_s": round(max(0.0, self._clock() - view.created), 1)}
