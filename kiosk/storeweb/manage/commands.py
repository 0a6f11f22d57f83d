"""The Mirrors page's remote commands: lock, unlock, restart, placement, lights.

Sent with ``kiosk.messaging.commands.CommandClient`` on the back office's broker login (it
may write ``mirror/+/cmd/#`` and read the responses, ``manager-tool`` in
config/mosquitto/acl); the call blocks up to ``WAIT_S`` for the mirror's answer, so routes
run it in Starlette's thread pool.  Each outcome is kept in memory, for its manager only,
so the page shows it after a redirect (a reload sends nothing twice).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.handoff.ratelimit import RateLimiter
from kiosk.messaging.commands import COMMANDS, CommandClient

NAMES = tuple(c.name for c in COMMANDS)
WAIT_S = 5.0         # a mirror answers within a second; longer is "did not answer"
PER_MINUTE = 20      # commands per manager per minute: a stuck key cannot flood the mirrors
KEPT = 200           # outcomes remembered (the newest), across managers
AUDITED = ("locked", "screen", "camera", "ok", "codes", "preset", "restarting")  # answer fields kept


@dataclass(frozen=True)
class Outcome:
    id: str
    manager: str
    mirror: str
    command: str
    args: dict[str, Any]
    status: str           # ok | error | timeout
    data: Any
    error: str
    ts: float

    def facts(self) -> dict[str, Any]:
        """What the audit log keeps of it (kiosk/storeweb/manage/audit_view.py words it)."""
        facts: dict[str, Any] = {"mirror": self.mirror, "command": self.command, "status": self.status}
        facts.update({k: v for k, v in self.args.items() if k == "preset"})
        if isinstance(self.data, dict):
            facts.update({k: self.data[k] for k in AUDITED if k in self.data})
        if self.error:
            facts["error"] = self.error[:300]
        return facts

    def summary(self) -> str:
        """One plain line (the audit record's detail): "mirror-1 lock: ok, locked=yes, …"."""
        said = ", ".join(f"{k}={_plain(v)}" for k, v in self.facts().items()
                         if k not in ("mirror", "command", "status"))
        return f"{self.mirror} {self.command}: {self.status}{', ' + said if said else ''}"[:300]


class MirrorCommands:
    def __init__(self, bus, store: str, clock: Callable[[], float], wait_s: float = WAIT_S):
        self.client = CommandClient(bus, store=store)
        self.clock, self.wait_s = clock, wait_s
        self.limits = RateLimiter(PER_MINUTE, 60.0)
        self._outcomes: OrderedDict[str, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, manager: str) -> bool:
        return self.limits.allow(manager, self.clock())

    def send(self, manager: str, mirror: str, command: str, args: dict[str, Any]) -> Outcome:
        """Blocks up to ``wait_s``: call it off the event loop."""
        status: str
        try:
            response = self.client.call(mirror, command, args, timeout=self.wait_s)
            status, data, error = response.status, response.data, response.error or ""
        except KioskError:
            status, data, error = "timeout", None, ""
        outcome = Outcome(secrets.token_urlsafe(9), manager, mirror, command, dict(args), status,
                          data, error[:500], self.clock())
        with self._lock:
            self._outcomes[outcome.id] = outcome
            while len(self._outcomes) > KEPT:
                self._outcomes.popitem(last=False)
        return outcome

    def outcome(self, outcome_id: str | None, manager: str) -> Outcome | None:
        """Only the manager who sent it sees an outcome."""
        with self._lock:
            found = self._outcomes.get(outcome_id or "")
        return found if found is not None and found.manager == manager else None


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "+".join(str(v) for v in value)
    return str(value)
