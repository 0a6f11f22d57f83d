"""Recommend engine and item identification speed (what a scan costs before the item screen).

    python -m bench.recommend [--frames 60]

- ``recommend()`` for every garment of the demo catalogue (43), with and without a palette:
  first call (cold caches) and steady state;
- camera hang-tag reading per 640x480 frame on rendered tags (EAN-13, UPC-A, Code 128,
  GS1-128, GS1 Digital Link QR) in photo-like frames: time, reads, wrong reads; and the
  same frames through OpenCV's own decoders, for comparison;
- the keystroke parser and the SGTIN-96 decoder per scan.
"""

from __future__ import annotations

import argparse
import time

from bench._util import emit, median, percentile
from hardware.scanners.camera_tags import CameraTagReader
from hardware.scanners.sgtin import decode_sgtin96
from hardware.scanners.wedge import KeystrokeParser
from kiosk.catalogue import load_catalogue
from kiosk.colour.palette import palette
from kiosk.recommend import ShopperPalette, recommend


def bench_recommend() -> dict:
    catalogue = load_catalogue("config/demo-catalogue.yaml")
    gtins = [style.variants[0].gtin for style in catalogue.garments()]
    result = {}
    for label, chosen in (("no_palette", None),
                          ("palette", ShopperPalette.from_season(palette("soft_autumn")))):
        timings = {"cold": [], "warm": []}
        for phase in ("cold", "warm", "warm", "warm"):
            for gtin in gtins:
                start = time.perf_counter()
                recommend(catalogue, gtin, palette=chosen)
                timings[phase].append((time.perf_counter() - start) * 1000)
        result[f"recommend_{label}_first_ms_max"] = round(max(timings["cold"]), 2)
        result[f"recommend_{label}_ms_p50"] = round(median(timings["warm"]), 3)
        result[f"recommend_{label}_ms_p95"] = round(percentile(timings["warm"], 95), 3)
    return result


def tag_frames(count: int) -> list[tuple[object, str]]:
    from tests.support.scanners import hang_tag, photo, render_linear, render_qr
    symbols = [(render_linear("ean13", "400638133393"), "04006381333931"),
               (render_linear("upca", "03600029145"), "00036000291452"),
               (render_linear("code128", "0109501101020917"), "09501101020917"),
               (render_linear("gs1_128", "010950110102091710ABC"), "09501101020917"),
               (render_qr("https://id.gs1.org/01/09506000134352/10/A1"), "09506000134352")]
    frames = []
    for i in range(count):
        symbol, gtin = symbols[i % len(symbols)]
        frames.append((photo(hang_tag(symbol), width_frac=(0.4, 0.55, 0.7)[i % 3],
                             angle=(-12, 0, 9, 18, 35, -50)[i % 6], blur=(0.6, 1.0)[i % 2], seed=i), gtin))
    return frames


def bench_camera(count: int) -> dict:
    frames = tag_frames(count)
    reader, times, read, wrong = CameraTagReader(), [], 0, 0
    for image, gtin in frames:
        start = time.perf_counter()
        items = reader.read(image).items
        times.append((time.perf_counter() - start) * 1000)
        read += any(item.gtin == gtin for item in items)
        wrong += any(item.gtin != gtin for item in items)
    return {"camera_ms_p50": round(median(times), 2), "camera_ms_p95": round(percentile(times, 95), 2),
            "camera_read_rate": round(read / len(frames), 3), "camera_wrong_reads": wrong,
            "camera_no_tag_ms_p50": _no_tag_ms(reader), **_opencv_decoder(frames)}


def _no_tag_ms(reader: CameraTagReader) -> float:
    """Most frames hold no tag: the cost the scanner thread pays all day."""
    from tests.support.scanners import background
    frame, times = background(), []
    for _ in range(20):
        start = time.perf_counter()
        reader.read(frame)
        times.append((time.perf_counter() - start) * 1000)
    return round(median(times), 2)


def _opencv_decoder(frames) -> dict:
    """cv2.barcode + cv2.QRCodeDetector as decoders, for comparison (not used by the kiosk)."""
    import cv2

    from hardware.scanners.gs1 import gtin_from_scan
    from kiosk.errors import ScanError
    barcode, qr = cv2.barcode.BarcodeDetector(), cv2.QRCodeDetector()
    times, read, wrong = [], 0, 0
    for image, gtin in frames:
        start = time.perf_counter()
        ok, texts, _, _ = barcode.detectAndDecodeWithType(image)
        qr_ok, qr_texts, _, _ = qr.detectAndDecodeMulti(image)
        times.append((time.perf_counter() - start) * 1000)
        found = set()
        for text in [*(texts if ok else ()), *(qr_texts if qr_ok else ())]:
            try:
                found.add(gtin_from_scan(text)[0]) if text else None
            except ScanError:
                pass
        read += gtin in found
        wrong += bool(found - {gtin})
    return {"opencv_ms_p50": round(median(times), 2), "opencv_read_rate": round(read / len(frames), 3),
            "opencv_wrong_reads": wrong}


def bench_scan_parsing() -> dict:
    parser, start, runs = KeystrokeParser(), time.perf_counter(), 2000
    for run in range(runs):
        for i, key in enumerate("4006381333931\r"):
            parser.feed(key, run + i * 0.004)
    wedge_us = (time.perf_counter() - start) / runs * 1e6
    start = time.perf_counter()
    for _ in range(runs):
        decode_sgtin96("3074257BF7194E4000001A85")
    sgtin_us = (time.perf_counter() - start) / runs * 1e6
    return {"wedge_scan_us": round(wedge_us, 1), "sgtin96_decode_us": round(sgtin_us, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    result = {**bench_recommend(), **bench_camera(args.frames), **bench_scan_parsing()}
    for key, value in result.items():
        print(f"{key:36} {value}")
    emit(result)


if __name__ == "__main__":
    main()
