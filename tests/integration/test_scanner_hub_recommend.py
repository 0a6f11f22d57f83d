"""From hardware to suggestions: an RFID tag and the camera see the same garment at once;
the hub passes one item, and the recommend engine turns it into the item screen's content."""

from __future__ import annotations

import itertools
import os

import pytest

from hardware.camera.frames import Frame
from hardware.scanners.base import ScanHub
from hardware.scanners.camera_scanner import CameraTagScanner
from hardware.scanners.rfid_serial import SerialRfidReader
from kiosk.catalogue import load_catalogue
from kiosk.recommend import recommend
from tests.support.messaging import wait_for
from tests.support.scanners import hang_tag, photo, render_linear, sgtin96_hex

pytestmark = pytest.mark.integration
SAGE_M = "2000010102006"     # demo catalogue: relaxed linen shirt, sage green, M


def test_rfid_and_camera_on_one_garment_give_one_item_and_its_suggestions():
    master, slave = os.openpty()
    frame: dict[str, Frame | None] = {"now": None}
    items, errors = [], []
    hub = ScanHub(items.append, errors.append, hold_s=5.0)
    hub.add(SerialRfidReader(os.ttyname(slave)))
    hub.add(CameraTagScanner(lambda: frame["now"], interval_s=0.02))
    os.close(slave)
    seq = itertools.count(1)
    hub.start()
    try:
        os.write(master, (sgtin96_hex("0" + SAGE_M, 7, serial=77) + "\r\n").encode())
        assert wait_for(lambda: len(items) == 1)
        frame["now"] = Frame(next(seq), 0.0, photo(hang_tag(render_linear("ean13", SAGE_M[:12]))))
        assert wait_for(lambda: hub.counts["repeats"] >= 1)
    finally:
        hub.stop()
        os.close(master)
    assert [(i.gtin, i.source) for i in items] == [("0" + SAGE_M, "rfid")] and errors == []
    result = recommend(load_catalogue("config/demo-catalogue.yaml"), items[0].gtin)
    assert result.style.id == "W-LIN-SHIRT" and result.colourway.colour.name == "sage green"
    assert result.colourways[0].reason.text("en") == "In stock here in M"
    assert result.accessories and all(a.colourway.in_stock for a in result.accessories)
