"""Issue #14, 8: the phone page's header wrapped at 390 px ("Maison Demo · / Paris",
"简体 / 中文").  Headless Chromium at 390x844: the store name and every language link sit on
one line (element height against its line height) in English and in Chinese."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.handoff.client import HandoffClient
from kiosk.handoff.server import start_in_process
from kiosk.handoff.web import create_app
from tests.e2e.test_handoff_phone import mirror_basket, phone, scan  # noqa: F401 (fixture)
from tests.support.handoff import MIRROR, STORE, make_keys, make_service

pytestmark = [pytest.mark.integration, pytest.mark.slow]
STORE_NAME = "Maison Demo · Paris"   # config/demo.yaml

ONE_LINE = """
const out = {};
for (const el of document.querySelectorAll('header.bar .store, header.bar .langs a')) {
  const style = getComputedStyle(el);
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  out[el.textContent.trim()] = {height: el.getBoundingClientRect().height,
                                line: parseFloat(style.lineHeight), lines: lines.size,
                                right: el.getBoundingClientRect().right,
                                cut: el.scrollWidth > el.clientWidth + 1};
}
const bar = document.querySelector('header.bar').getBoundingClientRect();
out.__bar = {height: bar.height, width: bar.width, scroll: document.documentElement.scrollWidth};
return out;
"""


@pytest.fixture
def served(tmp_path):
    keys = make_keys()
    service = make_service(tmp_path, keys=keys, with_images=True)
    server = start_in_process(create_app(service, keys.mirror_keys, 20, STORE_NAME, "en"))
    service.public_url = server.url
    try:
        yield server, HandoffClient(server.url, STORE, MIRROR, keys.mirror_keys[MIRROR], timeout_s=2.0)
    finally:
        server.stop()
        service.db.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_header_is_one_line_at_390_px(served, phone, tmp_path, lang):  # noqa: F811
    server, client = served
    phone.get(scan(client.create(mirror_basket(), language=lang)))
    phone.get(f"{server.url}/basket?lang={lang}")
    measured = phone.execute_script(ONE_LINE)
    bar = measured.pop("__bar")
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    phone.save_screenshot(str(folder / f"phone-header-{lang}.png"))
    assert set(measured) == {STORE_NAME, "English", "Français", "简体中文"}
    for text, box in measured.items():
        assert box["lines"] == 1, (text, box)
        assert box["height"] < 1.5 * box["line"], (text, box)   # one line box, not two
        assert box["right"] <= bar["width"], (text, box)
        assert not box["cut"], (text, box)                     # the demo store's name fits whole
    assert bar["scroll"] <= 390                                   # nothing pushed off-screen
