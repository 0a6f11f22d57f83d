"""Crash-loop detection and the safe-mode decision.

Every start writes a mark (a random run id, the wall-clock time, the mode it runs in) to a
small JSON file in the data dir; a clean exit removes its own mark.  Marks left behind are
starts that never exited cleanly: a crash, a watchdog kill, a power cut.  When
``threshold`` of them fall inside ``window_s``, the next start comes up in safe mode (no
camera, vision or colour: native code is where crashes live; paging and the QR stay).  If
safe mode itself keeps crashing, ``minimal`` keeps only the "out of service" screen.

systemd's Restart=always keeps restarting us (never a blank screen); this file decides
*what* comes back.  A safe-mode run that stays up ``retry_after_s`` may exit cleanly to let
systemd start a normal run again: the old marks have aged out of the window by then.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

Level = Literal["normal", "safe", "minimal"]
MAX_MARKS = 50
MARKS_FILE = "crash-marks.json"


@dataclass(frozen=True)
class SafeMode:
    """What this run may do.  The UI shows "out of service" whenever ``active``."""

    level: Level = "normal"
    unclean_starts: int = 0
    reason: str = ""
    retry_after_s: float = 1800.0

    @property
    def active(self) -> bool:
        return self.level != "normal"

    @property
    def camera_allowed(self) -> bool:  # camera, vision and colour analysis
        return self.level == "normal"

    @property
    def paging_allowed(self) -> bool:  # size requests to staff (MQTT) and the QR hand-off
        return self.level != "minimal"

    def as_health(self) -> dict:
        return {"level": self.level, "unclean_starts": self.unclean_starts, "reason": self.reason}


class CrashCounter:
    def __init__(self, data_dir: str | Path, *, threshold: int = 3, window_s: float = 600.0,
                 retry_after_s: float = 1800.0, clock: Callable[[], float] = time.time):
        self.path = Path(data_dir) / MARKS_FILE
        self.threshold, self.window_s, self.retry_after_s = threshold, window_s, retry_after_s
        self.clock = clock
        self.run_id = uuid.uuid4().hex

    def record_start(self) -> SafeMode:
        """Decide this run's mode from earlier unclean starts, then mark this start."""
        marks = self._recent(self._read())
        decision = self._decide(marks)
        marks.append({"run": self.run_id, "t": self.clock(), "mode": decision.level})
        self._write(marks[-MAX_MARKS:])
        if decision.active:
            log.error("safe mode (%s): %s", decision.level, decision.reason)
        return decision

    def record_clean_exit(self) -> None:
        """Call on every orderly shutdown (SIGTERM from systemd included)."""
        self._write([m for m in self._read() if m.get("run") != self.run_id])

    def unclean_starts(self) -> int:
        return len([m for m in self._recent(self._read()) if m.get("run") != self.run_id])

    def reset(self) -> None:
        """Forget every mark (a technician fixed the cause: `kiosk diagnose --reset-crashes`)."""
        self._write([])

    def _decide(self, marks: list[dict]) -> SafeMode:
        unclean = len(marks)
        in_safe = len([m for m in marks if m.get("mode") in ("safe", "minimal")])
        window = f"{self.window_s / 60:g} min"
        if in_safe >= self.threshold:
            return SafeMode("minimal", unclean, f"safe mode crashed {in_safe} times in {window}",
                            self.retry_after_s)
        if unclean >= self.threshold:
            return SafeMode("safe", unclean, f"{unclean} starts without a clean exit in {window}",
                            self.retry_after_s)
        return SafeMode("normal", unclean, "", self.retry_after_s)

    def _recent(self, marks: list[dict]) -> list[dict]:
        oldest = self.clock() - self.window_s
        return [m for m in marks if isinstance(m.get("t"), (int, float)) and m["t"] >= oldest]

    def _read(self) -> list[dict]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            marks = data.get("starts", []) if isinstance(data, dict) else []
            return [m for m in marks if isinstance(m, dict)]
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:  # a torn or corrupt file must not stop the mirror
            log.warning("crash marks unreadable (%s): starting a fresh count", exc)
            return []

    def _write(self, marks: list[dict]) -> None:
        """Atomic replace + fsync: a power cut leaves the old file or the new one, never half."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump({"v": 1, "starts": marks}, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:  # read-only or full disk: run normally, say so in health
            log.error("cannot write crash marks to %s: %s", self.path, exc)
