"""Reading untrusted catalogue files: size cap, strict UTF-8 with a line number."""

from __future__ import annotations

from pathlib import Path

from kiosk.errors import CatalogueError, Location

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise CatalogueError("catalogue file not found", location=Location(str(path)),
                             fix="check the path; 'kiosk catalogue check FILE' takes the file "
                                 "you exported or edited")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CatalogueError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
                             location=Location(str(path)),
                             fix="split the catalogue (one file per store or department)")
    return path.read_bytes()


def decode_utf8(raw: bytes, file: str) -> str:
    """Strict UTF-8 (a leading BOM, as Excel writes, is dropped)."""
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogueError("catalogue is too large", location=Location(file),
                             fix="split the catalogue (one file per store or department)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise CatalogueError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                             location=Location(file, line, column),
                             fix="save the file as 'CSV UTF-8' (Excel) or UTF-8 (other "
                                 "editors)") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CatalogueError("file contains NUL characters (is it a binary file?)",
                             location=Location(file, line),
                             fix="export the catalogue as CSV, TSV, XML or YAML text") from None
    return text
