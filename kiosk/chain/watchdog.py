"""The store broker's watchdog: a broker that stops answering is restarted.

Why (docs/chain.md, "Known limits"): mosquitto 2.0.11's TLS bridge can spin at 100 % CPU
after a handshake that ended in EOF and never serve its mirrors again; their events then
wait in the mirrors' outboxes until someone restarts the broker.  The kernel still accepts
TCP connections on the frozen broker's port, so the probe is an MQTT login: CONNECT must
get its CONNACK in time.  Several failures in a row (a busy machine can miss one) restart
the broker; a pause after each restart leaves it time to load its persistence.
"""

from __future__ import annotations

import dataclasses
import logging
import shlex
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.messaging.mqtt import MqttBus
from kiosk.messaging.settings import MqttSettings

log = logging.getLogger(__name__)

DEFAULT_RESTART = "systemctl restart mosquitto"


def mqtt_answers(settings: MqttSettings, client_id: str, timeout_s: float = 5.0) -> bool:
    """True when the broker accepts a login (CONNACK) within ``timeout_s``."""
    # One fixed client id and no session kept: probing every few seconds leaves nothing behind.
    probe = MqttBus(dataclasses.replace(settings, session_expiry_s=0), client_id)
    try:
        probe.start()
        return probe.wait_connected(timeout_s)
    except Exception as exc:   # an unreachable or refusing broker is an answer too: "no"
        log.warning("broker probe failed: %s", exc)
        return False
    finally:
        probe.stop(timeout=1.0)


def restart_command(command: str, timeout_s: float = 60.0) -> Callable[[], None]:
    """A restart that runs ``command`` (e.g. ``systemctl restart mosquitto``); its failure is logged."""
    argv = shlex.split(command)

    def restart() -> None:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{command!r} exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return restart


@dataclass
class BrokerWatchdog:
    probe: Callable[[], bool]
    restart: Callable[[], None]
    failures_to_restart: int = 3
    settle_s: float = 60.0        # after a restart, no new verdict for this long
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    stats: dict[str, int] = field(default_factory=lambda: {"probes": 0, "failed": 0, "restarts": 0,
                                                            "restart_errors": 0})
    _settled_at: float = float("-inf")

    def check(self) -> str:
        """One probe: 'ok', 'failing' (n in a row), 'restarted', 'settling' or 'restart failed'."""
        if self.clock() < self._settled_at:
            return "settling"
        self.stats["probes"] += 1
        try:
            answered = self.probe()
        except Exception:
            log.exception("broker probe raised")
            answered = False
        if answered:
            self.failures = 0
            return "ok"
        self.failures += 1
        self.stats["failed"] += 1
        if self.failures < self.failures_to_restart:
            log.warning("store broker did not answer (%d in a row)", self.failures)
            return "failing"
        return self._restart()

    def _restart(self) -> str:
        self.failures = 0
        self._settled_at = self.clock() + self.settle_s
        log.error("store broker did not answer %d times in a row: restarting it", self.failures_to_restart)
        try:
            self.restart()
        except Exception as exc:
            self.stats["restart_errors"] += 1
            log.error("restarting the store broker failed: %s", exc)
            return "restart failed"
        self.stats["restarts"] += 1
        return "restarted"

    def run(self, stop: threading.Event, interval_s: float = 15.0) -> None:
        """Until ``stop``: one check every ``interval_s``."""
        while not stop.wait(interval_s):
            self.check()
