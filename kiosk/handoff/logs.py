"""No token, cookie or personal data in the hand-off service's log lines, on any path.

The service's own messages name token *hashes* only; this filter is the second line
of defence for what uvicorn and the libraries log: the access log's request path
(``/h/<token>``), a traceback whose exception quotes its input.  It rewrites
each record with the support bundle's redaction (``kiosk.health.redact``) before
any handler formats it.
"""

from __future__ import annotations

import logging

from kiosk.health.redact import scrub_line

# Logger filters apply only to records made on that very logger (not its children),
# so every logger that can see a request is named.
LOGGERS = ("uvicorn.error", "uvicorn.access", "uvicorn.asgi", "kiosk.handoff.web",
           "kiosk.handoff.service", "kiosk.handoff.server", "kiosk.handoff.storage")
_TRACEBACKS = logging.Formatter()


class RedactRecords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub_line(record.msg)
        # Arguments stay a tuple of the same length: uvicorn's access formatter unpacks them.
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub_arg(a) for a in record.args)
        if record.exc_info:
            record.exc_text = scrub_line(_TRACEBACKS.formatException(record.exc_info))
            record.exc_info = None  # formatters print exc_text; nobody re-renders the raw one
        if record.stack_info:
            record.stack_info = scrub_line(record.stack_info)
        return True


def _scrub_arg(value: object) -> object:
    """Numbers keep their type (for %d); anything else is rendered now and scrubbed."""
    if value is None or isinstance(value, (int, float)):
        return value
    return scrub_line(value if isinstance(value, str) else str(value))


_FILTER = RedactRecords()


def install() -> None:
    """Idempotent: attach the filter to every logger in LOGGERS."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
