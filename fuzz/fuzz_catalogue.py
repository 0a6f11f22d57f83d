"""atheris: the catalogue loaders (format detection, native YAML/CSV, Shopify, Merchant
Center TSV/XML) on arbitrary text."""

from _harness import run

FORMATS = (None, "yaml", "csv", "shopify", "merchant-tsv", "merchant-xml")


def target(data: bytes) -> None:
    from kiosk.catalogue.loader import load_text

    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    text = data[1:].decode("utf-8", "replace")
    load_text(text, "fuzz.txt", fmt=fmt)


if __name__ == "__main__":
    run(target, ("kiosk.catalogue",))
