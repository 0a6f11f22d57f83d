"""atheris: what scanners send: GS1 scan text, RFID reader lines and SGTIN-96 EPCs."""

from _harness import run


def target(data: bytes) -> None:
    from hardware.scanners.gs1 import gtin_from_scan
    from hardware.scanners.rfid_serial import item_from_line
    from hardware.scanners.sgtin import decode_sgtin96

    text = data.decode("utf-8", "replace")
    for parse in (gtin_from_scan, item_from_line, decode_sgtin96):
        try:
            parse(text)
        except Exception as exc:
            from kiosk.errors import KioskError
            if not isinstance(exc, KioskError):
                raise


if __name__ == "__main__":
    run(target, ("hardware.scanners",))
