"""``kiosk scan`` on a photo of a real rendered tag, typed codes and EPCs, against the demo catalogue."""

from __future__ import annotations

import cv2

from kiosk.__main__ import main
from tests.support.scanners import hang_tag, photo, render_linear, sgtin96_hex

CONFIG = "config/demo.yaml"


def test_scan_an_image_a_code_and_an_epc(tmp_path, capsys):
    tag = tmp_path / "tag.jpg"
    cv2.imwrite(str(tag), photo(hang_tag(render_linear("ean13", "200001010200")), width_frac=0.5))
    epc = sgtin96_hex("02000010102006", company_digits=7, serial=5)
    code = main(["scan", "--config", CONFIG, "--image", str(tag), "--code", "(01)02000010102006",
                 "--epc", epc])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == 3 and all("W-LIN-SHIRT sage green M" in line for line in lines)
    assert {line.split()[1] for line in lines} == {"camera", "hid", "rfid"}


def test_bad_input_is_reported_with_a_fix_and_a_failing_exit_code(tmp_path, capsys):
    code = main(["scan", "--config", CONFIG, "--code", "4006381333932",
                 "--image", str(tmp_path / "missing.jpg")])
    out = capsys.readouterr().out
    assert code == 1
    assert "check digit" in out and "cannot read image" in out and out.count("fix:") == 2


def test_unknown_item_says_so(capsys):
    assert main(["scan", "--config", CONFIG, "--code", "4006381333931"]) == 0
    assert "not in the catalogue" in capsys.readouterr().out
