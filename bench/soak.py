"""Soak: an accelerated store day on the real parts, with resources sampled as it goes.

    python -m bench.soak [--minutes 10] [--accel 72] [--restart-every 10] [--sample-every 5]

Real parts: the capture loop on a playlist of real photos (people, then an empty wall),
the vision worker with the real models, the session state machine, journey + basket
(SQLite), colour consent, MirrorMessaging with its durable outbox on a real mosquitto that
is restarted every ``--restart-every`` simulated minutes, and the health publisher.  The
store clock runs ``--accel`` times faster than real time (72: 10 real minutes = 12 store
hours), so every person in the playlist is a shopper visit (opt-in, two basket items, a
size request) followed by a wipe.  RSS, threads and fds are sampled every
``--sample-every`` simulated minutes; growth is reported as least-squares slopes per
simulated hour, after the first tenth (warm-up).  The JSON object is the LAST line.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from bench._util import emit
from kiosk.health import process
from kiosk.models.paths import default_models_dir

PEOPLE = ("astronaut.png", "grace_hopper.jpg", "camera.png")
VISIT_S, EMPTY_S = 4.0, 2.5  # real seconds each photo is in front of the camera


@dataclass
class SimClock:
    accel: float
    start: float = field(default_factory=time.monotonic)

    def __call__(self) -> float:
        return (time.monotonic() - self.start) * self.accel


@dataclass
class Tally:
    samples: list[tuple[float, float, int, int]] = field(default_factory=list)  # sim h, rss, thr, fds
    sessions: int = 0
    requests: int = 0
    restarts: int = 0
    observations: int = 0


def playlist(folder: Path) -> list[tuple[Path, float]]:
    wall = folder / "empty-wall.png"  # a synthetic empty fitting room, not a camera frame
    rng = np.random.default_rng(3)
    cv2.imwrite(str(wall), np.clip(rng.normal(150, 6, (480, 640, 3)), 0, 255).astype(np.uint8))
    photos = default_models_dir() / "photos"
    items = []
    for name in PEOPLE:
        items += [(photos / name, VISIT_S), (wall, EMPTY_S)]
    return items


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of value over simulated hours."""
    if len(points) < 3:
        return float("nan")
    x, y = np.array(points, dtype=float).T
    return float(np.polyfit(x, y, 1)[0])


def summarise(tally: Tally, real_s: float, accel: float, outbox_pending: int) -> dict:
    kept = tally.samples[len(tally.samples) // 10:]
    result = {"sim_hours": round(real_s * accel / 3600, 2), "real_s": round(real_s, 1),
              "accel": accel, "samples": len(tally.samples), "sessions": tally.sessions,
              "size_requests": tally.requests, "broker_restarts": tally.restarts,
              "observations": tally.observations, "outbox_pending_end": outbox_pending}
    for index, name in ((1, "rss_mb"), (2, "threads"), (3, "fds")):
        values = [s[index] for s in kept]
        result[f"{name}_slope_per_hour"] = round(slope_per_hour([(s[0], s[index]) for s in kept]), 3)
        result[f"{name}_min"], result[f"{name}_max"] = min(values, default=0), max(values, default=0)
        result[f"{name}_end"] = values[-1] if values else 0
    # settling or leaking? a leak keeps its slope in the second half, settling flattens out
    late = tally.samples[len(tally.samples) // 2:]
    result["rss_mb_second_half_slope_per_hour"] = round(slope_per_hour([(s[0], s[1]) for s in late]), 3)
    return result


def run_soak(real_s: float, accel: float = 72.0, restart_every_min: float = 10.0,
             sample_every_min: float = 5.0, folder: Path | None = None) -> dict:
    from bench.soak_rig import SoakRig
    from tests.support.mosquitto import running_mosquitto

    folder = Path(folder or tempfile.mkdtemp(prefix="soak-"))
    with running_mosquitto(folder / "broker") as broker:
        rig = SoakRig(folder, broker, playlist(folder), SimClock(accel))
        tally = Tally()
        try:
            started = time.monotonic()
            rig.loop(real_s, restart_every_min * 60, sample_every_min * 60, tally)
            real = time.monotonic() - started
            pending = rig.outbox_pending()
        finally:
            rig.stop()
    return summarise(tally, real, accel, pending)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="real minutes to run")
    parser.add_argument("--accel", type=float, default=72.0, help="simulated seconds per real second")
    parser.add_argument("--restart-every", type=float, default=10.0, help="broker restart, sim minutes")
    parser.add_argument("--sample-every", type=float, default=5.0, help="resource sample, sim minutes")
    args = parser.parse_args()
    print(f"soak: {args.minutes:g} real min x{args.accel:g} = "
          f"{args.minutes * args.accel / 60:.1f} store hours (pid {os.getpid()})", flush=True)
    before = (process.sample(), threading.active_count())
    result = run_soak(args.minutes * 60, args.accel, args.restart_every, args.sample_every)
    after = (process.sample(), threading.active_count())
    result |= {"threads_after_stop_delta": after[1] - before[1],
               "fds_after_stop_delta": after[0].fds - before[0].fds}
    emit(result)


if __name__ == "__main__":
    main()
