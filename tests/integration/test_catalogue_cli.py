"""``kiosk catalogue …`` as a manager runs it, on Shopify's samples and on broken files."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.support.catalogue import (
    BROKEN_CSV,
    MERCHANT_XML,
    ROOT,
    SHOPIFY_APPAREL,
    SHOPIFY_JEWELLERY,
)

pytestmark = pytest.mark.integration


def kiosk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "catalogue", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("sample", [SHOPIFY_APPAREL, SHOPIFY_JEWELLERY])
def test_check_passes_shopify_samples_with_warnings(sample):
    result = kiosk("check", str(sample), "--offline")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 0 error(s)" in result.stdout
    assert re.search(rf"^{re.escape(str(sample))}:\d+:\d+: colour: warning: colour '\w+' "
                     r"guessed from the (title|tags)", result.stdout, re.MULTILINE)


def test_check_fails_a_broken_file_with_lines_and_fixes():
    result = kiosk("check", str(BROKEN_CSV), "--offline")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "FAILED: 8 error(s), 0 warning(s)"
    assert lines[0].startswith(f"{BROKEN_CSV}:3:16: gtin: error: GTIN '4006381333932'")
    assert all("(fix: " in line for line in lines[:-1])


def test_import_shopify_then_check_and_show_the_native_file(tmp_path):
    out = tmp_path / "jewellery.yaml"
    result = kiosk("import", str(SHOPIFY_JEWELLERY), "-o", str(out), "--offline")
    assert result.returncode == 0 and "wrote" in result.stdout, result.stderr
    assert "# Imported from" in out.read_text()
    assert kiosk("check", str(out), "--offline").returncode == 0
    shown = kiosk("show", str(out), "--style", "leather-anchor")
    assert "Silver" in shown.stdout and "OUT OF STOCK" in shown.stdout


def findings(stdout: str) -> tuple[str, Counter]:
    """(the verdict line, count of findings per (severity, field))."""
    lines = stdout.splitlines()
    counts = Counter(re.search(r": (\w+): (error|warning): ", line).group(2, 1)
                     for line in lines[:-1])
    return lines[-1].split(":")[0], counts


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
@pytest.mark.parametrize("sample", [SHOPIFY_APPAREL, SHOPIFY_JEWELLERY])
def test_the_import_draft_checks_as_the_export_did(tmp_path, sample, suffix):
    """Issue #14, 9: 0 errors before the import, 17 after; now the same findings."""
    out = tmp_path / f"draft{suffix}"
    assert kiosk("import", str(sample), "-o", str(out), "--offline").returncode == 0
    export = findings(kiosk("check", str(sample), "--offline").stdout)
    draft = findings(kiosk("check", str(out), "--offline").stdout)
    assert draft == export and export[0] == "OK"


def test_a_filled_size_ends_the_draft_warning_and_a_wrong_note_is_an_error(tmp_path):
    out = tmp_path / "apparel.csv"
    assert kiosk("import", str(SHOPIFY_APPAREL), "-o", str(out), "--offline").returncode == 0
    before = kiosk("check", str(out), "--offline").stdout
    assert f"{out}:2:14: size: warning: style 'ocean-blue-shirt' has no sizes" in before
    rows = out.read_text().splitlines()
    assert rows[1].endswith(",1,50,https://burst.shopifycdn.com/photos/"
                            "young-man-in-bright-fashion_925x.jpg,size-missing; colour-guessed")
    cells = rows[1].split(",")
    cells[13] = "M"                                   # the manager fills the size
    cells[-1] = "colour-guesed"                       # and misspells the note
    out.write_text("\n".join([rows[0], ",".join(cells), *rows[2:]]) + "\n")
    after = kiosk("check", str(out), "--offline")
    assert "'ocean-blue-shirt' has no sizes" not in after.stdout
    assert (f"{out}:2:21: review: error: review note 'colour-guesed' is not one the import "
            "writes (fix: keep only size-missing") in after.stdout


def test_import_takes_the_check_flags_and_reports_image_lines(tmp_path, image_server):
    catalogue = tmp_path / "c.csv"
    catalogue.write_text("style_id,title,colour,size,gtin,stock,price,images\n"
                         f"S1,Shirt,navy,M,4006381333931,1,10,{image_server}/shirt.jpg\n"
                         f"S1,Shirt,navy,L,4006381333948,1,10,{image_server}/gone.jpg\n")
    online = kiosk("import", str(catalogue), "-o", str(tmp_path / "out.csv"))
    assert f"{catalogue}:3:8: images: warning: image {image_server}/gone.jpg cannot be " \
           "fetched right now" in online.stdout, online.stdout + online.stderr
    offline = kiosk("import", str(catalogue), "-o", str(tmp_path / "out.csv"), "--offline")
    assert offline.returncode == 0 and "cannot be fetched" not in offline.stdout, offline.stderr


def test_merchant_xml_to_csv_round_trip(tmp_path):
    out = tmp_path / "feed.csv"
    assert kiosk("import", str(MERCHANT_XML), "-o", str(out), "--offline").returncode == 0
    result = kiosk("check", str(out), "--offline")
    assert result.returncode == 0 and "2 styles, 4 variants" in result.stdout


def test_unknown_format_and_missing_file_are_clean_errors(tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("hello\nworld\n")
    for path in (odd, tmp_path / "missing.csv"):
        result = kiosk("check", str(path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "(fix: " in result.stdout


@pytest.fixture
def image_server(tmp_path):
    (tmp_path / "shirt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="image-server")
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_check_warns_but_does_not_fail_on_an_unreachable_image_url(tmp_path: Path, image_server):
    catalogue = tmp_path / "c.csv"
    catalogue.write_text("style_id,title,colour,size,gtin,stock,price,images\n"
                         f"S1,Shirt,navy,M,4006381333931,1,10,{image_server}/shirt.jpg\n"
                         f"S1,Shirt,navy,L,4006381333948,1,10,{image_server}/gone.jpg\n")
    result = kiosk("check", str(catalogue))
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "cannot be fetched" in line]
    assert len(warnings) == 1 and "gone.jpg" in warnings[0]
    assert warnings[0].startswith(f"{catalogue}:3:8: images: warning: ")   # the row to edit


@pytest.mark.parametrize("ref, words", [("/etc/passwd", "is an absolute path"),
                                        ("../../../../../../etc/hostname", "climbs out"),
                                        ("handoff.sqlite3-wal", "is not a picture file")])
def test_check_fails_an_image_outside_the_catalogue_folder(tmp_path, ref, words):
    (tmp_path / "handoff.sqlite3-wal").write_bytes(b"\x00" * 32)
    catalogue = tmp_path / "c.csv"
    catalogue.write_text("style_id,title,colour,size,gtin,stock,price,images\n"
                         f"S1,Shirt,navy,M,4006381333931,1,5,{ref}\n")
    result = kiosk("check", str(catalogue), "--offline")
    assert result.returncode == 1 and "FAILED: 1 error(s)" in result.stdout
    assert f"{catalogue}:2:8: images: error: image {ref!r} {words}" in result.stdout
