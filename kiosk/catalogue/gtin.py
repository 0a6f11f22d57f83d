"""GTIN check digits and normalisation: the helper lives in hardware/gtin.py (the scanners
need it and hardware imports nothing from kiosk); re-exported here for the catalogue."""

from hardware.gtin import (
    GTIN_LENGTHS,
    GtinError,
    check_digit,
    display_gtin,
    normalise_gtin,
    try_normalise_gtin,
    with_check_digit,
)

__all__ = ["GTIN_LENGTHS", "GtinError", "check_digit", "display_gtin", "normalise_gtin",
           "try_normalise_gtin", "with_check_digit"]
