"""Staff accounts from the store config (``mqtt.staff``) and PIN checks.

PINs are stored as salted PBKDF2 hashes (the same scheme as the manager PIN,
``kiosk.insight.manager``); a 4-8 digit PIN is weak against offline guessing, so the
online limits in ``limits.py`` are the real protection.  An unknown name costs the
same hash work as a known one, so timing does not tell which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import StaffEntry, StoreConfig
from kiosk.insight.manager import hash_pin, verify_pin

ROLES = ("associate", "floor_lead", "manager")
# Rungs of the escalation ladder (kiosk.messaging.staff.RUNGS) for each role.
RUNG = {"associate": "zone", "floor_lead": "floor_lead", "manager": "manager"}
_DECOY_HASH = hash_pin("00000000", iterations=200_000)


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    role: str        # associate | floor_lead | manager
    zones: tuple[str, ...]
    pin_hash: str | None

    @property
    def rung(self) -> str:
        return RUNG[self.role]

    @property
    def zone(self) -> str | None:
        """The zone whose requests this account follows first (leads also see escalations)."""
        return self.zones[0] if self.zones else None

    @classmethod
    def of(cls, entry: StaffEntry) -> Account:
        role = "associate" if entry.role == "zone" else entry.role
        return cls(entry.id, entry.name, role, tuple(entry.zones), entry.pin_hash)


class Accounts:
    def __init__(self, accounts: list[Account]):
        self._by_id = {a.id: a for a in accounts}

    @classmethod
    def from_config(cls, config: StoreConfig) -> Accounts:
        """Only staff with a PIN can sign in; an associate needs a zone to see anything."""
        usable = [Account.of(e) for e in config.mqtt.staff
                  if e.pin_hash and (e.zones or e.role in ("floor_lead", "manager"))]
        return cls(usable)

    def __iter__(self):
        return iter(sorted(self._by_id.values(), key=lambda a: a.name.casefold()))

    def get(self, staff_id: str | None) -> Account | None:
        return self._by_id.get(staff_id or "")

    def authenticate(self, staff_id: str, pin: str) -> Account | None:
        account = self.get(staff_id)
        if account is None:
            verify_pin(pin, _DECOY_HASH)  # same work as a real check: names are not an oracle
            return None
        return account if verify_pin(pin, account.pin_hash or _DECOY_HASH) else None
