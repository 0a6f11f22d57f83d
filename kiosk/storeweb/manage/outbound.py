"""The back office's few outgoing HTTP requests (the offline-alert webhook, the stock feed):
a timeout, a size cap, no redirects followed, no cookies, and an error that says what
happened in a line a manager can act on.  URLs come from the store config only
(``kiosk.config._lan_or_https``): nobody can point them elsewhere from a browser.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from kiosk.errors import KioskError

USER_AGENT = "kiosk-backoffice"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913
        return None  # a 3xx is an answer: the URL in the config is the one used


_OPENER = urllib.request.build_opener(_NoRedirects)


def shown(url: str) -> str:
    """Scheme, host and port only: a webhook's or feed's token often sits in its path or
    query, and pages, logs and the audit show this instead."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"


def post_json(url: str, body: dict[str, Any], timeout: float) -> int:
    """POST ``body``; the HTTP status (2xx); KioskError for anything else."""
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})
    with _open(request, timeout) as answer:
        answer.read(64 * 1024)
        return answer.status


def get_bytes(url: str, timeout: float, max_bytes: int) -> bytes:
    """GET at most ``max_bytes``; KioskError when bigger, cut off, refused or too slow."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/csv, */*"})
    with _open(request, timeout) as answer:
        length = answer.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise KioskError(f"{shown(url)} sends {int(length) / 1048576:.1f} MB, more than the "
                             f"{max_bytes / 1048576:g} MB allowed", fix="raise max_mb or send less")
        try:
            data = answer.read(max_bytes + 1)
        except http.client.IncompleteRead as exc:   # a chunked body that stopped mid-chunk
            raise _cut_off(len(exc.partial), len(exc.partial) + (exc.expected or 0)) from exc
        except TimeoutError as exc:
            raise KioskError(f"{shown(url)} stopped sending for {timeout:g} s",
                             fix="check the server; nothing changed") from exc
    if len(data) > max_bytes:
        raise KioskError(f"{shown(url)} sends more than the {max_bytes / 1048576:g} MB allowed",
                         fix="raise max_mb or send less")
    if length and length.isdigit() and len(data) < int(length):
        raise _cut_off(len(data), int(length))
    return data


def _cut_off(got: int, announced: int) -> KioskError:
    return KioskError(f"the feed stopped after {got} bytes of {announced}",
                      fix="the server cut the file short: nothing changed; the next fetch tries again")


def _open(request: urllib.request.Request, timeout: float):
    where = shown(request.full_url)
    try:
        return _OPENER.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise KioskError(f"{where} answered HTTP {exc.code}",
                         fix="a redirect is not followed: put the final URL in the config"
                         if 300 <= exc.code < 400 else "check the URL and the server") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise KioskError(f"{where} could not be reached ({reason})",
                         fix="check the URL, the network and the server") from None
