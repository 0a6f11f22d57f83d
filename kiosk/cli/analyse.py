"""`kiosk analyse IMAGE... [--json]`: the full vision result for still images.

For installers and testers: is the camera placed well, does it see the shopper?  With
--json, one JSON object per image per line: image, faces ([x, y, w, h] pixels + score),
pose (33 keypoints with x, y in pixels and visibility, or null), person (true/false).
--opt-in adds the colour analysis (skin, hair, eyes, garment, palette, confidence) for that
image; --white-ref X,Y,W,H names the neutral patch's region for its white balance.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.errors import KioskError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("analyse", help="run vision on still images",
                                   description=__doc__.split("\n\n")[1])
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="one JSON object per image per line")
    # Colour analysis needs the shopper's consent (docs/privacy.md): the tool obeys it too.
    parser.add_argument("--opt-in", "--colour", dest="colour", action="store_true",
                        help="the person consented: add the colour analysis")
    parser.add_argument("--white-ref", metavar="X,Y,W,H", default=None,
                        help="the neutral reference patch's region in pixels (18%% grey card)")
    parser.add_argument("--white-ref-luminance", type=float, default=None, metavar="Y",
                        help="the reference's luminance Y under D65: 0.18 for an 18%% grey card "
                             "(the default, as colour.white_ref_luminance), ~0.9 for a white one")
    parser.add_argument("--ccm", type=Path, default=None,
                        help="colour-correction matrix from `kiosk calibrate`")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="models folder (default: $KIOSK_MODELS_DIR or models/build)")
    parser.add_argument("--backend", choices=("mediapipe", "onnx"), default="mediapipe")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.models.paths import default_models_dir
    from kiosk.vision.factory import build_pipeline
    from kiosk.vision.report import analyse_image

    pipeline = build_pipeline(args.models_dir or default_models_dir(), backend=args.backend,
                              still_images=True)
    failures = 0
    try:
        for path in args.images:
            try:
                observation, result = analyse_image(pipeline, path)
                if args.colour:
                    result["colour"] = _colour(observation, args)
            except KioskError as exc:
                failures += 1
                _print_error(args.json, str(path), exc)
                continue
            print(json.dumps(result, ensure_ascii=False) if args.json else _text(result), flush=True)
    finally:
        pipeline.close()
    return 1 if failures else 0


def _colour(observation, args: argparse.Namespace) -> dict | None:
    from kiosk.colour.cli_support import colour_for_still

    return colour_for_still(observation, args.white_ref, args.ccm, args.white_ref_luminance)


def _print_error(as_json: bool, image: str, exc: KioskError) -> None:
    if as_json:
        print(json.dumps({"image": image, "error": exc.message, "fix": exc.fix}), flush=True)
    print(f"error: {exc}", file=sys.stderr)


def _text(result: dict) -> str:
    lines = [f"{result['image']}: {result['width']}x{result['height']}, "
             f"person {'yes' if result['person'] else 'no'}"]
    for face in result["faces"]:
        lines.append(f"  face {face['box']} score {face['score']} ({face['landmarks']} landmarks)")
    if result["pose"] is not None:
        visible = sum(1 for k in result["pose"] if k["visibility"] >= 0.5)
        lines.append(f"  body: {visible}/33 keypoints visible, mask covers {result['mask_coverage']:.0%}")
    if result["distance_m"] is not None:
        lines.append(f"  about {result['distance_m']} m away, "
                     f"{'facing' if result['facing'] else 'not facing'} the mirror")
    if "colour" in result:
        lines.append(f"  colour: {json.dumps(result['colour'], ensure_ascii=False)}")
    return "\n".join(lines)
