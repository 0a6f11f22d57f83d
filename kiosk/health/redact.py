"""Redaction for the support bundle: secrets out of the config, personal data out of logs.

The kiosk never logs shopper data on purpose; this is the second line of defence for what
a library or a future change might log.  Redaction is by shape, so it errs towards hiding.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"
# Config keys whose *values* could be secrets or identify a person.  Keys ending _env or
# _file name where a secret lives (useful for support) and are kept.  A webhook or feed URL
# often carries its token in the path or query: redacted whole.  E-mail alert addresses name
# people (a manager's inbox).
SECRET_KEY = re.compile(r"(password|secret|token|passphrase|api_?key|username|pin|webhook_url|feed_url|from_address|recipients)$", re.I)

LINE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[^\s@<>()\[\],;:\"]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"(?<![\w/])\+\d[\d ()-]{7,}\d"), "<phone>"),
    (re.compile(r"\b[0-9a-fA-F]{32,}\b"), "<hex>"),                 # tokens, keys, hashes of people
    (re.compile(r"\b[A-Za-z0-9_-]{40,}\b"), "<token>"),             # base64url tokens
    (re.compile(r"(?i)(password|passwd|pwd|secret|token|authorization)([\"']?\s*[:=]\s*)\S+"),
     r"\1\2<redacted>"),
    (re.compile(r"(?i)(/h/|/basket/|[?&]t=)[A-Za-z0-9_-]{8,}"), r"\1<token>"),  # hand-off URLs
]


def redact_config(value: Any, key: str = "") -> Any:
    if value is not None and SECRET_KEY.search(key):
        return REDACTED  # the whole value, whatever its shape
    if isinstance(value, dict):
        return {k: redact_config(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_config(v, key) for v in value]
    return value


def scrub_line(line: str) -> str:
    for pattern, replacement in LINE_PATTERNS:
        line = pattern.sub(replacement, line)
    return line
