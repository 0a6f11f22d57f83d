"""Per-session colour accumulator: feed frames, read a result with a confidence, reset.

Privacy (docs/privacy.md): create it only after the shopper opted in; it keeps a few Lab
triples per frame in memory (never pixels, landmarks or frames), nothing is logged,
stored or sent, and ``reset()`` wipes it when the session ends.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from kiosk.colour import analysis, names
from kiosk.colour.calibrator import FrameCalibrator
from kiosk.colour.ciede2000 import delta_e_2000
from kiosk.colour.palette import Swatch, palette
from kiosk.colour.regions import face_width_px
from kiosk.colour.result import VERDICT_CONFIDENCE, ColourAnalysis, Measured
from kiosk.colour.sampling import FrameSample, Geometry, sample_frame
from kiosk.errors import ColourError

WB_TRUST = {"patch": 1.0, "install": 0.85, "grey_world": 0.6}
REGIONS = ("skin", "hair", "eyes", "garment")
# Below this face width (cheek to cheek; a detector box is ~5 % wider) the skin regions
# hold a few dozen pixels (a shopper across the room): presence only, never colour.
MIN_FACE_PX = 56
CLIPPED_SKIN_OK = 0.10  # the brightest 10 % are cut anyway
# du'v' between the halves of the face: under one light <= 0.009 on astronaut and
# grace_hopper, 0.017 on messi5 (stadium floodlights from several sides); a 3000 K lamp
# on one side and 5000 K on the other gives 0.031-0.041.
MIXED_LIGHT_SPLIT = 0.02
MIXED_LIGHT_TRUST = 0.5  # keeps any mixed-light result below a verdict


class ColourSession:
    """feed(frame_bgr, observation) per frame (any thread, one at a time); result(); reset().

    min_frames: frames with skin before the sample count stops lowering confidence.
    max_frames: the newest frames kept (older ones fall out: the light may change).
    """

    def __init__(self, calibrator: FrameCalibrator | None = None, min_frames: int = 10,
                 max_frames: int = 90):
        self.calibrator = calibrator or FrameCalibrator()
        self.min_frames = max(2, min_frames)
        self._samples: deque[tuple[FrameSample, str]] = deque(maxlen=max_frames)
        self._lock = threading.Lock()  # feed() on the vision thread, result() on the UI's
        self._version = 0  # bumped by feed/reset: result() recomputes only when it changed
        self._cached: tuple[int, ColourAnalysis] | None = None
        self.last_refusal: str | None = None  # why the last frame was not sampled

    def feed(self, frame_bgr: np.ndarray, observation) -> FrameSample | None:
        """Sample one frame; ``observation`` is a vision Observation or a sampling.Geometry."""
        geometry = observation if isinstance(observation, Geometry) \
            else Geometry.from_observation(observation)
        if geometry.landmarks is None and geometry.keypoints is None:
            box = getattr(observation, "face_box", None)
            self.last_refusal = "no face or body in the frame" if box is None else (
                f"face {box.w:.0f} px wide, seen from across the room: too few pixels for "
                "colour; come closer to the mirror")
            return None
        self.last_refusal = _too_far(geometry)
        if self.last_refusal is not None:
            return None
        _check_same_frame(frame_bgr, geometry)
        to_xyz, source = self.calibrator.to_xyz(frame_bgr)
        sample = sample_frame(frame_bgr, geometry, to_xyz)
        with self._lock:
            self._samples.append((sample, source))
            self._version += 1
        return sample

    def reset(self) -> None:
        with self._lock:
            self._samples.clear()
            self._version += 1
            self._cached = None

    @property
    def frames(self) -> int:
        return len(self._samples)

    def result(self) -> ColourAnalysis:
        with self._lock:
            samples, version, cached = list(self._samples), self._version, self._cached
        if cached is not None and cached[0] == version:
            return cached[1]
        skins = [s.skin for s, _ in samples if s.skin is not None]
        if not skins:
            result = ColourAnalysis(frames=len(samples), reasons=(self._no_skin_reason(samples),))
        else:
            medians = {region: _median(samples, region) for region in REGIONS}
            result = self._analyse(samples, medians, np.array(skins))
        with self._lock:
            if self._version == version:
                self._cached = (version, result)
        return result

    def _no_skin_reason(self, samples: list) -> str:
        clipped = max((s.skin_clipped for s, _ in samples), default=0.0)
        if clipped > CLIPPED_SKIN_OK:
            return (f"no skin measured: over-exposed ({clipped:.0%} of it clipped); "
                    "lower the camera's exposure")
        return "no skin seen yet" + (f" ({self.last_refusal})" if self.last_refusal else "")

    def _analyse(self, samples: list, medians: dict, skins: np.ndarray) -> ColourAnalysis:
        skin, hair, eyes = medians["skin"], medians["hair"], medians["eyes"]
        scores = analysis.axes(skin, hair, eyes)
        ranked = analysis.rank_seasons(scores)
        confidence, reasons = self._confidence(samples, skins, ranked)
        unsure = confidence < VERDICT_CONFIDENCE
        contrast, _gap = analysis.contrast_level(skin, hair, eyes)
        ita, monk = analysis.ita_degrees(skin), analysis.monk_tone(skin)
        return ColourAnalysis(
            skin=Measured.of(skin, f"Monk {monk}"),
            hair=None if hair is None else Measured.of(hair, names.hair_name(hair)),
            eyes=None if eyes is None else Measured.of(eyes, names.eye_name(eyes)),
            garment=None if medians["garment"] is None
            else Measured.of(medians["garment"], names.garment_name(medians["garment"])),
            ita=ita, ita_category=analysis.ita_category(ita), monk=monk,
            undertone=analysis.undertone(skin), depth=analysis.depth(skin), contrast=contrast,
            season=None if unsure else ranked[0][0],
            compare=tuple(_card(season) for season, _ in ranked[:2]) if unsure else None,
            confidence=confidence, white_balance=_main_source(samples), frames=len(samples),
            reasons=tuple(reasons + _axis_reasons(scores, ranked[0][0].name, unsure)),
        )

    def _confidence(self, samples: list, skins: np.ndarray, ranked) -> tuple[float, list[str]]:
        reasons = []
        count = 0.5 + 0.5 * min(1.0, (len(skins) - 1) / (self.min_frames - 1))
        if len(skins) < self.min_frames:
            reasons.append(f"only {len(skins)} frame(s) with skin (want {self.min_frames})")
        spread = float(np.median(delta_e_2000(skins, np.median(skins, axis=0))))
        stability = float(np.clip(1 - (spread - 1.5) / 4.5, 0, 1))
        if stability < 1:
            reasons.append(f"skin varies between frames (median dE00 {spread:.1f})")
        source = _main_source(samples)
        if source != "patch":
            reasons.append(f"white balance from {source.replace('_', ' ')}, not the reference patch")
        mesh = 1.0 if all(s.skin_from_mesh for s, _ in samples if s.skin is not None) else 0.85
        if mesh < 1:
            reasons.append("skin placed from body keypoints (no face mesh)")
        light, light_reasons = _light_trust(samples)
        reasons += light_reasons
        margin = float(np.clip((ranked[0][1] - ranked[1][1]) / 0.5, 0, 1))
        if margin < 0.5:
            reasons.append(f"{ranked[0][0].name} and {ranked[1][0].name} fit almost equally")
        confidence = (count * stability * WB_TRUST.get(source, 0.5) * mesh * light
                      * (0.5 + 0.5 * margin))
        return float(confidence), reasons



def _light_trust(samples: list) -> tuple[float, list[str]]:
    """What the reference cannot explain: clipped skin, and different light on each side.

    A card corrects one light and restores exposure, but not pixels the camera clipped
    (their true colour is unknown) nor a second lamp lighting half the face.
    """
    skin = [s for s, _ in samples if s.skin is not None]
    clipped = float(np.median([s.skin_clipped for s in skin]))
    split = float(np.median([s.light_split for s in skin]))
    trust, reasons = 1.0, []
    if clipped > CLIPPED_SKIN_OK:
        trust *= float(np.clip(1 - (clipped - CLIPPED_SKIN_OK) / 0.3, 0.3, 1))
        reasons.append(f"skin partly over-exposed ({clipped:.0%} of it clipped): "
                       "the reference cannot restore clipped colour; lower the camera's exposure")
    if split > MIXED_LIGHT_SPLIT:
        trust *= MIXED_LIGHT_TRUST
        reasons.append(f"mixed light across the face (halves differ by du'v' {split:.3f}): "
                       "the reference sees one light only")
    return trust, reasons


def _too_far(geometry: Geometry) -> str | None:
    width = face_width_px(geometry.landmarks, geometry.keypoints)
    if width is None or width >= MIN_FACE_PX:
        return None
    return (f"face {width:.0f} px wide: too few pixels for colour (needs {MIN_FACE_PX}): "
            "come closer to the mirror")


def _median(samples: list, region: str) -> np.ndarray | None:
    values = [getattr(s, region) for s, _ in samples if getattr(s, region) is not None]
    return np.median(np.array(values), axis=0) if values else None


def _main_source(samples: list) -> str:
    sources = [source for _, source in samples]
    return max(set(sources), key=sources.count) if sources else "none"


def _check_same_frame(frame_bgr: np.ndarray, geometry: Geometry) -> None:
    """Landmarks are pixels of one frame: sampling another size would read the wrong place."""
    if geometry.mask is not None and geometry.mask.shape[:2] != frame_bgr.shape[:2]:
        raise ColourError(
            f"frame is {frame_bgr.shape[1]}x{frame_bgr.shape[0]} but the observation's mask is "
            f"{geometry.mask.shape[1]}x{geometry.mask.shape[0]}",
            fix="feed the frame the observation was computed on (observation.image)")


def _card(season) -> Swatch:
    return Swatch(season.id, season.compare, season.name)


def _axis_reasons(scores: analysis.Axes, best: str, unsure: bool) -> list[str]:
    def word(value, positive, negative):
        return positive if value > 0.25 else negative if value < -0.25 else "balanced"
    described = (f"{word(scores.warmth, 'warm', 'cool')} undertone, "
                 f"{word(scores.value, 'light', 'deep')} colouring, "
                 f"{word(scores.chroma, 'high', 'soft')} contrast")
    verdict = f"closest season {best}" + (" (not sure: compare the two swatches)" if unsure else "")
    return [described, verdict]


def manual_result(season_id: str) -> ColourAnalysis:
    """The shopper picked a swatch instead of being measured: their choice, full confidence."""
    season = palette(season_id)
    return ColourAnalysis(season=season, confidence=1.0, white_balance="manual",
                          reasons=(f"chosen by the shopper: {season.name}",))
