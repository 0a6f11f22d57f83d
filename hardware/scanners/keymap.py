"""Linux input key codes (linux/input-event-codes.h) -> characters, US layout.

Wedge scanners are set to a US keyboard layout almost universally; what they
type is digits, upper-case letters, URL punctuation, Enter and GS (Ctrl+]).
"""

from __future__ import annotations

KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_LEFTCTRL, KEY_RIGHTCTRL = 42, 54, 29, 97
KEY_ENTER, KEY_KPENTER = 28, 96
SHIFTS = (KEY_LEFTSHIFT, KEY_RIGHTSHIFT)
CTRLS = (KEY_LEFTCTRL, KEY_RIGHTCTRL)

_ROWS = {  # first key code of a row -> its plain / shifted characters
    2: ("1234567890-=", "!@#$%^&*()_+"),
    16: ("qwertyuiop[]", "QWERTYUIOP{}"),
    30: ("asdfghjkl;'`", 'ASDFGHJKL:"~'),
    43: ("\\zxcvbnm,./", "|ZXCVBNM<>?"),
}
PLAIN: dict[int, str] = {}
SHIFTED: dict[int, str] = {}
for first, (plain, shifted) in _ROWS.items():
    for offset, (low, high) in enumerate(zip(plain, shifted, strict=True)):
        PLAIN[first + offset], SHIFTED[first + offset] = low, high
PLAIN[57] = SHIFTED[57] = " "
_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 98: "/", 55: "*"}
PLAIN.update(_KEYPAD)
SHIFTED.update(_KEYPAD)
PLAIN[KEY_ENTER] = PLAIN[KEY_KPENTER] = SHIFTED[KEY_ENTER] = SHIFTED[KEY_KPENTER] = "\r"
CTRL_CHARS = {27: "\x1d"}  # Ctrl+] is GS, how wedges type FNC1 / the GS1 separator
CODE_OF = {char: code for code, char in PLAIN.items()}  # for tests and fakes


def char_for(code: int, shift: bool, ctrl: bool) -> str | None:
    if ctrl:
        return CTRL_CHARS.get(code, "\x00")   # any other Ctrl chord: a control character
    return (SHIFTED if shift else PLAIN).get(code)
