"""The mirror's side of pairing: ask the store for a code, wait for a manager, keep the password.

    client = PairingClient("https://store.local:8443", "mirror-3")
    started = client.start()                 # show started.code on the screen
    password = client.wait(started, on_tick) # polls until approved (or the code expires)
    write_password(path, password)           # mode 600, atomic

Only this process holds the device secret from /pair/start; the code on the screen
fetches nothing by itself.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import StoreConfig
from kiosk.errors import ConfigError, KioskError, Location

log = logging.getLogger(__name__)
POLL_S = 3.0
TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Ticket:
    code: str
    secret: str
    expires_at: float  # this machine's monotonic clock


class PairingExpired(KioskError):
    pass


def needs_pairing(config: StoreConfig) -> bool:
    """A mirror with a pairing URL and a password file that does not exist yet."""
    section = config.mqtt
    return bool(config.mqtt.enabled and section.pairing_url and section.password_file
                and not Path(config.resolve(section.password_file)).exists())


class PairingClient:
    def __init__(self, base_url: str, mirror: str, *, sleep: Callable[[float], None] = time.sleep,
                 poll_s: float = POLL_S):
        self.base_url, self.mirror = base_url.rstrip("/"), mirror
        self.sleep, self.poll_s = sleep, poll_s

    def start(self) -> Ticket:
        answer = self._post("/pair/start", {"mirror": self.mirror})
        return Ticket(str(answer["code"]), str(answer["secret"]),
                      time.monotonic() + float(answer.get("expires_s", 600)))

    def poll(self, ticket: Ticket) -> str | None:
        """The password once approved, None while waiting; PairingExpired when the store no
        longer knows the ticket (expired, or the service restarted)."""
        answer = self._post("/pair/poll", {"secret": ticket.secret})
        if answer.get("status") == "approved" and answer.get("password"):
            return str(answer["password"])
        if answer.get("status") == "waiting":
            return None
        raise PairingExpired("the pairing code expired before a manager approved it",
                             fix="a new code is shown; type it in the back office within 10 minutes")

    def wait(self, ticket: Ticket, on_tick: Callable[[], bool] | None = None) -> str:
        """Poll until approved; ``on_tick`` returning False stops (the screen was closed)."""
        while True:
            password = self.poll(ticket)
            if password is not None:
                return password
            if time.monotonic() > ticket.expires_at:
                raise PairingExpired("the pairing code expired", fix="start again for a new code")
            if on_tick is not None and not on_tick():
                raise KioskError("pairing stopped", fix="run kiosk pair again")
            self.sleep(self.poll_s)

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.base_url + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return json.loads(response.read(64 * 1024))
        except urllib.error.HTTPError as exc:
            detail = _error_text(exc)
            raise KioskError(f"the store web service refused pairing ({exc.code}): {detail}",
                             fix=_FIX.get(exc.code, "check mqtt.pairing_url and the store web service's log")) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise KioskError(f"cannot reach the store web service at {self.base_url}: {exc}",
                             fix="check mqtt.pairing_url and that the store server is on") from None


_FIX = {429: "wait a few minutes, then start again",
        503: "the store has not set up pairing yet (back_office.pairing in its config)"}


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read(4096)).get("error", ""))[:200]
    except (ValueError, OSError, AttributeError):
        return ""


def write_password(path: Path, password: str) -> None:
    """Mode 600 from the first byte (never world-readable, not even for a moment), renamed
    into place so a crash leaves no half-written password."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(password + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def client_for(config: StoreConfig, **kwargs) -> PairingClient:
    return PairingClient(str(config.mqtt.pairing_url), config.mirror.id, **kwargs)


def pair(config: StoreConfig, show: Callable[[str, int], None],
         on_tick: Callable[[], bool] | None = None, client: PairingClient | None = None) -> Path:
    """Until paired: a code, shown by ``show(code, expires_s)``, and a new one when it expires."""
    if config.mqtt.username and config.mqtt.username != config.mirror.id:
        raise ConfigError(f"mqtt.username {config.mqtt.username!r} is not this mirror's id "
                          f"{config.mirror.id!r}: a paired mirror logs in as its id",
                          location=Location(config.source_path, field="mqtt.username"),
                          fix=f"set mqtt.username: {config.mirror.id} (or leave it out)")
    client = client or client_for(config)
    path = Path(config.resolve(str(config.mqtt.password_file)))
    while True:
        ticket = client.start()
        # On the screen for anyone to read anyway; in the log for an installer without one.
        log.info("pairing code %s for %s: type it in the back office (Mirrors > Add a mirror)",
                 ticket.code, client.mirror)
        show(ticket.code, int(ticket.expires_at - time.monotonic()))
        try:
            write_password(path, client.wait(ticket, on_tick))
            return path
        except PairingExpired:
            continue
