"""Camera frames are untrusted input: drivers, RTSP streams and video files hand over odd
arrays.  Every frame is normalised to BGR uint8 HxWx3 or refused with a CameraError; the
real vision pipeline never crashes on what normalisation lets through."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hardware.camera.frames import MAX_SIDE, Frame, normalise_frame
from kiosk.errors import CameraError
from kiosk.vision.factory import build_pipeline
from tests.support.privacy import MODELS

DTYPES = st.sampled_from([np.uint8, np.uint16, np.int8, np.int32, np.int64, np.float16,
                          np.float32, np.float64, np.bool_, np.complex64])
SHAPES = st.one_of(
    hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=40),
    st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 6)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hnp.arrays(DTYPES, SHAPES))  # float elements include NaN and infinities
def test_normalise_gives_bgr_uint8_or_a_camera_error(array):
    try:
        image = normalise_frame(array)
    except CameraError:
        return
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    assert image.flags["C_CONTIGUOUS"] and 16 <= min(image.shape[:2])
    assert max(image.shape[:2]) <= MAX_SIDE


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float32, np.float64]), st.tuples(
    st.integers(16, 24), st.integers(16, 24), st.sampled_from([1, 3, 4]))))
def test_float_frames_with_nan_or_inf_are_refused_not_passed_on(array):
    try:
        image = normalise_frame(array)
    except CameraError:
        assert not np.isfinite(array).all()
        return
    assert np.isfinite(array).all() and image.dtype == np.uint8


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=5),
                 st.just(np.zeros(0)), st.just(np.zeros((5000, 16), np.uint8))))
def test_non_arrays_and_extreme_sizes_are_refused(value):
    with pytest.raises(CameraError):
        normalise_frame(value)


@pytest.fixture(scope="module")
def pipeline():
    if not (MODELS / "pose_landmarker.task").is_file():
        pytest.skip("models not built: run `kiosk models build`")
    built = build_pipeline(MODELS)
    yield built
    built.close()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), width=st.integers(16, 1600), height=st.integers(16, 1200),
       kind=st.sampled_from(["noise", "flat", "stripes", "grey"]))
def test_the_real_pipeline_survives_any_frame_normalisation_accepts(pipeline, seed, width, height, kind):
    rng = np.random.default_rng(seed)
    if kind == "noise":
        image = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    elif kind == "flat":
        image = np.full((height, width, 3), rng.integers(0, 256), np.uint8)
    elif kind == "stripes":
        image = np.zeros((height, width, 3), np.uint8)
        image[:, ::2] = 255
    else:
        image = rng.integers(0, 65536, (height, width), dtype=np.uint16)
    pipeline.forget()
    observation = pipeline.process(Frame(1, 1.0, image))
    assert observation.frame_size == (width, height)
    for points in (observation.face_landmarks, observation.pose_keypoints):
        assert points is None or np.isfinite(points).all()
