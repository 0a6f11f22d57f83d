"""A fake light adapter: remembers every preset applied and every switch-off, in order."""

from __future__ import annotations

from hardware.lights.presets import LightingPreset, preset


class FakeLights:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.current: str | None = None

    def apply(self, name: str) -> LightingPreset:
        chosen = preset(name)      # unknown names fail exactly as the real adapter's do
        self.calls.append(f"apply:{chosen.name}")
        self.current = chosen.name
        return chosen

    def off(self) -> None:
        self.calls.append("off")
        self.current = None
