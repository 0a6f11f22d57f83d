"""Escalation and expiry policy of size requests (pure; the clock is passed in)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import RequestsSection


@dataclass(frozen=True)
class EscalationPolicy:
    escalate_after_s: tuple[float, ...] = (90.0, 240.0)
    ladder: tuple[str, ...] = ("zone", "floor_lead", "manager")
    expire_after_s: float = 900.0
    linger_s: float = 30.0

    @classmethod
    def from_config(cls, section: RequestsSection) -> EscalationPolicy:
        return cls(tuple(section.escalate_after_s), tuple(section.ladder),
                   section.expire_after_s, section.linger_s)

    def level_at(self, age_s: float) -> int:
        """Escalation level of an unclaimed request of this age (0 = zone staff)."""
        return sum(1 for threshold in self.escalate_after_s if age_s >= threshold)

    def notify(self, level: int) -> str:
        """Who should act at this level: the ladder's last rung repeats."""
        return self.ladder[min(level, len(self.ladder) - 1)]

    def next_deadline(self, created: float, level: int, expires: float) -> float:
        """When tick() next has work for an open request."""
        upcoming = [created + t for t in self.escalate_after_s[level:]]
        return min(upcoming + [expires])
