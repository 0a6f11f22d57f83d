"""`kiosk try-on IMAGE --colour '#RRGGBB' [--kind top] --out OUT.png [--json]`: See it on me
on a still image.

For installers and testers: does the mirror find the worn garment in this picture, and how
does another colourway look on it?  Writes the recoloured image (the file you gave, never a
camera frame); with --json, one line: the garment mask's share of the image and the
garment's mean CIELAB before and after.  Exit 1 when no garment region can be trusted
(no body seen, a crop without the garment, an accessory kind): nothing is written then.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from kiosk.catalogue.silhouettes import KINDS
from kiosk.errors import KioskError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("try-on", help="recolour the worn garment in a still image",
                                   description=__doc__.split("\n\n")[1])
    parser.add_argument("image", type=Path, metavar="IMAGE")
    parser.add_argument("--colour", "--color", required=True, metavar="#RRGGBB",
                        help="the colourway's sRGB colour")
    parser.add_argument("--kind", choices=KINDS, default="top",
                        help="the garment's kind (tops, outerwear, dresses, trousers, skirts)")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT.png")
    parser.add_argument("--json", action="store_true", help="one JSON line with the figures")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="models folder (default: $KIOSK_MODELS_DIR or models/build)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import cv2

    from kiosk.colour.spaces import hex_to_srgb, srgb_to_lab
    from kiosk.models.paths import default_models_dir
    from kiosk.tryon.recolour import garment_mask, recolour, wearable
    from kiosk.vision.factory import build_pipeline
    from kiosk.vision.report import analyse_image

    if not wearable(args.kind):
        print(f"See it on me shows garments worn on the body (top, outerwear, dress, trousers, "
              f"skirt), not a {args.kind}", file=sys.stderr)
        return 1
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", args.colour):
        print("error: --colour takes an sRGB hex colour such as '#2e6fd1'", file=sys.stderr)
        return 2
    pipeline = build_pipeline(args.models_dir or default_models_dir(), still_images=True)
    try:
        observation, _ = analyse_image(pipeline, args.image)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        pipeline.close()
    image = observation.image
    face = observation.face_box
    mask = garment_mask(image.shape[:2], observation.pose_keypoints, observation.person_mask,
                        args.kind, face.y + face.h if face is not None else None, image, face)
    if mask is None:
        print(f"no {args.kind} to recolour in {args.image}: the body (and, for this kind, the "
              "part of it the garment covers) must be in the picture", file=sys.stderr)
        return 1
    target = tuple(float(v) for v in srgb_to_lab(hex_to_srgb(args.colour)))
    result = recolour(image, mask, target, measure=True)
    if not cv2.imwrite(str(args.out), result.image):
        print(f"error: cannot write {args.out}", file=sys.stderr)
        return 1
    figures = {"image": str(args.image), "out": str(args.out), "kind": args.kind,
               "colour": args.colour, "garment_area": round(result.area, 4),
               "lab_before": [round(v, 2) for v in result.lab_before],
               "lab_after": [round(v, 2) for v in result.lab_after],
               "lab_target": [round(v, 2) for v in target]}
    print(json.dumps(figures) if args.json else
          f"{args.out}: {args.kind} ({result.area:.0%} of the image) from Lab "
          f"{_lab(result.lab_before)} to {_lab(result.lab_after)} (target {_lab(target)})")
    return 0


def _lab(lab) -> str:
    return " ".join(f"{v:.1f}" for v in lab)
