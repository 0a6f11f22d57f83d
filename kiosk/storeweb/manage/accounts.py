"""Back-office logins from the store config (``back_office.managers``) and password checks.

Passwords are salted PBKDF2 hashes made by the same helper as the staff PINs
(``kiosk.insight.manager``).  An unknown name costs the same hash work as a known one,
so timing does not tell which names exist; the sign-in limits do the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import ManagerEntry, StoreConfig
from kiosk.insight.manager import hash_password, verify_password

ROLES = ("manager", "regional_manager")
_DECOY_HASH = hash_password("decoy-password-never-used", iterations=200_000)


@dataclass(frozen=True)
class Manager:
    id: str
    name: str
    role: str            # manager | regional_manager
    password_hash: str

    @property
    def ends_others_sessions(self) -> bool:
        """A regional manager may sign every other manager out (a lost laptop, someone leaving)."""
        return self.role == "regional_manager"

    @classmethod
    def of(cls, entry: ManagerEntry) -> Manager:
        return cls(entry.id, entry.name, entry.role, entry.password_hash or "")


class Managers:
    def __init__(self, managers: list[Manager]):
        self._by_id = {m.id: m for m in managers}

    @classmethod
    def from_config(cls, config: StoreConfig) -> Managers:
        """Only managers with a password hash can sign in."""
        return cls([Manager.of(e) for e in config.back_office.managers if e.password_hash])

    def __iter__(self):
        return iter(sorted(self._by_id.values(), key=lambda m: m.name.casefold()))

    def get(self, manager_id: str | None) -> Manager | None:
        return self._by_id.get(manager_id or "")

    def authenticate(self, username: str, password: str) -> Manager | None:
        manager = self.get(username.strip().lower())
        if manager is None:
            verify_password(password, _DECOY_HASH)  # same work: names are not an oracle
            return None
        return manager if verify_password(password, manager.password_hash) else None
