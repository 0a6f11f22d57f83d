"""The report's words in the store's languages (kiosk/insight/report_strings.yaml).

``Messages(lang)`` formats text, durations, percentages and dates without the
process locale (a kiosk runs in C/UTF-8; the report may be read in Lyon or
Shanghai).  Missing keys fall back to English.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from kiosk import yaml_files
from kiosk.errors import ConfigError, Location

LANGUAGES = ("en", "fr", "zh_CN")


@cache
def catalogue() -> dict[str, dict]:
    path = Path(__file__).with_name("report_strings.yaml")
    return yaml_files.load_file(path)


class Messages:
    def __init__(self, lang: str = "en"):
        if lang not in LANGUAGES:
            raise ConfigError(f"no report strings for language {lang!r}",
                              location=Location(field="--lang"),
                              fix=f"use one of: {', '.join(LANGUAGES)}")
        self.lang = lang
        self._strings = catalogue()[lang]
        self._english = catalogue()["en"]

    def raw(self, key: str):
        return self._strings.get(key, self._english[key])

    def t(self, key: str, **params) -> str:
        return self.raw(key).format(**params)

    def number(self, value: float, digits: int = 0) -> str:
        return f"{value:.{digits}f}".replace(".", self.raw("decimal"))

    def duration(self, seconds: float) -> str:
        if seconds < 90:
            return self.t("seconds", n=self.number(seconds))
        return self.t("minutes", n=self.number(seconds / 60, 1))

    def pct(self, share: float | None) -> str:
        return "–" if share is None else self.t("percent", n=self.number(share * 100))

    def day(self, value: date, short: bool = False) -> str:
        """'Mon 16 Nov' (short: 'Mon 16'), in the report's language."""
        return self.t("short_day_format" if short else "day_format",
                      weekday=self.raw("weekdays")[value.weekday()], day=value.day,
                      month=self.raw("months")[value.month - 1])

    def moment(self, value: datetime) -> str:
        return f"{self.day(value)} {value.year} {value:%H:%M}"

    def hours(self, hours: list[int]) -> str:
        """[17, 18, 12] -> '12:00-13:00 and 17:00-19:00' (runs of consecutive hours)."""
        runs: list[list[int]] = []
        for hour in sorted(hours):
            if runs and hour == runs[-1][1]:
                runs[-1][1] = hour + 1
            else:
                runs.append([hour, hour + 1])
        return self.raw("and").join(f"{a:02d}:00-{b:02d}:00" for a, b in runs)
