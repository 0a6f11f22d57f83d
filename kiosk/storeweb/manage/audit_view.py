"""The Audit log page's lines: each stored record as a sentence in the page's language.

The record stays as stored (kiosk/storeweb/manage/db.py: action code, plain detail, facts
as JSON); only the page words it: who by display name and login, what was done to which
mirror or version, and what came of it.  A record without facts (older ones, sign-ins,
uploads) shows its action's name and its detail line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hardware.lights.presets import PRESETS
from kiosk.storeweb.manage import i18n
from kiosk.storeweb.manage.db import AuditEntry

# actions recorded by the service itself, not by a manager
SERVICE = {"alerts": "audit_by_alerts", "stock-feed": "audit_by_stock_feed"}


@dataclass(frozen=True)
class AuditLine:
    ts: float
    action: str
    name: str        # display name ("Camille"), or the login when unknown
    login: str
    role: str        # "-" for the service itself and failed sign-ins
    sentence: str


def lines(entries: list[AuditEntry], lang: str, names: Mapping[str, str]) -> list[AuditLine]:
    table, t = i18n.strings(lang), i18n.translator(lang)
    return [AuditLine(e.ts, e.action, _name(e, names, table, t), e.who, e.role, sentence(e, table, t, lang))
            for e in entries]


def sentence(entry: AuditEntry, table: Mapping[str, str], t: Callable[..., str], lang: str) -> str:
    facts = entry.data
    if entry.action.startswith("mirror-") and isinstance(facts.get("command"), str):
        preset = str(facts.get("preset", ""))
        if preset in PRESETS:   # the preset's name in the page's language, as on the Mirrors page
            preset = PRESETS[preset].label.get(lang, PRESETS[preset].label["en"])
        what = _known(table, t, f"audit_cmd_{facts['command']}", entry.action, mirror=facts.get("mirror", "?"),
                      preset=preset)
        return t("audit_with_result", what=what, result=_result(facts, table, t))
    said = f"audit_say_{entry.action}"   # a sentence of its own from the facts, when it has them
    if said in table and "address" in facts:
        return t(said, address=facts["address"])
    what = _known(table, t, f"audit_act_{entry.action}", entry.action)
    detail = entry.detail.replace(" -> ", " → ")
    return t("audit_with_detail", what=what, detail=detail) if detail else what


def _result(facts: dict[str, Any], table: Mapping[str, str], t: Callable[..., str]) -> str:
    status, command = facts.get("status"), facts.get("command")
    if status == "timeout":
        return t("audit_res_timeout")
    if status != "ok":
        return t("audit_res_error", error=facts.get("error", ""))
    if command == "lock" and facts.get("locked") is True:
        return t("audit_res_locked", camera=_camera(facts, table, t))
    if command == "unlock" and facts.get("locked") is False:
        return t("audit_res_unlocked")
    if command == "placement" and facts.get("ok") is True:
        return t("placement_good")
    if command == "placement" and facts.get("ok") is False:
        hints = [_known(table, t, f"hint_{code}", str(code)) for code in facts.get("codes") or []]
        return t("audit_res_adjust", hints=" ".join(hints))
    if command == "restart":
        return t("audit_res_restarting")
    return t("audit_res_done")


def _camera(facts: dict[str, Any], table: Mapping[str, str], t: Callable[..., str]) -> str:
    camera = str(facts.get("camera", ""))
    return _known(table, t, f"camera_{camera}", camera or "–")


def _name(entry: AuditEntry, names: Mapping[str, str], table: Mapping[str, str], t: Callable[..., str]) -> str:
    if entry.who in SERVICE:
        return t(SERVICE[entry.who])
    return names.get(entry.who, entry.who)


def _known(table: Mapping[str, str], t: Callable[..., str], key: str, fallback: str, **values: Any) -> str:
    """The string for ``key`` if this language has it, else the stored code as it is."""
    return t(key, **values) if key in table else fallback
