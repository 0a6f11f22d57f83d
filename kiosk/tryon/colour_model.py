"""The garment's own colours, learnt per frame from the pixels that are surely garment.

A coarse CIELAB histogram of a seed (the torso's core, or for outerwear the shoulders and
sleeves) against one of what surely is not the garment (background, face, everything off the
pose region): each pixel's likeness is the share its colour bin has in the seed's histogram
over both.  Unlike a single mean colour this takes every colour of a striped or printed
garment, and it drops what the seed does not hold (a t-shirt under an open jacket, a helmet
held in front, skin) even inside the pose region.  Bins are smoothed a bin each way so a
fold's shade next to a bin edge is not lost.  8-bit Lab and one bin index per pixel: the
whole model costs well under a millisecond at the mask's half size.
"""

from __future__ import annotations

import cv2
import numpy as np

SHIFTS = (5, 4, 4)              # L*, a*, b* of OpenCV's 8-bit Lab in 8, 16 and 16 bins
BINS = tuple(256 >> shift for shift in SHIFTS)
MIN_SEED = 24                   # fewer surely-garment pixels than this: no model
RARE = 0.015                    # a colour under this share of the seed (after smoothing) is not the garment's


def bins(lab8: np.ndarray) -> np.ndarray:
    """Each pixel's histogram bin (int32, the shape of ``lab8`` without its channels)."""
    lab = lab8.astype(np.int32)
    return (((lab[..., 0] >> SHIFTS[0]) * BINS[1] + (lab[..., 1] >> SHIFTS[1])) * BINS[2]
            + (lab[..., 2] >> SHIFTS[2]))


def counts(index: np.ndarray) -> np.ndarray:
    """Pixels per bin (float32, flat) of the bins in ``index`` (1-D)."""
    return np.bincount(index, minlength=BINS[0] * BINS[1] * BINS[2]).astype(np.float32)


def _shares(raw: np.ndarray) -> np.ndarray:
    return raw / np.float32(max(1.0, float(raw.sum())))


_KERNEL = np.array([0.25, 0.5, 0.25], np.float32)


def smoothed(*hists: np.ndarray) -> list[np.ndarray]:
    """The flat histograms each smoothed [1, 2, 1] / 4 along L*, a* and b* (no wrap: black
    is not next to white), in two OpenCV filters for all of them: laid out as an image of
    (L*, a*) rows and b* columns, then of L* rows.  (a*'s ends touch the next L*'s there:
    8-bit a* of 0 or 255 is no colour a camera sees.)"""
    stack = np.ascontiguousarray(np.stack(hists, axis=-1))
    image = stack.reshape(BINS[0] * BINS[1], BINS[2], len(hists))
    image = cv2.sepFilter2D(image, -1, _KERNEL, _KERNEL, borderType=cv2.BORDER_CONSTANT)
    image = image.reshape(BINS[0], BINS[1] * BINS[2], len(hists))
    image = cv2.filter2D(image, -1, _KERNEL.reshape(3, 1), borderType=cv2.BORDER_CONSTANT)
    flat = image.reshape(-1, len(hists))
    return [flat[:, k] for k in range(len(hists))]


def likeness(lab8: np.ndarray, seed: np.ndarray, other: np.ndarray,
             other_extra: np.ndarray | None = None) -> np.ndarray | None:
    """0..1 per pixel of ``lab8``: how much its colour is the seed's rather than the
    other's.  ``seed`` and ``other`` are masks the size of ``lab8`` (non-zero: in);
    ``other_extra``: a further 8-bit Lab sample (N, 1, 3) of what is not the garment (the
    face's skin), weighted as much as all of ``other``.  None without enough seed."""
    index = bins(lab8)
    in_seed = index[seed > 0]
    if len(in_seed) < MIN_SEED:
        return None
    seed_counts = counts(in_seed)
    background = _shares(counts(index[other > 0]))
    if other_extra is not None and len(other_extra) >= MIN_SEED:
        skin = _shares(counts(bins(other_extra).ravel()))
        background = (background + skin) / np.float32(2.0 if background.any() else 1.0)
    garment, background = smoothed(_shares(seed_counts), background)
    ratio = (garment / (garment + background + RARE)).astype(np.float32)
    # Relative to the seed's own typical pixel (its median, read off the bins): a garment the
    # colours of the crowd behind it (a football shirt) scores as low as the crowd, but the
    # crowd is not on the body.
    held = np.flatnonzero(seed_counts)
    order = held[np.argsort(ratio[held])]
    half = int(np.searchsorted(np.cumsum(seed_counts[order]), len(in_seed) / 2))
    typical = float(ratio[order[min(half, len(order) - 1)]])
    scaled = np.minimum(ratio * np.float32(1 / max(typical, 0.05)), np.float32(1))
    return scaled[index]
