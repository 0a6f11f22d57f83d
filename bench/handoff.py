"""Hand-off benchmark: tap -> QR visible, and phone redemption under a bounded loopback load.

    python -m bench.handoff [--taps 200] [--phones 8] [--redeems 500]

Everything is real: ``kiosk handoff-server`` in its own process on loopback
(uvicorn + Starlette, SQLite WAL in a temp folder, the demo catalogue, MQTT
off), the mirror's HandoffClient (signed POST), the QR matrix painted by the
mirror's own QrView (Qt offscreen) and grabbed; phones are httpx clients on
threads of this process, each redemption with an empty cookie jar.
"Tap -> QR visible" = snapshot POST + token + SQLite insert + QR matrix +
paint of the 520 px QR widget.  "Redeem" = GET /h/{token} (verify, single-use
UPDATE, MQTT-less here) answered with the 303; "page" = the basket page render
that follows.  Prints a JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx  # noqa: E402

from kiosk.basket import BasketStore  # noqa: E402
from kiosk.handoff.client import HandoffClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GTINS = ("2000010002009", "2000010102006", "2000010302000")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def tap_to_qr(client: HandoffClient, basket, taps: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.screens.handoff import QrView

    app = QApplication.instance() or QApplication([])
    view = QrView()
    view.resize(520, 520)
    samples = []
    for _ in range(taps):
        start = time.perf_counter()
        handoff = client.create(basket)
        view.set_matrix(handoff.qr_matrix.rows)
        view.grab()  # forces the paint the screen would do
        samples.append((time.perf_counter() - start) * 1000)
    app.processEvents()
    return samples


def redeem_load(base_url: str, urls: list[str], phones: int) -> tuple[list[float], list[float]]:
    redeem, page, lock = [], [], threading.Lock()
    chunks = [urls[i::phones] for i in range(phones)]

    def phone(chunk: list[str]) -> None:
        mine_r, mine_p = [], []
        with httpx.Client(base_url=base_url) as browser:
            for url in chunk:
                browser.cookies.clear()  # every redemption is a new phone
                start = time.perf_counter()
                answer = browser.get(url)
                mine_r.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 303, answer.status_code
                start = time.perf_counter()
                assert browser.get("/basket").status_code == 200
                mine_p.append((time.perf_counter() - start) * 1000)
        with lock:
            redeem.extend(mine_r)
            page.extend(mine_p)

    threads = [threading.Thread(target=phone, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(redeem) != len(urls):
        raise SystemExit(f"only {len(redeem)} of {len(urls)} redemptions succeeded")
    return redeem, page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(folder: Path, port: int, mirror_key: bytes) -> subprocess.Popen:
    (folder / "token.key").write_text(secrets.token_hex(32))
    (folder / "mirrors.txt").write_text(f"mirror-1 {mirror_key.hex()}\n")
    (folder / "store.yaml").write_text(
        f"catalogue:\n  path: {ROOT / 'config/demo-catalogue.yaml'}\nmqtt:\n  enabled: false\n"
        f"handoff:\n  base_url: http://127.0.0.1:{port}\n  listen_port: {port}\n"
        "  redeem_per_minute: 600\n  token_key_file: token.key\n  mirror_keys_file: mirrors.txt\n"
        "data_dir: var\n")
    server = subprocess.Popen([sys.executable, "-m", "kiosk", "handoff-server", "--config",
                               str(folder / "store.yaml")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("kiosk handoff-server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--phones", type=int, default=8, help="concurrent phones (bounded load)")
    parser.add_argument("--redeems", type=int, default=500,
                        help="<= 600: every phone here shares one address and the limit is per address")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        port, mirror_key = free_port(), secrets.token_bytes(32)
        server = start_service(Path(folder), port, mirror_key)
        base_url = f"http://127.0.0.1:{port}"
        try:
            client = HandoffClient(base_url, "demo-store", "mirror-1", mirror_key)
            basket = BasketStore().basket("bench")
            for gtin in GTINS:
                basket.add(gtin)
            taps = tap_to_qr(client, basket, args.taps)
            urls = [client.create(basket).url for _ in range(args.redeems)]
            start = time.perf_counter()
            redeem, page = redeem_load(base_url, urls, args.phones)
            elapsed = time.perf_counter() - start
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(10)
    result = {
        "tap_to_qr_ms_p50": round(statistics.median(taps), 2),
        "tap_to_qr_ms_p95": round(percentile(taps, 95), 2),
        "redeem_ms_p50": round(statistics.median(redeem), 2),
        "redeem_ms_p99": round(percentile(redeem, 99), 2),
        "page_ms_p99": round(percentile(page, 99), 2),
        "phones": args.phones, "redeems": len(redeem),
        "redeems_per_s": round(len(redeem) / elapsed, 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
