"""See it on me: the worn garment shown in another colourway, in the camera image.

Qt-free, numpy in, numpy out.  The garment region starts from what vision already has: the
pose's polygon for the item's kind (shoulders-hips for a top, plus the upper arms; to the
knees for a dress; hips to ankles for trousers) intersected with the person mask, with
everything at and above the neck cut away so the face is never touched.  With the frame,
the garment's own colours (kiosk.tryon.colour_model, learnt each frame where the pose says
the garment surely is) then drop what inside that region is not the garment and take what
around it is (forearms to the cuffs, a loose cut, a long coat).  The recolour is in CIELAB:
the garment keeps its own light and folds (L* detail around its mean), its mean L* and its
a*/b* move to the target colour's.  Edges are feathered.

Privacy (docs/privacy.md): frames and masks live in memory only; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.tryon import colour_model
from kiosk.vision.observation import (
    LEFT_ANKLE,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    RIGHT_ANKLE,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
)

LEFT_ELBOW, RIGHT_ELBOW, LEFT_WRIST, RIGHT_WRIST = 13, 14, 15, 16
MIN_VISIBILITY = 0.5
WORK_SCALE = 0.5          # the mask is built at half size: a soft edge needs no more
FEATHER = 0.035           # feather radius, as a share of the shoulder width
MIN_AREA = 0.01           # a garment under 1% of the frame is a crop or a mistake: no preview
FOLD_ROOM = 1.5           # the recoloured mean L* keeps this many of the garment's L* spreads from 0 and 100
SHOULDER_RISE = 0.25      # cloth over the shoulders reaches this share of their width above the joints
FACE_MARGIN = 0.15        # share of the face box's width cut each side of it (hair, ears)
NECK_WIDTH = 0.7          # share of the face box's width the neck under it takes
SKIN_SPREAD = 9.0         # Lab units: how far from the cheeks' colour a pixel is still skin
SKIN_AB, SKIN_L = 8.0, 15.0  # a garment this close to the face's colour is taken for skin
NEAR_SEED = 0.1           # a seed under this share of the region: the torso's core is out of the frame
SEED_SKIN = 0.2           # a seed pixel this like the cheeks is left out of it (a V-neck, a hand)
LIKE_LOW, LIKE_HIGH = 0.1, 0.4  # colour likeness (1: as the seed's typical pixel): below, not the garment; above, surely it
KEEP_LOW, KEEP_HIGH = 0.05, 0.25  # the recolour's own likeness ramp, looser: the mask has judged the colours already
REACH_SIDE = 0.5          # the colour may take the garment this share of the shoulder width beyond each side
COAT_DROP = 1.4           # outerwear may hang this many shoulder widths below the hips (a long coat)
COLOUR_HALVINGS = 2       # the colours are judged at the mask's size halved up to this many times,
COLOUR_WIDTH = 16         # as long as the shoulders stay this many pixels wide (a close shopper: fewer pixels)
COLOUR_STEPS = 3          # fixed-point steps that make the shown mean colour the target's
SMOOTHING = 0.5           # share of the new mask in the running mask (no flicker)

# The pose points that bound each kind's region (top/bottom pairs, left then right).
_BANDS = {
    "top": ((LEFT_SHOULDER, RIGHT_SHOULDER), (LEFT_HIP, RIGHT_HIP)),
    "outerwear": ((LEFT_SHOULDER, RIGHT_SHOULDER), (LEFT_HIP, RIGHT_HIP)),
    "dress": ((LEFT_SHOULDER, RIGHT_SHOULDER), (LEFT_KNEE, RIGHT_KNEE)),
    "trousers": ((LEFT_HIP, RIGHT_HIP), (LEFT_ANKLE, RIGHT_ANKLE)),
    "skirt": ((LEFT_HIP, RIGHT_HIP), (LEFT_KNEE, RIGHT_KNEE)),
}
_WITH_ARMS = frozenset({"top", "outerwear", "dress"})


@dataclass(frozen=True)
class Recoloured:
    image: np.ndarray          # BGR uint8, the frame with the garment in the target colour
    area: float                # garment share of the frame (0..1)
    lab_before: tuple[float, float, float]
    lab_after: tuple[float, float, float]
    weight: np.ndarray | None = None   # with ``measure``: the share of each pixel recoloured (frame size)


def wearable(kind: str) -> bool:
    """Kinds a body region can show (accessories are not previewed on the body)."""
    return kind in _BANDS


def garment_polygons(keypoints: np.ndarray, kind: str) -> list[np.ndarray]:
    """The pose polygons (pixels) for ``kind``: empty when the points it needs are not
    seen (a crop, a turned body): no preview rather than a guessed one."""
    torso = _torso(keypoints, kind)
    if torso is None:
        return []
    # Clothes stand off the joints: widen by a fifth each side so the mask (which follows
    # the real outline) decides where the garment ends, not the skeleton.
    polygons = [_body(torso, kind, 0.2)]
    if kind in _WITH_ARMS:
        polygons += _upper_arms(keypoints, torso.width)
    return polygons


@dataclass(frozen=True)
class _Torso:
    """The region's four corners (top left/right, lower left/right: the joints, pixels)."""
    tl: np.ndarray
    tr: np.ndarray
    bl: np.ndarray
    br: np.ndarray
    width: float

    def at(self, u: float, v: float) -> np.ndarray:
        """The point ``u`` of the way across and ``v`` of the way down (may lie outside)."""
        top, low = self.tl + u * (self.tr - self.tl), self.bl + u * (self.br - self.bl)
        return top + v * (low - top)

    def quad(self, u0: float, u1: float, v0: float, v1: float) -> np.ndarray:
        return np.array([self.at(u0, v0), self.at(u1, v0), self.at(u1, v1), self.at(u0, v1)],
                        np.float32)


