"""Kernel key events -> characters -> scans (US layout, Shift, Ctrl+] as GS); fuzzed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.scanners.evdev_reader import EV_KEY, EVENT, EvdevWedgeReader, pack_key
from hardware.scanners.keymap import KEY_ENTER, KEY_LEFTCTRL, KEY_LEFTSHIFT, char_for

KEY_H, KEY_RIGHTBRACE, KEY_KP5, KEY_SLASH, KEY_SEMICOLON = 35, 27, 76, 53, 39


def test_keymap_plain_shifted_keypad_and_gs():
    assert char_for(KEY_H, False, False) == "h" and char_for(KEY_H, True, False) == "H"
    assert char_for(KEY_SEMICOLON, True, False) == ":" and char_for(KEY_SLASH, False, False) == "/"
    assert char_for(KEY_KP5, False, False) == "5" and char_for(KEY_ENTER, False, False) == "\r"
    assert char_for(KEY_RIGHTBRACE, False, True) == "\x1d"
    assert char_for(KEY_H, False, True) == "\x00"       # any other chord: a control character


def feed(reader: EvdevWedgeReader, raw: bytes):
    scans, errors = [], []
    for offset in range(0, len(raw) - len(raw) % EVENT.size, EVENT.size):
        reader._event(EVENT.unpack_from(raw, offset), scans.append, errors.append)
    return scans, errors


def keys(text: str, t0: float = 100.0) -> bytes:
    from hardware.scanners.keymap import CODE_OF
    out = b""
    for i, char in enumerate(text):
        t = t0 + i * 0.003
        if char == "\x1d":
            out += pack_key(KEY_LEFTCTRL, True, t) + pack_key(KEY_RIGHTBRACE, True, t)
            out += pack_key(KEY_RIGHTBRACE, False, t) + pack_key(KEY_LEFTCTRL, False, t)
            continue
        shifted = char.isupper() or char in ":?"
        code = KEY_ENTER if char == "\r" else CODE_OF[char.lower() if char.isupper() else
                                                      {":": ";", "?": "/"}.get(char, char)]
        out += pack_key(KEY_LEFTSHIFT, True, t) if shifted else b""
        out += pack_key(code, True, t) + pack_key(code, False, t + 0.001)
        out += pack_key(KEY_LEFTSHIFT, False, t) if shifted else b""
    return out


def test_a_typed_digital_link_with_shifted_letters_and_a_gs1_string_with_gs():
    reader = EvdevWedgeReader("/dev/null", grab=False)
    scans, errors = feed(reader, keys("HTTPS://id.gs1.org/01/09506000134352\r"))
    more, more_errors = feed(reader, keys("0109501101020917\x1d10AB\r", t0=200.0))
    assert [s.gtin for s in scans + more] == ["09506000134352", "09501101020917"]
    assert errors == more_errors == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 255), st.integers(-1, 2),
                          st.floats(0, 0.2, allow_nan=False)), max_size=200))
def test_fuzz_random_input_events_never_raise(events):
    reader, t, raw = EvdevWedgeReader("/dev/null", grab=False), 1.0, b""
    for kind, code, value, gap in events:
        t += gap
        seconds = int(t)
        raw += EVENT.pack(seconds, int((t - seconds) * 1e6), kind or EV_KEY, code, value)
    scans, _ = feed(reader, raw)
    assert all(len(s.gtin) == 14 for s in scans)
