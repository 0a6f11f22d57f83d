"""Composition root: config -> hardware -> services -> UI.  Nothing else wires things.

Hardware is chosen here only; a fake is never picked silently (the demo camera is a real
playlist of real photos, chosen explicitly by ``camera.source: demo``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hardware.camera import CaptureLoop, FrameSource, PlaylistSource, source_from_spec
from kiosk.config import StoreConfig
from kiosk.errors import CameraError, Location
from kiosk.session import Session, SessionTimings

log = logging.getLogger(__name__)

# The demo camera: real photos (fetched by `kiosk models build`) with empty scenes between,
# so the demo walks through attract -> engaged -> leaving -> wiped on its own.
DEMO_PLAYLIST = [("astronaut.png", 20.0), ("coffee.png", 8.0), ("grace_hopper.jpg", 15.0),
                 ("chelsea.png", 8.0), ("camera.png", 12.0), ("coffee.png", 8.0)]


@dataclass
class Mirror:
    config: StoreConfig
    session: Session
    capture: CaptureLoop | None
    qt_app: Any
    window: Any
    controller: Any
    services: dict[str, Any] = field(default_factory=dict)
    startup_errors: list[str] = field(default_factory=list)
    _stoppers: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self._stoppers):
            try:
                stop()
            except Exception:  # shutdown boundary: stop everything we can
                log.exception("error while stopping")
        self._stoppers.clear()


def find_photo(models_dir: Path, name: str) -> Path | None:
    if not models_dir.is_dir():
        return None
    return next(iter(sorted(models_dir.rglob(name))), None)


def demo_source(config: StoreConfig) -> FrameSource:
    models_dir = config.resolve(config.vision.models_dir)
    items = [(find_photo(models_dir, name), seconds) for name, seconds in DEMO_PLAYLIST]
    missing = [name for (path, _), (name, _) in zip(items, DEMO_PLAYLIST, strict=True) if path is None]
    if missing:
        raise CameraError(f"demo photos missing: {', '.join(sorted(set(missing)))}",
                          location=Location(str(models_dir)), fix="run 'kiosk models build'")
    cam = config.camera
    return PlaylistSource(items, fps=cam.fps, size=(cam.width, cam.height), name="demo camera")


def camera_factory(config: StoreConfig):
    cam = config.camera

    def factory() -> FrameSource:
        if cam.source == "demo":
            return demo_source(config)
        spec = cam.source
        if isinstance(spec, str) and not spec.isdigit() and "://" not in spec and not spec.startswith("/dev/"):
            spec = str(config.resolve(spec))
        return source_from_spec(spec, cam.width, cam.height, cam.fps)

    return factory


def build_session(config: StoreConfig) -> Session:
    return Session(SessionTimings(forget_after_s=config.privacy.forget_after_s))


def build_mirror(config: StoreConfig, *, windowed: bool = False, size: tuple[int, int] | None = None,
                 startup_errors: list[str] | None = None) -> Mirror:
    from kiosk.ui.assembly import assemble_ui  # Qt only past this line

    session = build_session(config)
    capture = None
    if config.camera.enabled:
        capture = CaptureLoop(camera_factory(config), stall_seconds=config.camera.stall_seconds)
    mirror = Mirror(config, session, capture, None, None, None, startup_errors=list(startup_errors or []))
    assemble_ui(mirror, windowed=windowed, size=size)
    if capture is not None:
        capture.start()
        mirror._stoppers.append(capture.stop)
    return mirror