def _torso(keypoints: np.ndarray | None, kind: str) -> _Torso | None:
    if kind not in _BANDS or keypoints is None:
        return None
    (top_l, top_r), _ = _BANDS[kind]
    if (keypoints[[top_l, top_r], 2] < MIN_VISIBILITY).any():
        return None
    p = keypoints[:, :2].astype(np.float32)
    across = p[top_r] - p[top_l]
    width = float(np.hypot(*across))
    if width < 8:
        return None
    lower = _lower_edge(keypoints, kind, across, width)
    if lower is None:
        return None
    return _Torso(p[top_l], p[top_r], lower[0], lower[1], width)


def _body(torso: _Torso, kind: str, out: float) -> np.ndarray:
    """The body band widened ``out`` of the shoulder line each side."""
    across = torso.tr - torso.tl
    # The joints sit inside the shoulders: the cloth over them reaches higher (the neck cut
    # in ``garment_mask`` keeps it off the chin).
    up = np.array([across[1], -across[0]], np.float32) / torso.width
    up = up if up[1] < 0 else -up
    rise = up * torso.width * (SHOULDER_RISE if kind in _WITH_ARMS else 0.0)
    return np.array([torso.tl - across * out + rise, torso.tr + across * out + rise,
                     torso.br + across * out, torso.bl - across * out], np.float32)


def _seed_polygons(keypoints: np.ndarray, kind: str) -> list[np.ndarray]:
    """Where the garment surely is, to learn its colours from: the torso's core for a top,
    a dress or a bottom; for outerwear, worn open over something else, the shoulders'
    outer parts and the upper arms (sleeves are always the outer garment)."""
    torso = _torso(keypoints, kind)
    if torso is None:
        return []
    if kind == "outerwear":
        return [torso.quad(-0.15, 0.12, 0.0, 0.55), torso.quad(0.88, 1.15, 0.0, 0.55),
                *_upper_arms(keypoints, torso.width, 0.6)]
    if kind in ("trousers", "skirt"):
        return [torso.quad(0.15, 0.85, 0.1, 0.6)]
    return [torso.quad(0.25, 0.75, 0.15, 0.8)]


