"""``kiosk scan``: check item identification on site, without the UI.

    kiosk scan --config store.yaml --seconds 60     # listen to the configured HID / RFID readers
    kiosk scan --config store.yaml --image tag.jpg  # read hang-tag codes in a photo
    kiosk scan --config store.yaml --code "(01)09501101020917" --epc 3074257BF7194E4000001A85

Every item is printed with what the catalogue says about it, so an installer sees at
once whether tags, readers and catalogue agree.
"""

from __future__ import annotations

import threading

from hardware.scanners.events import ItemScanned
from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.config import load_config
from kiosk.errors import KioskError


def register(sub) -> None:
    parser = sub.add_parser("scan", help="read tags / scanners / RFID and look items up")
    parser.add_argument("--config", required=True, help="store config (scanners + catalogue)")
    parser.add_argument("--image", action="append", default=[], help="photo of a hang tag")
    parser.add_argument("--code", action="append", default=[], help="scanned text to decode")
    parser.add_argument("--epc", action="append", default=[], help="RFID EPC (24 hex digits)")
    parser.add_argument("--seconds", type=float, default=0.0,
                        help="listen to the configured readers this long")
    parser.set_defaults(func=scan)


def scan(args) -> int:
    config = load_config(args.config)
    catalogue = load_catalogue(config.resolve(config.catalogue.path))
    items, failures = _offline_items(args)
    for item in items:
        _show(item, catalogue)
    for failure in failures:
        print(f"error  {failure}", flush=True)
    if args.seconds > 0:
        failures += _listen(config, catalogue, args.seconds)
    return 1 if failures else 0


def _offline_items(args) -> tuple[list[ItemScanned], list[KioskError]]:
    from hardware.scanners.fake import decode_as
    from hardware.scanners.rfid_serial import item_from_line
    items, failures = [], []
    decoders = [(decode_as("hid"), text) for text in args.code]
    decoders += [(item_from_line, epc) for epc in args.epc]
    decoders += [(_read_image, path) for path in args.image]
    for decode, value in decoders:
        try:
            found = decode(value)
        except KioskError as exc:
            failures.append(exc)
            continue
        items.extend(found if isinstance(found, list) else [found])
    return items, failures


def _read_image(path: str) -> list[ItemScanned]:
    import cv2

    from hardware.scanners.camera_tags import CameraTagReader
    from kiosk.errors import ScanError
    image = cv2.imread(path)
    if image is None:
        raise ScanError(f"cannot read image {path}", fix="give a JPEG or PNG photo of the tag")
    reading = CameraTagReader().read(image)
    if not reading.items:
        raise reading.errors[0] if reading.errors else ScanError(
            f"no item code found in {path}", fix="photograph the tag closer, flat and sharp")
    return list(reading.items)


def _listen(config, catalogue: Catalogue, seconds: float) -> list[KioskError]:
    from hardware.scanners.factory import scan_hub_from_config
    failures: list[KioskError] = []

    def failed(error: KioskError) -> None:
        failures.append(error)
        print(f"error  {error}", flush=True)

    hub = scan_hub_from_config(config.scanners, lambda item: _show(item, catalogue), failed)
    if not hub.sources:
        print("no HID device or RFID port configured (scanners.hid_device / rfid_port)")
        return failures
    hub.start()
    print(f"listening {seconds:g} s to {', '.join(s.name for s in hub.sources)}", flush=True)
    try:
        threading.Event().wait(seconds)
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return failures


def _show(item: ItemScanned, catalogue: Catalogue) -> None:
    variant = catalogue.find_gtin(item.gtin)
    if variant is None:
        found = "not in the catalogue"
    else:
        colour = variant.colour.name if variant.colour else "-"
        found = f"{variant.style_id} {colour} {variant.size or '-'} (stock here {variant.stock})"
    print(f"{item.gtin}  {item.source:<6} {item.symbology:<18} {found}", flush=True)
