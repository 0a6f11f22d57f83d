"""``kiosk catalogue check|import|show|publish|follow``: the store manager's tool.

    kiosk catalogue check products_export.csv          # errors + warnings, file:line:column
    kiosk catalogue import products_export.csv -o catalogue.yaml
    kiosk catalogue show catalogue.yaml --style W-LIN-SHIRT
    kiosk catalogue publish catalogue.yaml --store paris-01 --config store.yaml
    kiosk catalogue follow --store paris-01 --config store.yaml   # what a mirror sees

``check`` exits 1 on errors only: warnings never fail a file.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.catalogue import Catalogue, check_catalogue, load_catalogue
from kiosk.catalogue.loader import FORMATS
from kiosk.catalogue.show import print_issues, show_catalogue
from kiosk.cli import _catalogue_mqtt as mqtt
from kiosk.errors import CatalogueError, Location


def register(sub) -> None:
    parser = sub.add_parser("catalogue", help="check, import, show and publish the catalogue")
    commands = parser.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")

    check = _with_checks(commands.add_parser("check", help="validate a catalogue file"))
    check.set_defaults(func=run_check)

    imp = _with_checks(commands.add_parser("import", help="convert an export to the native form"))
    imp.add_argument("-o", "--output", required=True, help="native file to write (.yaml or .csv)")
    imp.add_argument("--currency", default="EUR", help="currency of the prices (default EUR)")
    imp.set_defaults(func=run_import)

    show = _with_file(commands.add_parser("show", help="summarise a catalogue"))
    show.add_argument("--style", help="show one style in full")
    show.add_argument("--gtin", help="show the variant with this GTIN (any form)")
    show.set_defaults(func=run_show)

    pub = _with_file(commands.add_parser("publish", help="publish to every mirror of a store"))
    pub.add_argument("--store", help="store id, e.g. paris-01 (default: store.id of --config)")
    pub.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the broker")
    mqtt.add_broker_arguments(pub)
    pub.set_defaults(func=run_publish)

    follow = commands.add_parser("follow", help="hold the catalogue as a mirror does, print swaps")
    follow.add_argument("--store", help="store id (default: store.id of --config)")
    follow.add_argument("--file", help="also load and watch this local catalogue file")
    follow.add_argument("--interval", type=float, default=2.0, help="file poll interval (s)")
    follow.add_argument("--seconds", type=float, default=0, help="stop after this long (0: never)")
    follow.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the broker")
    mqtt.add_broker_arguments(follow)
    follow.set_defaults(func=mqtt.follow)


def _with_file(parser):
    parser.add_argument("file", help="catalogue: native .yaml/.csv, Shopify CSV, Merchant TSV/XML")
    parser.add_argument("--format", choices=FORMATS, help="skip format detection")
    return parser


def _with_checks(parser):
    """The one flag set of the commands that check a file (check, import): same findings."""
    _with_file(parser)
    parser.add_argument("--offline", action="store_true", help="do not try to fetch image URLs")
    parser.add_argument("--translations", metavar="CSV", action="append", default=[],
                        help="Shopify Translate & Adapt export with the products' translations")
    parser.add_argument("--lang", nargs=2, metavar=("LANG", "FEED"), action="append", default=[],
                        help="Merchant Center feed of one language, e.g. --lang fr feed-fr.xml")
    return parser


def _translation_files(args) -> list[tuple[str | None, str]]:
    return ([(None, path) for path in getattr(args, "translations", [])]
            + [(lang, path) for lang, path in getattr(args, "lang", [])])


def _checked(args) -> tuple[Catalogue | None, list]:
    """What ``check`` reports, for check and import alike."""
    catalogue, issues = check_catalogue(args.file, fmt=args.format,
                                        translations=_translation_files(args))
    if catalogue is not None and not args.offline:
        from kiosk.catalogue.image_cache import unreachable_image_issues
        issues += unreachable_image_issues(catalogue)
    return catalogue, issues


def run_check(args) -> int:
    catalogue, issues = _checked(args)
    errors = print_issues(issues)
    warnings = len(issues) - errors
    verdict = "FAILED" if errors else "OK"
    detail = f": {len(catalogue)} styles, {catalogue.variant_count} variants" if catalogue else ""
    print(f"{verdict}: {errors} error(s), {warnings} warning(s){detail}")
    return 1 if errors else 0


def run_import(args) -> int:
    from kiosk.catalogue.native_csv import write_native_csv
    from kiosk.catalogue.native_yaml_writer import write_native_yaml
    output = Path(args.output)
    if output.suffix.lower() not in (".yaml", ".yml", ".csv"):
        raise CatalogueError("output must end in .yaml or .csv", location=Location(str(output)),
                             fix="e.g. -o catalogue.yaml (readable) or -o catalogue.csv "
                                 "(spreadsheet)")
    catalogue, issues = _checked(args)
    errors = print_issues(issues)
    if catalogue is None:
        print(f"FAILED: {errors} error(s); nothing written")
        return 1
    catalogue = Catalogue(catalogue.styles, currency=args.currency.upper(),
                          store=catalogue.store, source=catalogue.source)
    # A draft: what the export could not tell stays a warning in the written file (review.py).
    if output.suffix.lower() == ".csv":
        write_native_csv(catalogue, output, draft=True)
    else:
        write_native_yaml(catalogue, output, header_comment=f"Imported from {args.file}",
                          draft=True)
    print(f"wrote {output}: {len(catalogue)} styles, {catalogue.variant_count} variants, "
          f"{len(issues)} warning(s) to review")
    return 0


def run_show(args) -> int:
    catalogue = load_catalogue(args.file, fmt=args.format)
    return show_catalogue(catalogue, style_id=args.style, gtin=args.gtin)


def run_publish(args) -> int:
    catalogue, issues = check_catalogue(args.file, fmt=args.format)
    errors = print_issues(issues)
    if catalogue is None:
        print(f"FAILED: {errors} error(s); nothing published (mirrors keep their catalogue)")
        return 1
    return mqtt.publish(args, catalogue)