def _near_seed_polygons(keypoints: np.ndarray, kind: str) -> list[np.ndarray]:
    """The seed for a shopper close to the mirror, whose torso's core is below the frame:
    the cloth from the shoulder line down (the neck cut and skin keep the neckline out)."""
    torso = _torso(keypoints, kind)
    return [] if torso is None else [torso.quad(0.1, 0.9, 0.0, 0.8)]


def _reach_polygons(keypoints: np.ndarray, kind: str) -> list[np.ndarray]:
    """Where the garment may be beyond the pose region, if its colour says so: wider sides
    (a loose cut, an arm held out), the forearms to the wrists (long sleeves, cuffs) and,
    for outerwear, below the hips (a long coat)."""
    torso = _torso(keypoints, kind)
    if torso is None:
        return []
    out = [_body(torso, kind, REACH_SIDE)]
    if kind not in _WITH_ARMS:
        return out
    out += _forearms(keypoints, torso.width)
    if kind == "outerwear" and (keypoints[[LEFT_HIP, RIGHT_HIP], 2] >= MIN_VISIBILITY).all():
        across = torso.tr - torso.tl
        down = np.array([-across[1], across[0]], np.float32) / torso.width
        down = down if down[1] > 0 else -down
        drop = down * torso.width * COAT_DROP
        side = across * REACH_SIDE
        out.append(np.array([torso.bl - side, torso.br + side, torso.br + side + drop,
                             torso.bl - side + drop], np.float32))
    return out


def _lower_edge(keypoints: np.ndarray, kind: str, across: np.ndarray, width: float):
    """The region's lower (left, right) points.  A top whose hips are out of the picture (a
    shopper close to the mirror) runs down the body to the frame's edge; every other kind
    needs its lower points seen."""
    (top_l, top_r), (low_l, low_r) = _BANDS[kind]
    p = keypoints[:, :2].astype(np.float32)
    if (keypoints[[low_l, low_r], 2] >= MIN_VISIBILITY).all():
        return p[low_l], p[low_r]
    if kind not in ("top", "outerwear"):
        return None
    down = np.array([-across[1], across[0]], np.float32) / width
    if down[1] < 0:       # image y grows downwards: the body hangs below the shoulders
        down = -down
    drop = down * width * 1.8
    return p[top_l] + drop, p[top_r] + drop


def _upper_arms(keypoints: np.ndarray, shoulder_width: float,
                width: float = 1.0) -> list[np.ndarray]:
    """Sleeves: a band from each visible shoulder to its elbow (arms are optional);
    ``width``: a share of a sleeve's usual width."""
    return _limbs(keypoints, ((LEFT_SHOULDER, LEFT_ELBOW), (RIGHT_SHOULDER, RIGHT_ELBOW)),
                  shoulder_width * 0.25 * width)


def _forearms(keypoints: np.ndarray, shoulder_width: float) -> list[np.ndarray]:
    """Long sleeves: a band from each visible elbow to its wrist (a little narrower)."""
    return _limbs(keypoints, ((LEFT_ELBOW, LEFT_WRIST), (RIGHT_ELBOW, RIGHT_WRIST)),
                  shoulder_width * 0.2)


def _limbs(keypoints: np.ndarray, pairs, half_width: float) -> list[np.ndarray]:
    bands = []
    for start, end in pairs:
        if keypoints[start, 2] < MIN_VISIBILITY or keypoints[end, 2] < MIN_VISIBILITY:
            continue
        a, b = keypoints[start, :2], keypoints[end, :2]
        along = b - a
        length = float(np.hypot(*along))
        if length < 4:
            continue
        normal = np.array([-along[1], along[0]]) / length * half_width
        bands.append(np.array([a - normal, a + normal, b + normal, b - normal], np.float32))
    return bands


