"""Translation files: extract every ``tr("Context", "text")`` from kiosk/ui into Qt .ts
files, keep what translators wrote, and compile .qm with Qt's lrelease.

Our ``tr`` helper is a plain function, which pyside6-lupdate does not see; the AST does.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.errors import KioskError

UI = Path(__file__).parent
TRANSLATIONS = UI / "translations"
TARGETS = ("fr", "zh_CN")


def extract(root: Path = UI) -> dict[tuple[str, str], bool]:
    """{(context, source): is_plural} for every literal tr(...) call under ``root``."""
    found: dict[tuple[str, str], bool] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_tr_call(node):
                context, text = node.args[0].value, node.args[1].value
                found[(context, text)] = len(node.args) >= 4 or "%n" in text
    for name in _season_names():
        found[("Season", name)] = False
    return found


def _is_tr_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
            and len(node.args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             for a in node.args[:2]))


def _season_names() -> list[str]:
    from kiosk.colour.palette import seasons

    return [season.name for season in seasons().values()]


def read_ts(path: Path) -> dict[tuple[str, str], list[str] | str | None]:
    if not path.is_file():
        return {}
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished":
                value = None
            elif message.get("numerus") == "yes":
                value = [form.text or "" for form in translation.iter("numerusform")]
            else:
                value = translation.text or ""
            messages[(name, message.findtext("source"))] = value
    return messages


def write_ts(path: Path, language: str, strings: dict[tuple[str, str], bool],
             translations: dict[tuple[str, str], object]) -> list[tuple[str, str]]:
    """Write the .ts; returns the (context, source) pairs still untranslated."""
    root = ET.Element("TS", version="2.1", language=language)
    missing = []
    for context in sorted({c for c, _ in strings}):
        node = ET.SubElement(root, "context")
        ET.SubElement(node, "name").text = context
        for (ctx, source), plural in sorted(strings.items()):
            if ctx != context:
                continue
            message = ET.SubElement(node, "message", numerus="yes") if plural else ET.SubElement(node, "message")
            ET.SubElement(message, "source").text = source
            _translation(message, translations.get((ctx, source)), plural, missing, (ctx, source))
    ET.indent(root)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    return missing


def _translation(message, value, plural: bool, missing: list, key) -> None:
    element = ET.SubElement(message, "translation")
    if value is None:
        element.set("type", "unfinished")
        missing.append(key)
    elif plural:
        for form in value if isinstance(value, list) else [value]:
            ET.SubElement(element, "numerusform").text = form
    else:
        element.text = value if isinstance(value, str) else value[0]


def update(extra: dict[str, dict[tuple[str, str], object]] | None = None) -> dict[str, list]:
    strings = extract()
    missing = {}
    for language in TARGETS:
        path = TRANSLATIONS / f"kiosk_{language}.ts"
        known = {**read_ts(path), **((extra or {}).get(language, {}))}
        missing[language] = write_ts(path, language, strings, known)
    return missing


def compile_qm() -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    for language in TARGETS:
        source = TRANSLATIONS / f"kiosk_{language}.ts"
        result = subprocess.run([lrelease, str(source), "-qm", str(source.with_suffix(".qm"))],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise KioskError(f"lrelease failed for {source.name}: {result.stderr.strip()}")
