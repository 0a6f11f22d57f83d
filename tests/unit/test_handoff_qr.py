"""QR matrix for Qt to paint: quiet zone, whole-pixel scaling, decodes with OpenCV."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.errors import HandoffError
from kiosk.handoff.qr import QUIET_ZONE, decode_qr, qr_matrix, render_gray

URL = "http://192.168.1.20:8088/h/AcytqdTi2eL9HGomyOymP7ZrA-o5MO8kSMAgmb-PO4Wl"


def test_matrix_has_a_light_quiet_zone_and_decodes_at_every_scale():
    matrix = qr_matrix(URL)
    rows = np.array(matrix.rows)
    assert rows.shape == (matrix.size, matrix.size)
    assert not rows[:QUIET_ZONE].any() and not rows[-QUIET_ZONE:].any()
    assert not rows[:, :QUIET_ZONE].any() and not rows[:, -QUIET_ZONE:].any()
    for scale in (3, 6, 10):
        image = render_gray(matrix, scale)
        assert set(np.unique(image)) <= {0, 255}  # crisp: no smoothing, no grey
        assert decode_qr(image) == URL


def test_scale_for_fits_whole_pixels():
    matrix = qr_matrix(URL)
    assert matrix.scale_for(400) == 400 // matrix.size
    assert matrix.scale_for(10) == 1


def test_a_blank_image_does_not_decode():
    assert decode_qr(np.full((200, 200), 255, np.uint8)) is None


@pytest.mark.parametrize("text", ["", "x" * 500])
def test_unreasonable_text_is_refused(text):
    with pytest.raises(HandoffError):
        qr_matrix(text)


def test_fractional_scale_is_refused():
    with pytest.raises(HandoffError):
        render_gray(qr_matrix(URL), 0)


def test_many_random_handoff_urls_all_decode():
    from kiosk.handoff.tokens import TokenSigner

    signer = TokenSigner({1: bytes(32)}, 1)
    for _ in range(40):
        url = "http://192.168.1.20:8088/h/" + signer.issue(1e9, 100).token
        assert decode_qr(render_gray(qr_matrix(url), 6)) == url
