"""A shopper rig built from the real parts: vision pipeline (real models), session state
machine, the shopper core the mirror runs (journey + basket in a real SQLite file, colour
consent), on real photos and a fake clock.  Used in-process by the wipe/opt-in tests and as a child by the audit/strace tests.
"""

from __future__ import annotations

import gc
import types
import weakref
from collections.abc import Callable
from pathlib import Path

import cv2

# mediapipe keeps the ImportError of its optional audio backend (sounddevice), and with it
# the frames of whatever function imported mediapipe first: import it here, at module level,
# so no object of ours (and no shopper data it holds) is pinned for the life of the process.
import mediapipe  # noqa: F401
import numpy as np

from hardware.camera.frames import Frame
from kiosk.app import build_session
from kiosk.basket import BasketStore
from kiosk.catalogue import load_catalogue
from kiosk.config import StoreConfig
from kiosk.consent import ColourConsent
from kiosk.journey import Journey
from kiosk.shopper.core import ShopperCore
from kiosk.vision.factory import build_pipeline
from kiosk.vision.pipeline import VisionSettings
from tests.support.health import FakeClock

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models" / "build"
PHOTOS = MODELS / "photos"
CATALOGUE = REPO / "config" / "demo-catalogue.yaml"
FPS = 15.0
BASKET_FILES = {"basket.sqlite3", "basket.sqlite3-wal", "basket.sqlite3-shm", "basket.sqlite3-journal"}


def photo(name: str, size: tuple[int, int] = (640, 480)) -> np.ndarray:
    image = cv2.imread(str(PHOTOS / name), cv2.IMREAD_COLOR)
    assert image is not None, f"missing {name}: run `kiosk models build`"
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


class ShopperRig:
    def __init__(self, data_dir: Path, forget_after_s: float = 30.0):
        self.clock = FakeClock(100.0)
        # Pose inline, not on its background thread: on a fake clock a background result
        # would arrive after a load-dependent number of fake frames (non-deterministic).
        self.pipeline = build_pipeline(MODELS, VisionSettings(pose_in_background=False))
        # Built exactly as the mirror builds it (presence lag included).
        self.session = build_session(StoreConfig(privacy={"forget_after_s": forget_after_s}))
        self.baskets = BasketStore(Path(data_dir) / "basket.sqlite3")
        catalogue = load_catalogue(CATALOGUE)
        self.catalogue = catalogue
        self.journey = Journey(lambda: catalogue, self.baskets)
        self.consent = ColourConsent()
        # The mirror's own shopper core: the rig shops through the verbs the screens call, and
        # the core registers the journey's and the consent's wipes as it does in the mirror.
        self.shopper = ShopperCore(self.journey, self.session, clock=self.clock, consent=self.consent)
        self.session.on_wipe(self.pipeline.forget)
        self.session.on_change(self.shopper.state_changed)  # as the UI forwards state changes
        self.observations = 0
        self.last_observation = None
        self._seq = 0

    def step(self, image: np.ndarray) -> None:
        """One camera frame through vision -> session -> consent, then 1/FPS of fake time."""
        self._seq += 1
        observation = self.pipeline.process(Frame(self._seq, self.clock.now, image))
        self.session.presence(observation.present, self.clock.now)
        self.consent.feed(observation)
        self.session.tick(self.clock.now)
        self.observations += 1
        self.last_observation = observation
        del observation
        self.clock.advance(1 / FPS)

    def show(self, image: np.ndarray, seconds: float) -> None:
        for _ in range(round(seconds * FPS)):
            self.step(image)

    def idle(self, seconds: float, image: np.ndarray) -> None:
        """Nobody in front: the cheap way (one frame a second of fake time)."""
        for _ in range(round(seconds)):
            self.step(image)
            self.clock.advance(1 - 1 / FPS)

    def shop(self, gtins: list[str]) -> None:
        for gtin in gtins:
            self.shopper.add_to_basket(self.catalogue.find_gtin(gtin))

    def some_gtins(self, count: int = 2) -> list[str]:
        found = []
        for style in self.catalogue.garments():
            for colourway in style.colourways:
                found += [v.gtin for v in colourway.variants if v.gtin and v.in_stock][:1]  # the basket takes only these
            if len(found) >= count:
                return found[:count]
        return found

    def close(self) -> None:
        self.pipeline.close()
        self.baskets.close()


def reachable(*roots, limit: int = 200_000) -> list:
    """Every object reachable from ``roots`` (modules, classes and functions not followed)."""
    seen, found, stack = set(), [], list(roots)
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (types.ModuleType, type, types.FunctionType)):
            continue
        seen.add(id(obj))
        found.append(obj)
        stack.extend(gc.get_referents(obj))
    return found


def watch_tryon(monkeypatch, hold: Callable[[], None] | None = None) -> list[weakref.ref]:
    """Weak references to every garment mask and recoloured frame the live preview's worker
    (kiosk.tryon.preview) makes from now on, with the real mask and recolour; ``hold`` runs
    before each mask is made (a test keeps a job under way there)."""
    import kiosk.tryon.preview as preview_module

    made: list[weakref.ref] = []
    real_mask, real_recolour = preview_module.garment_of, preview_module.recolour

    def masking(live, observation, kind):
        if hold is not None:
            hold()
        mask = real_mask(live, observation, kind)
        if mask is not None:
            made.append(weakref.ref(mask))
        return mask

    def recolouring(image, mask, lab):
        out = real_recolour(image, mask, lab)
        made.append(weakref.ref(out.image))
        return out

    monkeypatch.setattr(preview_module, "garment_of", masking)
    monkeypatch.setattr(preview_module, "recolour", recolouring)
    return made
