"""The fitting room's open size request, and what it means for the shopper's session.

A shopper waiting in the cubicle for a size does not touch the mirror, and without a camera
"no touch for a while" is all the mirror knows of them.  So the request belongs to the room:
while it is open (or claimed) the session is held - no goodbye, no wipe in touch-only mode -
and once it is delivered, cancelled or expired the normal idle time starts again.

With the camera on, presence alone decides (docs/privacy.md: everything wiped within
``forget_after_s`` of the shopper leaving, never held longer): the wipe then cancels the
request, so staff see "cancelled" instead of walking a size to an empty room.

Pure and clock-free like kiosk.session: the caller passes ``now``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.messaging.payloads import TERMINAL
from kiosk.session import Session

log = logging.getLogger(__name__)


class RoomRequest:
    def __init__(self, session: Session, cancel: Callable[[str], object]):
        """``cancel(request_id)``: tells staff the request is off (SizeRequests.cancel)."""
        self._session = session
        self._cancel = cancel
        self._request_id: str | None = None
        session.on_wipe(self._cancel_for_empty_room)

    @property
    def request_id(self) -> str | None:
        return self._request_id

    @property
    def is_open(self) -> bool:
        return self._request_id is not None

    def opened(self, request_id: str) -> None:
        """The shopper asked for a size: the room now waits for it."""
        self._request_id = request_id
        self._session.hold()

    def changed(self, request_id: str, status: str, now: float) -> None:
        """A status update for any request: ours ending frees the session."""
        if request_id != self._request_id or status not in TERMINAL:
            return
        self._request_id = None
        self._session.release(now)

    def status_due(self, now: float) -> bool:
        """Touch-only mode, no touch for the idle time while waiting: the shopper is in the
        cubicle, so the mirror shows the request's status (instead of a goodbye)."""
        session = self._session
        return (self.is_open and session.touch_only
                and session.idle_for(now) >= session.timings.idle_s)

    def _cancel_for_empty_room(self) -> None:
        request_id, self._request_id = self._request_id, None  # first: cancel reports back
        if request_id is None:
            return
        log.info("room empty with request %s open: cancelled so staff stop", request_id)
        self._cancel(request_id)
