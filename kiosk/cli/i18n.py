"""``kiosk i18n update|build``: keep the mirror's translations in step with the code."""

from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("i18n", help="update the .ts translation files and compile .qm")
    parser.add_argument("action", choices=["update", "build"],
                        help="update: add new strings to the .ts files; build: update + compile .qm")
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.ui.i18n_tools import compile_qm, update

    missing = update()
    for language, pairs in missing.items():
        for context, source in pairs:
            print(f"untranslated [{language}] {context}: {source}")
    if args.action == "build":
        compile_qm()
    return 1 if any(missing.values()) else 0
