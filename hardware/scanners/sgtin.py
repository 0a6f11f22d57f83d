"""EPC SGTIN-96 (GS1 EPC Tag Data Standard, §14.5.1) -> GTIN-14.

A 96-bit EPC read off a UHF RFID hang tag is laid out as::

    header 8 (0x30) | filter 3 | partition 3 | company prefix M | item reference N | serial 38

The partition value says how the 44 bits of M + N split between the GS1 company
prefix and the item reference (whose first digit is the GTIN's indicator digit).
The GTIN-14 is indicator + company prefix + rest of the item reference + check digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hardware.errors import ScanError
from hardware.gtin import check_digit

SGTIN96_HEADER = 0x30
EPC96_HEX_CHARS = 24
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
# partition -> (company prefix bits, digits, item reference bits, digits)  (TDS table 14-2)
PARTITIONS = {
    0: (40, 12, 4, 1), 1: (37, 11, 7, 2), 2: (34, 10, 10, 3), 3: (30, 9, 14, 4),
    4: (27, 8, 17, 5), 5: (24, 7, 20, 6), 6: (20, 6, 24, 7),
}
_OTHER_HEADERS = {0x31: "SSCC-96", 0x32: "SGLN-96", 0x33: "GRAI-96", 0x34: "GIAI-96",
                  0x35: "GID-96", 0x36: "SGTIN-198", 0x2C: "GDTI-96", 0x2D: "GSRN-96"}
_FIX = "use tags encoded as SGTIN-96 (the GS1 standard for retail items)"


@dataclass(frozen=True, slots=True)
class Sgtin:
    filter: int
    partition: int
    company_prefix: str
    item_reference: str      # with the indicator digit first, as in the EPC URI
    serial: int
    gtin: str                # GTIN-14

    @property
    def uri(self) -> str:
        """Pure identity URI: urn:epc:id:sgtin:CompanyPrefix.ItemRefAndIndicator.Serial"""
        return f"urn:epc:id:sgtin:{self.company_prefix}.{self.item_reference}.{self.serial}"


def decode_sgtin96(epc_hex: str) -> Sgtin:
    """Decode a 24-hex-digit EPC; any other shape or value is a ``ScanError``."""
    text = _clean(epc_hex)
    value = int(text, 16)
    header = value >> 88
    if header != SGTIN96_HEADER:
        kind = _OTHER_HEADERS.get(header, f"header 0x{header:02X}")
        raise ScanError(f"EPC {text} is {kind}, not an SGTIN-96 item tag", fix=_FIX)
    filter_value = (value >> 85) & 0b111
    partition = (value >> 82) & 0b111
    if partition not in PARTITIONS:
        raise ScanError(f"EPC {text} has partition {partition} (valid: 0-6)", fix=_FIX)
    cp_bits, cp_digits, ir_bits, ir_digits = PARTITIONS[partition]
    company = (value >> (38 + ir_bits)) & ((1 << cp_bits) - 1)
    item = (value >> 38) & ((1 << ir_bits) - 1)
    if company >= 10 ** cp_digits or item >= 10 ** ir_digits:
        raise ScanError(f"EPC {text}: company prefix or item reference too large for "
                        f"partition {partition}", fix=_FIX)
    prefix, reference = str(company).zfill(cp_digits), str(item).zfill(ir_digits)
    body = reference[0] + prefix + reference[1:]
    return Sgtin(filter_value, partition, prefix, reference, value & ((1 << 38) - 1),
                 body + str(check_digit(body)))


def _clean(epc_hex: str) -> str:
    if not isinstance(epc_hex, str):
        raise ScanError(f"EPC is {type(epc_hex).__name__}, not hex text", fix=_FIX)
    text = epc_hex.strip().replace(" ", "")
    if text[:2].lower() == "0x":
        text = text[2:]
    if len(text) != EPC96_HEX_CHARS or not text.isascii() or not _HEX.match(text):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ScanError(f"EPC {shown!r} is not 24 hex digits (96 bits)",
                        fix="set the reader to report the EPC bank as hex, one tag per line")
    return text.upper()
