"""Server-Sent Events for one signed-in page: the request list on every change (and when
time alone changes who is alerted), and a heartbeat every 2 s carrying the broker's state.

The page shows its offline banner when the heartbeat says the broker is down or when no
event arrived for 5 s (the phone or the service lost), and the next list catches it up:
the relay's docs come from the broker's retained messages after a reconnect.  The
stream ends when the sign-in ends (shift over, revoked) or the service stops.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

from starlette.requests import Request
from starlette.responses import StreamingResponse

from kiosk.storeweb.accounts import Account
from kiosk.storeweb.pages import items
from kiosk.storeweb.web import StoreWeb

HEARTBEAT_S = 2.0
POLL_S = 0.5  # how often the broker state and the sign-in are re-checked


def response(request: Request, web: StoreWeb, account: Account,
             still_signed_in: Callable[[], bool]) -> StreamingResponse:
    return StreamingResponse(_events(request, web, account, still_signed_in),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _frame(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


async def _events(request: Request, web: StoreWeb, account: Account,
                  still_signed_in: Callable[[], bool]) -> AsyncIterator[str]:
    loop, dirty = asyncio.get_running_loop(), asyncio.Event()
    dirty.set()  # the first list goes out at once

    def changed() -> None:  # bus thread
        try:
            loop.call_soon_threadsafe(dirty.set)
        except RuntimeError:  # the loop closed under us: the page is gone anyway
            pass

    unlisten = web.relay.listen(changed)
    broker, beat, sent = None, loop.time(), None
    try:
        yield "retry: 2000\n\n"
        while not web.stopping and not await request.is_disconnected():
            if not still_signed_in():
                yield _frame("signedout", {})
                return
            now_up = web.broker_up
            if dirty.is_set() or now_up != broker:
                dirty.clear()
                broker, beat, sent = now_up, loop.time(), items(web, account)
                yield _frame("list", {"requests": sent, "now": web.clock(), "broker": broker})
            elif loop.time() - beat >= HEARTBEAT_S:
                beat, latest = loop.time(), items(web, account)
                if latest != sent:  # time alone changed who is alerted (the zone widened)
                    sent = latest
                    yield _frame("list", {"requests": sent, "now": web.clock(), "broker": broker})
                else:
                    yield _frame("ping", {"now": web.clock(), "broker": broker})
            try:
                await asyncio.wait_for(dirty.wait(), POLL_S)
            except TimeoutError:
                pass
    finally:
        unlisten()
