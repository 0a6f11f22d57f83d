"""A manager approving a pairing code over real HTTP (sign-in form, Mirrors page, CSRF), and
a pairing client that remembers the codes it was given (what a person reads off the screen).

    answer = manager_approves(service.url, code)     # 303 to /manage/mirrors?paired=<id>
"""

from __future__ import annotations

import re

import httpx

from kiosk.pairing.client import PairingClient, Ticket
from tests.support.backoffice import PASSWORDS


def manager_approves(url: str, code: str, mirror: str = "mirror-3") -> httpx.Response:
    with httpx.Client(base_url=url, headers={"Origin": url}, follow_redirects=False) as browser:
        token = _csrf(browser.get("/manage").text)
        signed = browser.post("/manage/signin", data={"csrf": token, "username": "manager",
                                                      "password": PASSWORDS["manager"]})
        assert signed.status_code == 303, signed.text
        csrf = _csrf(browser.get("/manage/mirrors").text)
        shown = browser.post("/manage/mirrors/pair", data={"csrf": csrf, "code": code})
        assert shown.status_code == 200 and f'id="pair-mirror">{mirror}<' in shown.text
        assert browser.post("/manage/mirrors/pair/approve", data={"code": code}).status_code == 403
        return browser.post("/manage/mirrors/pair/approve", data={"csrf": csrf, "code": code})


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found[1]


class ReadingClient(PairingClient):
    """The real client; ``codes`` is what the screen showed, in order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes: list[str] = []

    def start(self) -> Ticket:
        ticket = super().start()
        self.codes.append(ticket.code)
        return ticket
