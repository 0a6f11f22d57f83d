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


def histogram(index: np.ndarray) -> np.ndarray:
    """Smoothed, normalised 3-D histogram of the bins in ``index`` (1-D), flattened."""
    hist = np.bincount(index, minlength=BINS[0] * BINS[1] * BINS[2]).astype(np.float32)
    hist = hist.reshape(BINS)
    for axis in range(3):   # [1, 2, 1] / 4 along each axis
        hist = 0.5 * hist + 0.25 * (np.roll(hist, 1, axis) + np.roll(hist, -1, axis))
    return (hist / max(1.0, float(hist.sum()))).ravel()


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
    garment = histogram(in_seed)
    in_other = index[other > 0]
    background = histogram(in_other)
    if other_extra is not None and len(other_extra) >= MIN_SEED:
        background = (background + histogram(bins(other_extra).ravel())) / (2.0 if len(in_other) else 1.0)
    ratio = (garment / (garment + background + RARE)).astype(np.float32)
    like = ratio[index]
    # Relative to the seed's own typical pixel: a garment the colours of the crowd behind it
    # (a football shirt) scores as low as the crowd, but the crowd is not on the body.
    typical = float(np.median(like[seed > 0]))
    return np.minimum(like * np.float32(1 / max(typical, 0.05)), np.float32(1))
