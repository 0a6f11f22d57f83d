"""GTIN (EAN/UPC) check digits and normalisation to 14 digits.

Every GTIN form (GTIN-8, UPC-A/GTIN-12, EAN-13, GTIN-14) names the same item
once left-padded with zeros to 14 digits, so the catalogue keys variants by
that form and a scanner can hand us any of them.  Pure and dependency-free: it lives in
hardware (the scanners use it; hardware imports nothing from kiosk) and is re-exported as
``kiosk.catalogue.gtin``.
"""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


class GtinError(ValueError):
    """A code is not a valid GTIN; ``fix`` says what to do about it."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits *before* the check digit."""
    # Weights alternate 3,1,3,… starting from the rightmost body digit.
    total = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return (10 - total % 10) % 10


def normalise_gtin(code: str) -> str:
    """Return the 14-digit GTIN for ``code`` or raise ``GtinError``.

    Spaces and dashes (as printed under barcodes) are ignored.
    """
    digits = str(code).strip().replace(" ", "").replace("-", "")
    if "E+" in digits.upper():
        raise GtinError(f"GTIN {code!r} was turned into a number by a spreadsheet",
                        "format the gtin column as Text and paste the codes again")
    if not digits.isascii() or not digits.isdigit():
        raise GtinError(f"GTIN {code!r} must contain only digits",
                        "copy the number printed under the barcode (8, 12, 13 or 14 digits)")
    # 9-11 digits: a spreadsheet dropped leading zeros of a longer GTIN; the check digit
    # is unaffected by leading zeros, so it still guards against typos.
    if not 8 <= len(digits) <= 14:
        raise GtinError(f"GTIN {code!r} has {len(digits)} digits",
                        "a GTIN has 8, 12, 13 or 14 digits; check for a missing or extra digit")
    expected = check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        raise GtinError(f"GTIN {code!r} has a wrong check digit (last digit should be {expected})",
                        "re-type the code from the label; one digit is probably wrong")
    return digits.zfill(14)


def display_gtin(gtin14: str) -> str:
    """The form printed on labels: GTIN-8 or EAN-13 when the leading zeros allow it."""
    if gtin14.startswith("000000"):
        return gtin14[6:]
    return gtin14[1:] if gtin14.startswith("0") else gtin14


def try_normalise_gtin(code: str) -> str | None:
    """``normalise_gtin`` for scanner input: None instead of an exception."""
    try:
        return normalise_gtin(code)
    except GtinError:
        return None


def with_check_digit(body: str) -> str:
    """Append the check digit (used to generate codes in tests and benchmarks)."""
    return body + str(check_digit(body))