def garment_mask(shape: tuple[int, int], keypoints: np.ndarray | None,
                 person_mask: np.ndarray | None, kind: str = "top",
                 face_bottom: float | None = None, image: np.ndarray | None = None,
                 face_box=None) -> np.ndarray | None:
    """Soft garment mask (float32 0..1, frame size) or None when it cannot be trusted.

    Built at WORK_SCALE: pose polygons x person mask, the neck and head cut off at the
    shoulder line and below ``face_bottom`` (the face box's lower edge, when a face is
    seen): never on the face; minus skin (pixels the colour of the face's cheeks, when
    ``image`` and ``face_box`` are given: a V-neck, forearms across the body).  With
    ``image``, the garment's own colours decide (kiosk.tryon.colour_model, seeded from where
    the pose says it surely is): inside the region what is not its colour is dropped (a
    t-shirt under an open jacket, a helmet held in front), and around it (wider sides, the
    forearms down to the cuffs, a coat below the hips) what is its colour and joins it is
    taken.  Then feathered."""
    polygons = garment_polygons(keypoints, kind) if keypoints is not None else []
    if not polygons or person_mask is None:
        return None
    h, w = shape
    sh, sw = max(1, int(h * WORK_SCALE)), max(1, int(w * WORK_SCALE))
    region = _fill((sh, sw), polygons)
    _cut_neck(region, keypoints, face_bottom, face_box)
    person = np.clip(cv2.resize(person_mask.astype(np.float32), (sw, sh),
                                interpolation=cv2.INTER_LINEAR), 0, 1)
    if image is not None:
        small = _by_colour(region, person, image, keypoints, kind, face_bottom, face_box)
    else:
        small = (region.astype(np.float32) / 255.0) * person
    if small.mean() < MIN_AREA:
        return None
    shoulder_width = float(np.hypot(*(keypoints[RIGHT_SHOULDER, :2] - keypoints[LEFT_SHOULDER, :2])))
    radius = max(1, int(shoulder_width * WORK_SCALE * FEATHER)) | 1
    small = cv2.GaussianBlur(small, (2 * radius + 1, 2 * radius + 1), 0)
    _cut_neck(small, keypoints, face_bottom, face_box)   # the feather must not creep onto the chin
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _fill(shape: tuple[int, int], polygons: list[np.ndarray]) -> np.ndarray:
    """The polygons (frame pixels) filled at WORK_SCALE, uint8 0/255."""
    out = np.zeros(shape, np.uint8)
    for poly in polygons:   # one by one: fillPoly XORs where polygons overlap
        cv2.fillPoly(out, [np.round(poly * WORK_SCALE).astype(np.int32)], 255)
    return out


