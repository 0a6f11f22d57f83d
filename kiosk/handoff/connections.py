"""uvicorn's h11 protocol with a deadline for reading each request.

uvicorn 0.55 has no header-read timeout: it arms no timer before the first request,
and any byte cancels its keep-alive timer.  A client that connects and sends
nothing, or one header byte now and then, holds its connection forever, and every
held connection counts against ``limit_concurrency`` (past it, real shoppers get
503).  Here a request (line, headers and body) must arrive in full within
``request_timeout_s`` of its first byte (or of the connection, for the first one);
otherwise the connection is closed.  Time spent answering is not counted.
"""

from __future__ import annotations

import asyncio
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)
# h11 states in which the client still owes us (part of) a request.
_READING = (h11.IDLE, h11.SEND_BODY)


class DeadlineH11Protocol(H11Protocol):
    def __init__(self, *args, request_timeout_s: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_timeout_s = request_timeout_s
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # also cancels uvicorn's keep-alive timer
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Start the clock when a request is owed, stop it once it has all arrived."""
        if self.conn.their_state not in _READING:
            self._cancel()
        elif self._deadline is None:  # never re-armed by later bytes: a trickle gains nothing
            self._deadline = self.loop.call_later(self.request_timeout_s, self._expire)

    def _expire(self) -> None:
        self._deadline = None
        if self.conn.their_state in _READING and not self.transport.is_closing():
            log.debug("closed a connection that sent no complete request in %.0f s",
                      self.request_timeout_s)
            self.transport.close()

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
