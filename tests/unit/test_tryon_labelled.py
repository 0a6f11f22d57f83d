"""Issue 20: See it on me measured against the hand-labelled garments of nine real photos
(tests/data/tryon_labels; tests/support/tryon_labels.py).  Regression guards a little
below what the mask achieves (docs/performance.md has the figures): the mask must not get
worse at finding the garment, and the face must never change."""

import numpy as np
import pytest

from tests.support.tryon_labels import labels, measure

MASK_IOU_FLOOR = 0.75          # achieved 0.771 (with the garment's colours; 0.706 before them)
OUTSIDE_DE00_CEILING = 0.6     # achieved 0.47 over everything outside the labelled garment


@pytest.fixture(scope="module")
def figures():
    return measure()


def test_the_labelled_set_is_eight_real_photos_or_more_each_with_its_origin():
    found = labels()
    assert len(found) >= 8
    for label in found:
        assert label.origin and label.source.split(":")[0] in ("built", "opencv-doc")
        image = label.image()
        assert 0.02 < label.mask(image.shape[:2]).mean() < 0.8, label.name


def test_the_garment_mask_matches_the_hand_labels(figures):
    rows, means = figures
    assert means["mask_iou_mean"] >= MASK_IOU_FLOOR, [(r.name, round(r.mask_iou, 3)) for r in rows]
    assert all(r.mask_iou > 0.15 for r in rows), "every photo finds some of its garment"


def test_the_face_never_changes_and_little_outside_the_garment_does(figures):
    rows, means = figures
    assert all(r.face_de00 == 0.0 for r in rows), [(r.name, r.face_de00) for r in rows]
    assert means["outside_de00_mean"] <= OUTSIDE_DE00_CEILING


def test_the_recoloured_garment_moves_towards_the_target(figures):
    rows, means = figures
    assert np.isfinite(means["colour_de00_mean"])
    # issue 20's goal, over the whole labelled garment: 6 (achieved 5.4; 10.2 before the colours)
    assert means["colour_de00_mean"] <= 6.0, [(r.name, round(r.colour_de00, 1)) for r in rows]
    # where the recolour takes the garment, it is the target colour (achieved 2.1)
    assert means["recoloured_de00_mean"] < 3.0, [(r.name, round(r.recoloured_de00, 1)) for r in rows]


def test_the_known_hard_garments_are_found(figures):
    """The weak cases of the pose region alone: the side-on long coat (IoU 0.29 then, its
    colour 24.6 dE00 off) and the striped shirt (one stripe recoloured: 25.7 dE00 off)."""
    rows, _ = figures
    by_name = {r.name: r for r in rows}
    assert by_name["camera"].mask_iou > 0.65 and by_name["camera"].colour_de00 < 9.0
    assert by_name["messi5"].colour_de00 < 11.0 and by_name["messi5"].recoloured_de00 < 4.0
