"""``kiosk demo``: the real app with the demo camera (real photos) and demo catalogue."""

from __future__ import annotations

from pathlib import Path

from kiosk.cli._mirror import parse_size, run_mirror
from kiosk.config import load_config

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "config" / "demo.yaml"


def register(sub) -> None:
    parser = sub.add_parser("demo", help="run the demo mirror (demo camera, embedded broker)")
    parser.add_argument("--config", default=str(DEMO_CONFIG), help="demo store config")
    parser.add_argument("--windowed", action="store_true", help="a normal window, not fullscreen")
    parser.add_argument("--offscreen", action="store_true", help="no display (tests, screenshots)")
    parser.add_argument("--size", help="window size WxH (default 1080x1920 offscreen)")
    parser.add_argument("--scenario", help="drive the app through a scenario YAML and exit")
    parser.add_argument("--camera-off", action="store_true", help="run without a camera (touch only)")
    parser.add_argument("--broker-port", type=int, help="embedded broker port (0: any free one)")
    parser.add_argument("--data-dir", help="where the demo keeps its databases (default: var/demo)")
    parser.set_defaults(func=demo)


def demo(args) -> int:
    config = load_config(args.config)
    if args.camera_off:
        config.camera.enabled = False
    if args.data_dir:
        config.data_dir = str(Path(args.data_dir).resolve())
    return run_mirror(config, windowed=args.windowed or not args.offscreen and args.size is not None,
                      offscreen=args.offscreen, size=parse_size(args.size), scenario=args.scenario,
                      demo=True, demo_broker_port=args.broker_port)
