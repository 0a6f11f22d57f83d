"""``kiosk back-office``: password hashes for the managers' back office (/manage).

    kiosk back-office password          # prompts; prints a hash for back_office.managers[].password_hash

The back office is served by the store web service: `kiosk staff-app serve` (or `kiosk
demo`) prints `Back office: URL`.
"""

from __future__ import annotations

import getpass
import sys


def register(sub) -> None:
    parser = sub.add_parser("back-office", help="managers' back office: password hashes")
    commands = parser.add_subparsers(dest="back_office_command", required=True)
    password = commands.add_parser("password", help="hash a manager's password (prompt or stdin)")
    password.set_defaults(func=_password)


def _password(_args) -> int:
    from kiosk.insight.manager import hash_password

    secret = (getpass.getpass("Manager password (10+ characters): ") if sys.stdin.isatty()
              else sys.stdin.readline().rstrip("\n"))
    print(hash_password(secret))  # a ConfigError (too short) is reported by kiosk's main
    return 0
