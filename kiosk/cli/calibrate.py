"""``kiosk calibrate IMAGE --out FILE``: install-time ColorChecker calibration.

Photograph a 24-patch ColorChecker with the mirror's own camera, under the store's
lights and through the mirror's own glass (the chart held on the shop side of the glass,
the camera behind it, as it will see shoppers), then run this: it finds the chart
(OpenCV mcc), fits a 3x3 colour-correction matrix (OpenCV ccm, CIEDE2000 loss) and
writes it with its error on the 24 patches.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2

from kiosk.colour.ccm import detect_chart, fit_correction
from kiosk.errors import ColourError, Location


def register(subparsers) -> None:
    parser = subparsers.add_parser("calibrate", help="fit a colour-correction matrix from a ColorChecker photo")
    parser.add_argument("image", help="photo of a 24-patch ColorChecker taken by the mirror camera "
                                      "through the mirror glass (chart on the shop side)")
    parser.add_argument("--out", required=True, help="where to write the matrix (JSON)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    image = cv2.imread(args.image, cv2.IMREAD_COLOR)
    if image is None:
        raise ColourError("cannot read the image", location=Location(args.image),
                          fix="give a PNG or JPEG photo of the chart")
    correction = fit_correction(detect_chart(image))
    correction.save(Path(args.out))
    if args.json:
        print(json.dumps(correction.to_json()))
    else:
        print(f"wrote {args.out}: dE00 on {correction.patches_used} patches mean {correction.mean_de00:.2f}, "
              f"max {correction.max_de00:.2f} (uncorrected mean {correction.uncorrected_mean_de00:.2f})")
    return 0
