"""The shopper rig as a child process, for the no-frame-leaves proofs (tests/privacy).

    python -m tests.support.privacy_child DATA_DIR [--audit] [--inject KIND --leak-dir DIR]

Runs two shoppers (one opted in to colour analysis, with a basket) through the real
vision pipeline, session, journey and consent.  Between the ``PRIVACY-BEGIN`` and
``PRIVACY-END`` lines on stderr (strace reads them) nothing may be written outside the
basket database or sent.  ``--audit`` installs a Python audit hook that records every
write-mode open, sqlite file, rename and socket send/connect; the JSON report is the last
stdout line.  ``--inject`` plants a leak (positive control): npsave | pngfile | udp | imwrite,
written under ``--leak-dir`` (the test's own temporary folder, never a fixed /tmp path).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

VIOLATIONS: list[str] = []
RUNNING = [False]  # frames exist only between PRIVACY-BEGIN and PRIVACY-END
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
BASKET_FILES = {"basket.sqlite3", "basket.sqlite3-wal", "basket.sqlite3-shm", "basket.sqlite3-journal"}


def allowed_write(path: object, data_dir: Path) -> bool:
    if isinstance(path, int):
        return True  # an fd already open (stdout/stderr)
    resolved = Path(os.fsdecode(path)).resolve()
    return resolved.parent == data_dir and resolved.name in BASKET_FILES or str(resolved) == "/dev/null"


def audit_hook(data_dir: Path):
    def hook(event: str, args: tuple) -> None:
        if not RUNNING[0]:
            return  # imports probing the temp dir, model loading: no frame exists yet
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & WRITE_FLAGS)
            if writing and not allowed_write(path, data_dir):
                VIOLATIONS.append(f"open for write: {os.fsdecode(path)}")
        elif event == "sqlite3.connect" and not allowed_write(args[0], data_dir):
            VIOLATIONS.append(f"sqlite3 database: {args[0]}")
        elif event in ("os.rename", "shutil.copyfile", "os.link", "os.symlink"):
            if not allowed_write(args[1], data_dir):
                VIOLATIONS.append(f"{event}: {args[1]}")
        elif event in ("socket.sendto", "socket.sendmsg", "socket.connect"):
            VIOLATIONS.append(f"{event}: {args[1] if len(args) > 1 else ''}")
    return hook


def inject(kind: str, observation, leak_dir: Path) -> None:
    """Plant a leak of the current frame in ``leak_dir``, as a careless debug line would."""
    import cv2
    import numpy as np
    frame = np.asarray(observation.image)
    if kind == "npsave":
        np.save(leak_dir / "kiosk-debug-frame.npy", frame)
    elif kind == "pngfile":
        with open(leak_dir / "kiosk-debug-crop.png", "wb") as handle:
            handle.write(cv2.imencode(".png", frame[:64, :64])[1].tobytes())
    elif kind == "udp":
        import socket
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(frame[:8, :8].tobytes(), ("127.0.0.1", 9))
    elif kind == "imwrite":
        cv2.imwrite(str(leak_dir / "kiosk-debug-imwrite.png"), frame)  # C code: only strace sees it


def run(data_dir: Path, kind: str | None, leak_dir: Path | None = None) -> dict:
    from tests.support.privacy import ShopperRig, photo

    rig = ShopperRig(data_dir)
    shopper, other, empty = photo("astronaut.png"), photo("grace_hopper.jpg"), photo("chelsea.png")
    print("PRIVACY-BEGIN", file=sys.stderr, flush=True)
    RUNNING[0] = True
    rig.show(shopper, 2)
    assert rig.shopper.opt_in_colour()
    rig.show(shopper, 2)
    rig.shop(rig.some_gtins(2))
    colour_frames = rig.consent.frames_fed
    if kind:
        inject(kind, rig.last_observation, leak_dir or data_dir)
    rig.session.end(rig.clock.now)
    rig.show(other, 2)                     # a second shopper, no opt-in
    rig.show(empty, 1)
    RUNNING[0] = False
    print("PRIVACY-END", file=sys.stderr, flush=True)
    report = {"observations": rig.observations, "colour_frames": colour_frames}
    rig.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--audit", action="store_true")
    parser.add_argument("--inject", choices=["npsave", "pngfile", "udp", "imwrite"])
    parser.add_argument("--leak-dir", type=Path, help="where --inject plants its file (default DATA_DIR)")
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    if args.audit:
        sys.addaudithook(audit_hook(data_dir))
    report = run(data_dir, args.inject, args.leak_dir.resolve() if args.leak_dir else None)
    print(json.dumps(report | {"violations": VIOLATIONS}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
