"""What a scanner read -> GTIN-14: plain EAN/UPC digits, GS1 element strings, Digital Link URIs.

Scanners hand us text in several shapes, often without saying which symbology it came
from (keyboard wedges drop FNC1 or send it as GS, 0x1D):

- EAN-13 / UPC-A / EAN-8 / GTIN-14 digits, sometimes behind an AIM symbology identifier
  (``]E0``, ``]C1`` …);
- GS1-128 element strings: ``0109501101020917`` + more AIs, with GS separators, or the
  human-readable ``(01)09501101020917(10)ABC`` form;
- GS1 Digital Link QR codes: ``https://id.gs1.org/01/09506000134352/10/ABC`` (any domain,
  optional path prefix; the ``gtin`` alias of older versions too).

Everything that is not one of those, or whose check digit fails, is a ``ScanError``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from hardware.errors import ScanError
from hardware.gtin import GtinError, normalise_gtin

MAX_SCAN_CHARS = 512
GS = "\x1d"   # FNC1 as a keyboard wedge / decoder transmits it
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# Fixed-length AIs (GS1 General Specifications, fig. 5.10.2-1) by their first two digits:
# data length after the AI.  Others are variable length, ended by GS or the end.
_FIXED = {"00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6, "13": 6,
          "14": 2, "15": 6, "16": 6, "17": 6, "18": 6, "19": 6, "20": 2}
_FOUR_DIGIT_FIXED = {"31", "32", "33", "34", "35", "36"}   # 31nn..36nn: 4-digit AI + 6 digits
# Every other AI is variable length (ends at GS), so its own digit count does not matter
# for finding AI 01; these are the first two digits of the AIs that exist.
_VARIABLE = {"10", "21", "22", "23", "24", "25", "30", "37", "40", "42", "43", "70", "71", "72",
             "80", "81", "82", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"}


def gtin_from_scan(text: str) -> tuple[str, str]:
    """(GTIN-14, shape) for one scan; shape is DIGITS, ELEMENT_STRING or DIGITAL_LINK."""
    if not isinstance(text, str):
        raise ScanError(f"scan is {type(text).__name__}, not text", fix="pass the decoded text")
    if len(text) > MAX_SCAN_CHARS:
        raise ScanError(f"scan of {len(text)} characters is too long (max {MAX_SCAN_CHARS})",
                        fix="scan the item's own barcode, not a document")
    body = _AIM_PREFIX.sub("", text.strip(" \r\n\t"), count=1)
    if body.lower().startswith(("http://", "https://")):
        return _checked(_digital_link_gtin(body), text), "DIGITAL_LINK"
    if body.startswith("(") or GS in body or (len(body) > 14 and body[:2].isdigit()):
        return _checked(_element_string_gtin(body), text), "ELEMENT_STRING"
    return _checked(body, text), "DIGITS"


def _checked(candidate: str, original: str) -> str:
    if len(candidate) not in (8, 12, 13, 14):
        raise ScanError(f"scanned code {_short(original)} is not a GTIN "
                        f"({len(candidate)} characters)",
                        fix="scan the EAN/UPC barcode or GS1 QR code on the item's tag")
    try:
        return normalise_gtin(candidate)
    except GtinError as exc:
        raise ScanError(f"scanned code {_short(original)}: {exc}", fix=exc.fix) from None


def _digital_link_gtin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ScanError(f"QR code {_short(url)} is not a valid URL",
                        fix="scan the GS1 QR code on the item's tag") from None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    for key, value in zip(segments, segments[1:], strict=False):
        if key in ("01", "gtin"):
            return value
    raise ScanError(f"QR code {_short(url)} is not a GS1 Digital Link (no /01/<gtin>)",
                    fix="scan the item's GS1 QR code; a web address alone does not name an item")


def _element_string_gtin(body: str) -> str:
    if body.startswith("("):
        match = re.search(r"\(01\)\s*(\d{14})", body)
        if match:
            return match.group(1)
        raise ScanError(f"GS1 code {_short(body)} has no GTIN (AI 01)",
                        fix="scan the barcode that carries (01) followed by 14 digits")
    return _walk_element_string(body.lstrip(GS))


def _walk_element_string(data: str) -> str:
    """Walk AIs from the start until AI 01; unknown AIs stop the walk with an error."""
    position = 0
    while position < len(data):
        ai, length = _ai_at(data, position)
        start = position + len(ai)
        if ai == "01":
            return data[start:start + 14]
        if length:
            position = start + length
        else:
            end = data.find(GS, start)
            position = len(data) if end < 0 else end
        position += data.startswith(GS, position)
    raise ScanError(f"GS1 code {_short(data)} has no GTIN (AI 01)",
                    fix="scan the barcode that carries (01) followed by 14 digits")


def _ai_at(data: str, position: int) -> tuple[str, int]:
    head = data[position:position + 2]
    if head in _FIXED:
        return head, _FIXED[head]
    if head in _FOUR_DIGIT_FIXED:
        return data[position:position + 4], 6
    if head == "41":                       # 410-417: GLNs, 3-digit AI + 13 digits
        return data[position:position + 3], 13
    if head in _VARIABLE:
        return head, 0
    raise ScanError(f"GS1 code {_short(data)}: unknown application identifier {head!r}",
                    fix="scan the barcode that carries (01) followed by 14 digits")


def _short(text: str) -> str:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return repr(shown)
