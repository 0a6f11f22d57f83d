"""Real, rendered hang-tag codes in photo-like camera frames, and scanner test helpers.

Barcodes come from python-barcode (EAN-13, UPC-A, Code 128, GS1-128) and segno (QR),
printed onto a white hang tag, then warped into a 640x480 frame over a real photo of
a person (scikit-image's astronaut) with perspective, rotation, a lighting gradient,
blur and sensor noise, as a webcam behind the mirror would see a tag held up to it.
"""

from __future__ import annotations

import io

import barcode
import cv2
import numpy as np
import segno
from barcode.writer import ImageWriter
from PIL import Image

from kiosk.catalogue.gtin import check_digit

FRAME_W, FRAME_H = 640, 480


def render_linear(kind: str, data: str) -> np.ndarray:
    """kind: ean13 | upca | code128 | gs1_128 (python-barcode names); grey uint8."""
    symbol = barcode.get_barcode_class(kind)(data, writer=ImageWriter())
    buffer = io.BytesIO()
    symbol.write(buffer, options={"module_width": 0.254, "module_height": 16, "quiet_zone": 3,
                                  "dpi": 400, "write_text": True, "font_size": 8,
                                  "text_distance": 3})
    buffer.seek(0)
    return np.array(Image.open(buffer).convert("L"))


def render_qr(text: str) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    buffer.seek(0)
    return np.array(Image.open(buffer).convert("L"))


def hang_tag(symbol: np.ndarray, label: str = "LUMEN & CO.  49.95") -> np.ndarray:
    """A white card with a punched hole and a printed line above the code (BGR)."""
    h, w = symbol.shape
    card = np.full((h + 140, w + 60, 3), 246, np.uint8)
    card[110:110 + h, 30:30 + w] = symbol[:, :, None]
    cv2.circle(card, (card.shape[1] // 2, 28), 12, (40, 40, 40), -1)
    cv2.putText(card, label, (30, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (30, 30, 30), 2,
                cv2.LINE_AA)
    return card


def background() -> np.ndarray:
    import skimage.data
    photo = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    return cv2.resize(photo, (FRAME_W, FRAME_H), interpolation=cv2.INTER_AREA)


def photo(tag: np.ndarray, *, width_frac: float = 0.5, angle: float = 6.0, tilt: float = 0.05,
          blur: float = 0.8, noise: float = 4.0, seed: int = 0) -> np.ndarray:
    """The tag held up in front of the person: perspective, light falloff, blur, noise."""
    rng = np.random.default_rng(seed)
    h, w = tag.shape[:2]
    tw = FRAME_W * width_frac
    th = h * tw / w
    corners = np.float32([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2],
                          [-tw / 2, th / 2]])
    corners[1, 1] -= tilt * th        # turned a little: the right edge is nearer the camera
    corners[2, 1] += tilt * th
    a = np.radians(angle)
    rotation = np.float32([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    centre = np.float32([FRAME_W / 2 + rng.uniform(-40, 40), FRAME_H / 2 + rng.uniform(-30, 30)])
    target = corners @ rotation.T + centre
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), target)
    warped = cv2.warpPerspective(tag, matrix, (FRAME_W, FRAME_H))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (FRAME_W, FRAME_H))
    frame = background().astype(np.float32)
    frame[mask > 0] = warped[mask > 0]
    frame *= np.linspace(0.78, 1.0, FRAME_W, dtype=np.float32)[None, :, None]
    if blur:
        frame = cv2.GaussianBlur(frame, (0, 0), blur)
    frame += rng.normal(0, noise, frame.shape).astype(np.float32)
    return np.clip(frame, 0, 255).astype(np.uint8)


def gtin13(body12: str) -> str:
    return body12 + str(check_digit(body12))


def sgtin96_hex(gtin14: str, company_digits: int, serial: int, filter_value: int = 1) -> str:
    """Independent SGTIN-96 encoder (TDS §14.5.1) for test vectors of every partition."""
    table = {12: (0, 40, 4), 11: (1, 37, 7), 10: (2, 34, 10), 9: (3, 30, 14), 8: (4, 27, 17),
             7: (5, 24, 20), 6: (6, 20, 24)}
    partition, cp_bits, ir_bits = table[company_digits]
    company = int(gtin14[1:1 + company_digits])
    item = int(gtin14[0] + gtin14[1 + company_digits:13])
    value = 0x30
    for field, bits in ((filter_value, 3), (partition, 3), (company, cp_bits), (item, ir_bits),
                        (serial, 38)):
        value = (value << bits) | field
    return f"{value:024X}"
