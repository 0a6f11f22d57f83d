"""Camera hang-tag reading on real rendered barcodes in photo-like frames."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.camera.frames import Frame
from hardware.scanners.camera_tags import CameraTagReader
from tests.support.scanners import background, hang_tag, photo, render_linear, render_qr

DL_URL = "https://id.gs1.org/01/09506000134352/10/ABC123"
TAGS = {  # name: (symbol, expected GTIN-14, symbology, width of the tag in the frame)
    "ean13": (lambda: render_linear("ean13", "400638133393"), "04006381333931", "EAN13", 0.5),
    "upca": (lambda: render_linear("upca", "03600029145"), "00036000291452", None, 0.5),
    "code128": (lambda: render_linear("code128", "0109501101020917"), "09501101020917",
                "CODE128", 0.55),
    "gs1_128": (lambda: render_linear("gs1_128", "010950110102091710ABC"), "09501101020917",
                "GS1_128", 0.75),
    "qr": (lambda: render_qr(DL_URL), "09506000134352", "QR_DIGITAL_LINK", 0.4),
}


@pytest.fixture(scope="module")
def reader():
    return CameraTagReader()


@pytest.mark.parametrize("name", sorted(TAGS))
@pytest.mark.parametrize(("angle", "blur", "seed"), [(0, 0.6, 1), (9, 1.0, 2), (-14, 0.8, 3),
                                                     (20, 0.6, 4), (90, 0.8, 5), (180, 0.6, 6)])
def test_each_symbology_is_read_from_a_held_up_tag(reader, name, angle, blur, seed):
    make, gtin, symbology, width = TAGS[name]
    frame = Frame(seq=1, ts=0.0, image=photo(hang_tag(make()), width_frac=width, angle=angle,
                                             blur=blur, seed=seed))
    reading = reader.read(frame)
    assert [item.gtin for item in reading.items] == [gtin]
    item = reading.items[0]
    assert item.source == "camera" and (symbology is None or item.symbology == symbology)


@pytest.mark.parametrize("name", ["ean13", "qr"])
def test_a_camera_that_mirrors_its_image_still_reads_tags(reader, name):
    make, gtin, _, width = TAGS[name]
    mirrored = photo(hang_tag(make()), width_frac=width)[:, ::-1].copy()
    assert [item.gtin for item in reader.read(mirrored).items] == [gtin]


def test_a_frame_without_a_tag_gives_nothing(reader):
    reading = reader.read(background())
    assert reading.items == () and reading.errors == ()


def test_a_poster_qr_is_reported_not_scanned(reader):
    frame = photo(hang_tag(render_qr("https://example.com/summer-sale")), width_frac=0.4)
    reading = reader.read(frame)
    assert reading.items == ()
    assert "not a GS1 Digital Link" in reading.errors[0].message


def test_two_tags_in_one_frame_are_both_read(reader):
    left = photo(hang_tag(render_linear("ean13", "400638133393")), width_frac=0.45, angle=0)
    right = photo(hang_tag(render_qr(DL_URL)), width_frac=0.3, angle=0, seed=9)
    combined = np.concatenate([left, right], axis=1)
    assert {i.gtin for i in reader.read(combined).items} == {"04006381333931", "09506000134352"}


def test_opencv_alone_misreads_code128_and_the_reader_does_not():
    """Why the kiosk does not use cv2.barcode's decoder: it names another product."""
    import cv2
    code128 = hang_tag(render_linear("code128", "0109501101020917"))
    wrong, reader = 0, CameraTagReader()
    for seed, angle in enumerate((0, 8, -12, 20, 0, 5)):
        frame = photo(code128, width_frac=0.55, angle=angle, seed=seed)
        ok, texts, _, _ = cv2.barcode.BarcodeDetector().detectAndDecodeWithType(frame)
        wrong += ok and any(text and text != "0109501101020917" for text in texts)
        assert {i.gtin for i in reader.read(frame).items} <= {"09501101020917"}
    assert wrong > 0


@pytest.mark.parametrize("name", ["ean13", "code128", "gs1_128"])
@pytest.mark.parametrize("angle", [35, -50, 65])
def test_steeply_tilted_linear_codes_are_found_by_opencv_and_read_level(reader, name, angle):
    make, gtin, _, width = TAGS[name]
    frame = photo(hang_tag(make()), width_frac=width, angle=angle, seed=7)
    assert [item.gtin for item in reader.read(frame).items] == [gtin]
