"""USB HID keyboard-wedge scanners: tell a scanner's burst from a person typing, by timing.

A wedge scanner "types" the code as keystrokes a few milliseconds apart and ends
with Enter; a person types 100+ ms apart.  ``KeystrokeParser`` sees every key
(with its time) and turns only scanner bursts into ``ItemScanned``; human typing
is dropped and counted.  A burst with a control character, more than
``max_length`` characters or a bad check digit ends in a ``ScanError`` that
says what to do.  The evdev reader grabs the device so its keys reach no one
else; with Qt as the only reader, the UI's key filter feeds this parser and
swallows the keys (the mirror has no text fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hardware.errors import ScanError
from hardware.scanners.events import ItemScanned
from hardware.scanners.gs1 import GS, gtin_from_scan

ENTER_KEYS = ("\r", "\n")


@dataclass
class WedgeStats:
    scans: int = 0
    rejected: int = 0
    human_keys: int = 0     # keys typed too slowly to be a scanner, dropped


@dataclass
class _Burst:
    chars: list[str] = field(default_factory=list)
    last_t: float = float("-inf")
    bad_char: str | None = None
    overflow: bool = False


class KeystrokeParser:
    def __init__(self, *, max_gap_s: float = 0.04, min_length: int = 8, max_length: int = 128):
        self.max_gap_s = max_gap_s      # scanners: 1-20 ms between keys; people: 80-300 ms
        self.min_length = min_length    # the shortest GTIN (GTIN-8)
        self.max_length = max_length    # a Digital Link URL with a few qualifiers fits
        self.stats = WedgeStats()
        self._burst = _Burst()

    def feed(self, key: str, t: float) -> ItemScanned | None:
        """One key (a character, or "\\r"/"\\n" for Enter) typed at time ``t`` (seconds).

        Returns the scan when Enter ends a scanner burst, None otherwise; raises
        ``ScanError`` when a scanner burst is unusable.
        """
        if not isinstance(key, str) or len(key) != 1:
            raise ScanError(f"keystroke {key!r} is not one character",
                            fix="feed the parser one character per key press")
        fast = t - self._burst.last_t <= self.max_gap_s
        if key in ENTER_KEYS:
            return self._finish(fast)
        if not fast and self._burst.chars:
            self.stats.human_keys += len(self._burst.chars)
            self._burst = _Burst()
        self._append(key, t)
        return None

    def _append(self, key: str, t: float) -> None:
        burst = self._burst
        burst.last_t = t
        if (ord(key) < 32 and key != GS) or 127 <= ord(key) < 160:
            burst.bad_char = burst.bad_char or key
        elif len(burst.chars) >= self.max_length:
            burst.overflow = True
        else:
            burst.chars.append(key)

    def _finish(self, fast: bool) -> ItemScanned | None:
        burst, self._burst = self._burst, _Burst()
        if not burst.chars and burst.bad_char is None:
            return None
        if not fast or (len(burst.chars) < self.min_length and burst.bad_char is None):
            self.stats.human_keys += len(burst.chars)
            return None
        try:
            scan = self._parse(burst)
        except ScanError:
            self.stats.rejected += 1
            raise
        self.stats.scans += 1
        return scan

    def _parse(self, burst: _Burst) -> ItemScanned:
        if burst.bad_char is not None:
            raise ScanError(f"scanner sent control character 0x{ord(burst.bad_char):02X}",
                            fix="set the scanner to a plain keyboard layout with Enter as suffix")
        if burst.overflow:
            raise ScanError(f"scanner burst longer than {self.max_length} characters",
                            fix="scan the item's own barcode; check the scanner's prefix settings")
        text = "".join(burst.chars)
        gtin, shape = gtin_from_scan(text)
        return ItemScanned(gtin, "hid", text, f"KEYED_{shape}")

    def reset(self) -> None:
        self._burst = _Burst()
