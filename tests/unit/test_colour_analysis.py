"""Analysis, palettes and the session accumulator on known Lab values and drawn frames."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.colour import analysis
from kiosk.colour.accumulator import ColourSession, manual_result
from kiosk.colour.calibrator import FrameCalibrator
from kiosk.colour.palette import manual_swatches, monk_hex, seasons
from kiosk.colour.sampling import Geometry, mesh_is_trustworthy, robust_skin
from kiosk.colour.spaces import hex_to_lab, lab_to_lch
from kiosk.colour.whitebalance import Region


def test_ita_and_monk_are_descriptive_and_monotonic():
    lightest, darkest = hex_to_lab(monk_hex()[0]), hex_to_lab(monk_hex()[-1])
    assert analysis.monk_tone(lightest) == 1 and analysis.monk_tone(darkest) == 10
    assert analysis.ita_category(analysis.ita_degrees(lightest)) == "very light"
    assert analysis.ita_category(analysis.ita_degrees(darkest)) == "dark"
    itas = [analysis.ita_degrees(hex_to_lab(h)) for h in monk_hex()]
    assert itas[0] > itas[4] > itas[9]


def test_undertone_follows_skin_hue():
    assert analysis.undertone(np.array([65, 18, 12])) == "cool"  # pinker: h ~ 34
    assert analysis.undertone(np.array([65, 10, 24])) == "warm"  # golden: h ~ 67
    assert analysis.undertone(np.array([65, 12, 17])) == "neutral"  # h ~ 55


@pytest.mark.parametrize("skin, hair, eyes, expected", [
    ((80, 8, 22), (70, 5, 30), (60, -5, 10), "Light Spring"),  # light, warm
    ((40, 12, 14), (12, 1, 1), (25, 2, 3), "Deep Winter"),  # deep, cool
    ((60, 9, 25), (35, 12, 25), (40, 8, 20), "Warm Autumn"),  # warm first, then deep
])
def test_seasons_follow_the_dominant_and_leaning_axes(skin, hair, eyes, expected):
    scores = analysis.axes(np.array(skin, float), np.array(hair, float), np.array(eyes, float))
    assert analysis.rank_seasons(scores)[0][0].name == expected


def test_palette_data_sits_where_each_season_says():
    def stats(season):
        lch = np.array([lab_to_lch(hex_to_lab(h)) for h in season.colours])
        return lch[:, 0].mean(), lch[:, 1].mean(), np.cos(np.radians(lch[:, 2] - 60)).mean()
    table = {s.id: stats(s) for s in seasons().values()}
    assert len(table) == 12
    for season in seasons().values():
        lightness, chroma, warmth = table[season.id]
        assert (warmth > 0) == (season.temperature == "warm"), season.id
        others = [v for k, v in table.items() if k != season.id]
        if season.dominant == "light":
            assert lightness > np.median([o[0] for o in others]) + 10, season.id
        if season.dominant == "deep":
            assert lightness < np.median([o[0] for o in others]) - 20, season.id
        if season.dominant == "bright":
            assert chroma > np.median([o[1] for o in others]) + 15, season.id
        if season.dominant == "soft":
            assert chroma < np.median([o[1] for o in others]) - 10, season.id


def test_manual_path_gives_the_chosen_palette():
    cards = manual_swatches()
    assert len(cards) == 12 and len({c.hex for c in cards}) == 12
    chosen = manual_result(cards[3].id)
    assert chosen.is_verdict and chosen.white_balance == "manual"
    assert chosen.to_json()["palette"]["colours"] == list(seasons()[cards[3].id].colours)
    with pytest.raises(KeyError):
        manual_result("indigo_monsoon")


def test_robust_skin_ignores_shadows_highlights_and_stray_hair():
    rng = np.random.default_rng(1)
    skin = np.array([66.0, 14.0, 18.0]) + rng.normal(0, 1, (400, 3))
    shadows = np.array([30.0, 8.0, 10.0]) + rng.normal(0, 1, (60, 3))
    speculars = np.array([96.0, 1.0, 3.0]) + rng.normal(0, 1, (30, 3))
    hair = np.array([25.0, 3.0, 8.0]) + rng.normal(0, 1, (40, 3))
    measured = robust_skin(np.concatenate([skin, shadows, speculars, hair]))
    assert np.abs(measured - [66, 14, 18]).max() < 1.0


def synthetic_face(skin_bgr=(120, 150, 200), size=(480, 640)):
    """A drawn face: keypoints for eyes and mouth, a skin-coloured ellipse, a patch."""
    frame = np.full((*size, 3), 90, np.uint8)
    frame[40:80, 20:60] = 118  # 18 % grey card
    import cv2
    cv2.ellipse(frame, (320, 220), (90, 120), 0, 0, 360, skin_bgr, -1)
    keypoints = np.zeros((33, 3), np.float32)
    keypoints[[2, 5, 9, 10]] = [[290, 190, 1], [350, 190, 1], [300, 270, 1], [340, 270, 1]]
    keypoints[[11, 12]] = [[420, 380, 1], [220, 380, 1]]
    mask = np.zeros(size, np.float32)
    cv2.ellipse(mask, (320, 220), (95, 125), 0, 0, 360, 1.0, -1)
    return frame, Geometry(None, keypoints, mask)


def test_session_accumulates_resets_and_says_when_unsure():
    frame, geometry = synthetic_face()
    session = ColourSession(FrameCalibrator(Region(20, 40, 40, 40)), min_frames=5)
    assert session.result().skin is None
    session.feed(frame, geometry)
    one = session.result()
    assert one.skin is not None and one.season is None and len(one.compare) == 2
    assert any("frame" in r for r in one.reasons)
    assert session.result() is one  # polled again without a new frame: no recomputation
    for _ in range(5):
        session.feed(frame, geometry)
    assert session.result().confidence > one.confidence
    session.reset()
    assert session.frames == 0 and session.result().skin is None


def test_scrambled_mesh_is_not_trusted():
    _frame, geometry = synthetic_face()
    mesh = np.zeros((478, 3), np.float32)
    mesh[:, :2] = np.random.default_rng(2).uniform(0, 400, (478, 2))
    assert not mesh_is_trustworthy(mesh, geometry.keypoints)
    assert not mesh_is_trustworthy(None, geometry.keypoints)


@pytest.mark.parametrize("lab, hair, eyes", [
    ((12, 1, 2), "black", "dark brown"),
    ((30, 8, 14), "dark brown", "dark brown"),
    ((70, 3, 28), "blonde", "hazel"),
    ((68, 0, 2), "grey", "grey"),
    ((45, 18, 20), "auburn", "brown"),
    ((45, 28, 30), "red", "brown"),
])
def test_plain_names_for_hair_and_eyes(lab, hair, eyes):
    from kiosk.colour.names import eye_name, hair_name

    assert hair_name(np.array(lab, float)) == hair
    assert eye_name(np.array(lab, float)) == eyes


def test_garment_names_and_blue_eyes():
    from kiosk.colour.names import eye_name, garment_name

    assert garment_name(hex_to_lab("#0a0a78")) == "navy blue"
    assert garment_name(hex_to_lab("#cd5e3a")) == "burnt orange"
    assert eye_name(np.array([45.0, -5.0, -18.0])) == "blue"


def test_session_keeps_no_pixels_or_landmarks():
    """Privacy (docs/privacy.md): per frame, only a few Lab triples stay in memory."""
    frame, geometry = synthetic_face()
    session = ColourSession(FrameCalibrator(Region(20, 40, 40, 40)))
    session.feed(frame, geometry)
    for sample, source in session._samples:
        assert isinstance(source, str)
        for value in vars(sample).values():
            assert not isinstance(value, np.ndarray) or value.size <= 3


def test_feeding_a_frame_of_another_size_is_refused():
    from kiosk.errors import ColourError

    frame, geometry = synthetic_face()
    with pytest.raises(ColourError) as caught:
        ColourSession().feed(frame[::2, ::2], geometry)
    assert "observation.image" in caught.value.fix