def _by_colour(region: np.ndarray, person: np.ndarray, image: np.ndarray,
               keypoints: np.ndarray, kind: str, face_bottom: float | None,
               face_box) -> np.ndarray:
    """The mask decided by the garment's colours (see ``garment_mask``); the region x
    person mask, minus skin, when there is too little surely-garment to learn them from.  The colours are
    judged at half the mask's size (the 6 ms budget; the person mask and the feather give
    the edge), the regions drawn at the mask's."""
    reach = _fill(region.shape, _reach_polygons(keypoints, kind))
    cv2.bitwise_or(reach, region, reach)
    _cut_neck(reach, keypoints, face_bottom, face_box)
    seed = cv2.bitwise_and(_fill(region.shape, _seed_polygons(keypoints, kind)), region)
    if cv2.countNonZero(seed) < NEAR_SEED * cv2.countNonZero(region) and kind != "outerwear":
        seed = cv2.bitwise_and(_fill(region.shape, _near_seed_polygons(keypoints, kind)), region)
    colour = cv2.resize(image, region.shape[::-1], interpolation=cv2.INTER_LINEAR)
    width = WORK_SCALE * float(np.hypot(*(keypoints[RIGHT_SHOULDER, :2] - keypoints[LEFT_SHOULDER, :2])))
    for _ in range(COLOUR_HALVINGS):
        if width / 2 < COLOUR_WIDTH:
            break
        colour, width = _half(colour), width / 2
    half = colour.shape[1::-1]
    lab8 = cv2.cvtColor(colour, cv2.COLOR_BGR2Lab)
    cheeks = _cheek_pixels(image, face_box) if face_box is not None else None
    skin = _skin_likeness8(lab8, cheeks) if cheeks is not None else None
    person_q = cv2.resize(person, half, interpolation=cv2.INTER_LINEAR)
    reach_q = cv2.resize(reach, half, interpolation=cv2.INTER_NEAREST)
    seed_q = cv2.resize(seed, half, interpolation=cv2.INTER_NEAREST)
    unsure = person_q <= 0.5
    if skin is not None:
        unsure |= skin >= SEED_SKIN
    seed_q[unsure] = 0
    like = colour_model.likeness(lab8, seed_q, cv2.bitwise_not(reach_q), cheeks)
    if like is None:
        small = (region.astype(np.float32) / 255.0) * person
        if skin is None:
            return small
        return small * (1.0 - cv2.resize(skin, region.shape[::-1], interpolation=cv2.INTER_LINEAR))
    factor = np.clip((like - LIKE_LOW) / (LIKE_HIGH - LIKE_LOW), 0.0, 1.0)
    if skin is not None:
        factor *= 1.0 - skin
    factor *= _joined(person_q * factor * (reach_q > 0), seed_q)
    factor = cv2.resize(factor, region.shape[::-1], interpolation=cv2.INTER_LINEAR)
    return (reach.astype(np.float32) / 255.0) * person * factor


