"""``kiosk diagnose --config PATH --out bundle.zip``: a support bundle with no personal data.

``--reset-crashes`` also clears the crash marks (after a technician fixed the cause), so
the next start leaves safe mode.
"""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("diagnose", help="write a support bundle (no personal data in it)")
    parser.add_argument("--config", default="config/store.example.yaml", help="store config file")
    parser.add_argument("--out", default="kiosk-diagnose.zip", help="zip file to write")
    parser.add_argument("--reset-crashes", action="store_true",
                        help="clear the crash marks so the next start is not in safe mode")
    parser.set_defaults(func=diagnose)


def diagnose(args) -> int:
    from kiosk.config import load_config
    from kiosk.health.bundle import write_bundle
    from kiosk.health.crashloop import CrashCounter

    entries = write_bundle(args.out, args.config)
    print(f"wrote {args.out}: {', '.join(entries)}")
    if args.reset_crashes:
        config = load_config(args.config)
        CrashCounter(Path(config.resolve(config.data_dir))).reset()
        print("crash marks cleared: the next start runs normally")
    return 0