def _joined(mask: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """1 where ``mask`` is joined to the seed, else 0 (a garment-coloured patch of the
    background beside the arm, a team-mate's shirt), float32."""
    count, labels = cv2.connectedComponents(cv2.compare(mask, 0.3, cv2.CMP_GT), connectivity=8)
    keep = np.zeros(count, np.float32)
    keep[np.unique(labels[(seed > 0) & (mask > 0.3)])] = 1.0
    keep[0] = 1.0   # below the threshold: the soft edge stays as it is
    return keep[labels]


def _skin_likeness8(lab8: np.ndarray, cheeks: np.ndarray) -> np.ndarray:
    """0..1 per pixel of ``lab8`` (8-bit Lab): how sure it is skin, by closeness to the
    face's cheeks (``cheeks``: their 8-bit Lab pixels; the median; a*/b* count fully, L* a
    quarter: skin in shade is still skin).  A ramp, not the raw likeness: a half-removed
    V-neck shows a tinted chest.  OpenCV arithmetic only (the 6 ms budget): a*/b* are 1:1
    with CIELAB in 8-bit Lab, L* is scaled by 2.55."""
    skin8 = (*(float(v) for v in np.median(cheeks.reshape(-1, 3), axis=0)), 0.0)
    diff = cv2.absdiff(lab8, skin8).astype(np.float32)
    distance2 = cv2.transform(cv2.multiply(diff, diff),
                              np.array([[0.25 / 2.55 ** 2, 1.0, 1.0]], np.float32))
    likeness = cv2.exp(distance2 * np.float32(-1 / (2 * SKIN_SPREAD ** 2)))
    return np.clip((likeness - 0.15) / 0.3, 0.0, 1.0)


def _cheek_box(image: np.ndarray, face_box) -> np.ndarray:
    """The middle of the face box (the cheeks and nose), BGR, maybe empty."""
    x, y, w, h = (int(round(v)) for v in (face_box.x + face_box.w * 0.3, face_box.y + face_box.h * 0.35,
                                          face_box.w * 0.4, face_box.h * 0.4))
    return image[max(0, y):y + h, max(0, x):x + w]


def _cheek_pixels(image: np.ndarray, face_box) -> np.ndarray | None:
    """The cheeks' pixels as an 8-bit Lab column (N, 1, 3), at most ~1000, or None."""
    cheek = _cheek_box(image, face_box)
    if cheek.size == 0:
        return None
    step = max(1, int(np.sqrt(cheek.shape[0] * cheek.shape[1] / 1000)))
    sample = np.ascontiguousarray(cheek[::step, ::step]).reshape(-1, 1, 3)
    return cv2.cvtColor(sample, cv2.COLOR_BGR2Lab)


def _cheek_lab(image: np.ndarray, face_box) -> np.ndarray | None:
    """Median CIELAB of the middle of the face box (the cheeks and nose), or None."""
    cheek = _cheek_box(image, face_box)
    if cheek.size == 0:
        return None
    return np.median(_lab(cheek).reshape(-1, 3), axis=0).astype(np.float32)


def _cut_neck(work: np.ndarray, keypoints: np.ndarray, face_bottom: float | None,
              face_box) -> None:
    """Zero ``work`` (at WORK_SCALE) above the neck.  Without a face box, the whole width
    above ``_neck_row``.  With it: above the cloth's rise over the shoulders, the face box
    itself widened by FACE_MARGIN each side (head, hair, ears), and under it the neck's
    columns (NECK_WIDTH of the face's width) down to the chin plus a margin, so a collar
    beside the neck keeps its colourway and the face never gets one."""
    if face_box is None:
        work[:max(0, int(_neck_row(keypoints, face_bottom) * WORK_SCALE))] = 0
        return
    work[:max(0, int(_neck_row(keypoints, None, SHOULDER_RISE) * WORK_SCALE))] = 0
    bottom = face_box.y + face_box.h
    x0 = max(0, int((face_box.x - FACE_MARGIN * face_box.w) * WORK_SCALE))
    x1 = max(0, int((face_box.x + (1 + FACE_MARGIN) * face_box.w) * WORK_SCALE) + 1)
    work[:max(0, int(bottom * WORK_SCALE) + 1), x0:x1] = 0
    centre, half = face_box.x + face_box.w / 2, face_box.w * NECK_WIDTH / 2
    x0 = max(0, int((centre - half) * WORK_SCALE))
    x1 = max(0, int((centre + half) * WORK_SCALE) + 1)
    work[:max(0, int(_neck_row(keypoints, bottom) * WORK_SCALE)), x0:x1] = 0


def _neck_row(keypoints: np.ndarray, face_bottom: float | None, rise: float = 0.15) -> float:
    """The highest row a garment may reach: a little above the shoulder joints (a collar,
    the top of the shoulders) and never above the chin plus a margin."""
    shoulders = keypoints[[LEFT_SHOULDER, RIGHT_SHOULDER], :2]
    width = float(np.hypot(*(shoulders[1] - shoulders[0])))
    row = float(shoulders[:, 1].min()) - rise * width
    return row if face_bottom is None else max(row, face_bottom + 0.05 * width)


def recolour(image: np.ndarray, mask: np.ndarray, target_lab: tuple[float, float, float],
             lightness: float = 1.0, measure: bool = False) -> Recoloured:
    """The frame with the masked garment moved to ``target_lab`` (CIELAB D65, L 0-100).

    Each pixel keeps its L* difference from the garment's mean (light and folds), the mean
    L* moves ``lightness`` of the way to the target's, but stays FOLD_ROOM of the garment's
    own L* spread away from black and white (a black shirt in a white colourway would
    otherwise clip to a flat blot: the shading needs room), and a*/b* become the target's.
    Where a light or dark fold's target colour is outside what the screen shows (sRGB), its
    chroma is clipped: a*/b* and L* are then corrected so that the garment's mean colour
    is the target's, not a paler one.

    Cost (the 6 ms budget): only the mask's bounding box is touched; the garment's colour
    model is read at a quarter size; at full size only 8-bit work: Lab by look-up tables, and
    since the new a*/b* are one colour, the new BGR is a 256-entry table of L* (one LUT, one
    blend).  ``measure``: also the garment's mean Lab after (tests, the bench)."""
    x0, y0, bw, bh = cv2.boundingRect(cv2.compare(mask, 0.02, cv2.CMP_GT))
    if bw == 0 or bh == 0:
        return Recoloured(image, 0.0, (0, 0, 0), (0, 0, 0))
    box, region = image[y0:y0 + bh, x0:x0 + bw], mask[y0:y0 + bh, x0:x0 + bw]
    small_box, small_region = _quarter(box), _quarter(region)
    small_lab8 = cv2.cvtColor(small_box, cv2.COLOR_BGR2Lab)
    likeness = _like_the_garment(small_lab8, small_region)
    small_weight = small_region * likeness
    total = float(small_weight.sum())
    if total < 1.0:
        return Recoloured(image, 0.0, (0, 0, 0), (0, 0, 0))
    small_lab = _lab8_to_lab(small_lab8)
    before = _mean(small_lab, small_weight, total)
    spread = float(np.sqrt(np.tensordot(small_weight, (small_lab[..., 0] - before[0]) ** 2) / total))
    room = min(50.0, FOLD_ROOM * spread)
    mean_l = float(np.clip(before[0] + lightness * (target_lab[0] - before[0]), room, 100.0 - room))
    levels = np.bincount(small_lab8[..., 0].ravel(), small_weight.ravel(), 256) / total
    table = _colour_table(levels, round((mean_l - before[0]) * 2.55), (mean_l, *target_lab[1:]))
    weight = region * cv2.resize(likeness, (bw, bh), interpolation=cv2.INTER_LINEAR)
    lightness8 = cv2.extractChannel(cv2.cvtColor(box, cv2.COLOR_BGR2Lab), 0)
    bgr = cv2.LUT(cv2.cvtColor(lightness8, cv2.COLOR_GRAY2BGR), table)
    out = image.copy()
    out[y0:y0 + bh, x0:x0 + bw] = cv2.blendLinear(bgr, box, weight, 1.0 - weight)
    if not measure:
        return Recoloured(out, float(mask.mean()), before, (0.0, 0.0, 0.0))
    after = _mean(_lab(out[y0:y0 + bh, x0:x0 + bw]), weight, float(weight.sum()))
    full = np.zeros(mask.shape, np.float32)
    full[y0:y0 + bh, x0:x0 + bw] = weight
    return Recoloured(out, float(mask.mean()), before, after, full)


def _colour_table(levels: np.ndarray, shift: int, wanted: tuple[float, float, float]) -> np.ndarray:
    """BGR for each 8-bit L* of the garment (256x1x3 uint8): L* + ``shift`` and a*/b* such
    that, over the garment's L* histogram ``levels`` (shares), the mean CIELAB shown is
    ``wanted``.  A few fixed-point steps on 256 entries: the colours sRGB cannot show at a
    fold's lightness are clipped by the conversion (and L* at black and white), the others
    make up for it."""
    aim = np.array(wanted, np.float64)
    asked = np.array([shift, aim[1] + 128, aim[2] + 128], np.float64)
    for _ in range(COLOUR_STEPS):
        lab8 = np.empty((256, 1, 3), np.uint8)
        lab8[:, 0, 0] = np.clip(np.arange(256) + round(asked[0]), 0, 255)
        lab8[:, 0, 1:] = np.clip(np.round(asked[1:]), 0, 255)
        bgr = cv2.cvtColor(lab8, cv2.COLOR_Lab2BGR)
        miss = aim - levels @ _lab(bgr).reshape(256, 3).astype(np.float64)
        if np.abs(miss).max() < 0.5:
            break
        asked += miss * (2.55, 1.0, 1.0)
    return bgr


def _half(image: np.ndarray) -> np.ndarray:
    """Half size; bilinear at exactly half is the 2x2 mean (INTER_AREA's result, faster)."""
    return cv2.resize(image, ((image.shape[1] + 1) // 2, (image.shape[0] + 1) // 2),
                      interpolation=cv2.INTER_LINEAR)


def _quarter(image: np.ndarray) -> np.ndarray:
    return _half(_half(image))


def _lab8_to_lab(lab8: np.ndarray) -> np.ndarray:
    lab = lab8.astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0
    lab[..., 1:] -= 128.0
    return lab


def _lab(bgr: np.ndarray) -> np.ndarray:
    """CIELAB (L 0-100, signed a*/b*) via OpenCV's 8-bit conversion (sRGB, D65)."""
    return _lab8_to_lab(cv2.cvtColor(bgr, cv2.COLOR_BGR2Lab))


def _mean(lab: np.ndarray, weight: np.ndarray, total: float) -> tuple[float, float, float]:
    return tuple(float(v) for v in np.tensordot(weight, lab, axes=([0, 1], [0, 1])) / total)


def _like_the_garment(lab8: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """0..1 per pixel: how much its colour is the garment's (kiosk.tryon.colour_model,
    learnt where the mask is sure, against the box's pixels off the mask).  A hand, a white
    collar, a badge or a helmet held against the body keep their colour; every colour of a
    striped shirt is recoloured; the garment's shading stays in."""
    like = colour_model.likeness(lab8, cv2.compare(weight, 0.8, cv2.CMP_GT),
                                 cv2.compare(weight, 0.05, cv2.CMP_LT))
    if like is None:
        return np.ones_like(weight)
    return np.clip((like - KEEP_LOW) / (KEEP_HIGH - KEEP_LOW), 0.0, 1.0)


def looks_like_skin(image: np.ndarray, mask: np.ndarray, face_box) -> bool:
    """True when the garment's colour is the shopper's skin colour (a nude top, bare
    shoulders): the region cannot be told from the neck and arms, so no preview rather
    than a recoloured neck.  Skin: the middle of the face box; both medians in CIELAB."""
    if face_box is None:
        return False
    skin = _cheek_lab(image, face_box)
    # A 4x4 grid, not every 16th masked pixel: the same sample size without building the
    # full-frame index first (it ran on the GUI thread at 4.4 ms an observation; bench.ui).
    cloth = image[::4, ::4][mask[::4, ::4] > 0.8]
    if skin is None or len(cloth) < 16:
        return False
    garment = np.median(_lab(cloth.reshape(-1, 1, 3)).reshape(-1, 3), axis=0)
    return bool(np.hypot(*(garment[1:] - skin[1:])) < SKIN_AB and abs(garment[0] - skin[0]) < SKIN_L)


class LiveTryOn:
    """Frame-to-frame state: the mask smoothed over frames so its edge does not flicker,
    dropped at once when the pose is lost (no ghost garment)."""

    def __init__(self) -> None:
        self._mask: np.ndarray | None = None

    def reset(self) -> None:
        self._mask = None

    def update(self, shape: tuple[int, int], keypoints: np.ndarray | None,
               person_mask: np.ndarray | None, kind: str,
               face_bottom: float | None = None, image: np.ndarray | None = None,
               face_box=None) -> np.ndarray | None:
        mask = garment_mask(shape, keypoints, person_mask, kind, face_bottom, image, face_box)
        if mask is None:
            self._mask = None
        elif self._mask is None or self._mask.shape != mask.shape:
            self._mask = mask
        else:
            self._mask = cv2.addWeighted(mask, SMOOTHING, self._mask, 1 - SMOOTHING, 0)
        return self._mask
