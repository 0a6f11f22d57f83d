"""Translated catalogue content (issue #14, 4): native columns, Shopify's Translate & Adapt
export, Merchant Center feeds per language, the built-in colour names, check's fallbacks."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalogue import check_catalogue, load_catalogue
from kiosk.catalogue.colour_names import colour_table, normalise_name
from kiosk.catalogue.native_yaml_writer import write_native_yaml
from kiosk.catalogue.translations import (
    LANGUAGES,
    colour_in,
    colour_translation_table,
    description_in,
    title_in,
)

DATA = Path(__file__).parents[1] / "data" / "shopify"
PRODUCTS, TRANSLATIONS = DATA / "maison-products.csv", DATA / "maison-translations.csv"


def _style(catalogue, style_id):
    return next(s for s in catalogue.styles if s.id == style_id)


def test_every_colour_name_of_the_table_has_fr_and_zh_cn():
    table = colour_translation_table()
    assert set(colour_table()) == set(table)
    for name, names in table.items():
        assert set(names) == set(LANGUAGES), name
        assert names["fr"] == names["fr"].strip().lower(), name
        assert all(not ("a" <= ch <= "z") for ch in names["zh_CN"]), name


def test_shopify_translation_export_gives_titles_descriptions_and_colours():
    catalogue = load_catalogue(PRODUCTS, translations=[(None, TRANSLATIONS)])
    shirt = _style(catalogue, "relaxed-linen-shirt")
    assert title_in(shirt, "fr") == "Chemise en lin décontractée"   # not the Canada market row
    assert title_in(shirt, "zh_CN") == "宽松亚麻衬衫"
    assert description_in(shirt, "fr") == "Lin léger et respirant, coupe décontractée."
    assert title_in(shirt, "en") == "Relaxed linen shirt"
    sage, navy = (cw.colour for cw in shirt.colourways)
    assert colour_in(sage, "fr") == "Vert sauge" and colour_in(sage, "zh_CN") == "灰绿色"
    # The store left Navy untranslated: the built-in table answers.
    assert colour_in(navy, "fr") == "bleu marine" and colour_in(navy, "zh_CN") == "藏青色"
    trousers = _style(catalogue, "wide-leg-trousers")
    assert title_in(trousers, "fr") == "Pantalon large"
    assert title_in(trousers, "zh_CN") == "Wide-leg trousers"   # no zh-CN, and 'de' skipped


def test_check_warns_about_each_fallback_with_file_line_and_field():
    _, issues = check_catalogue(PRODUCTS, translations=[(None, TRANSLATIONS)])
    missing = [i for i in issues if i.code == "translation-missing"]
    assert {(i.location.line, i.location.field) for i in missing} == {
        (6, "title_zh_CN"), (6, "description_zh_CN"), (6, "colour_zh_CN")}
    assert all(i.severity == "warning" and i.location.file == str(PRODUCTS) for i in missing)
    assert "Moonlight" in next(i.message for i in missing if i.location.field == "colour_zh_CN")


def test_without_translations_nothing_is_warned_and_nothing_changes():
    catalogue, issues = check_catalogue(PRODUCTS)
    assert not [i for i in issues if i.code == "translation-missing"]
    assert all(not s.names for s in catalogue.styles)
    assert colour_in(_style(catalogue, "relaxed-linen-shirt").colourways[1].colour, "zh_CN") == "藏青色"


def test_native_csv_columns_and_yaml_keys_round_trip(tmp_path):
    path = tmp_path / "catalogue.csv"
    # Moonlight is not in the colour table: its hex keeps the native file valid
    path.write_text(
        "style_id,title,Title_FR,title_zh_CN,description,colour,colour_hex,colour_zh_CN,size,"
        "gtin,stock,price\n"
        "W-LIN,Linen shirt,Chemise en lin,亚麻衬衫,Light.,sage green,,,S,2000030101010,4,49.95\n"
        "W-TEE,Boxy tee,T-shirt ample,,,Moonlight,#c8d0e0,月光色,M,2000030101027,2,19.00\n",
        encoding="utf-8")
    catalogue, issues = check_catalogue(path)
    assert catalogue is not None, issues
    warned = {(i.location.line, i.location.field) for i in issues if i.code == "translation-missing"}
    assert warned == {(2, "description_fr"), (2, "description_zh_CN"), (3, "title_zh_CN"),
                      (3, "colour_fr")}
    shirt = _style(catalogue, "W-LIN")
    assert title_in(shirt, "fr") == "Chemise en lin"
    assert colour_in(shirt.colourways[0].colour, "zh_CN") == "鼠尾草绿"   # built-in table
    tee = _style(catalogue, "W-TEE")
    assert colour_in(tee.colourways[0].colour, "zh_CN") == "月光色"
    assert colour_in(tee.colourways[0].colour, "fr") == "Moonlight"      # no fr: as written
    yaml_path = tmp_path / "catalogue.yaml"
    text = write_native_yaml(catalogue, yaml_path)
    assert "title_zh_CN:" in text and "colour_zh_CN:" in text
    again = load_catalogue(yaml_path)
    assert again.version == catalogue.version
    assert title_in(_style(again, "W-LIN"), "zh_CN") == "亚麻衬衫"


def test_merchant_center_feed_per_language(tmp_path):
    header = "id\titem_group_id\ttitle\tdescription\tcolor\tsize\tprice\tgtin\tavailability\n"
    (tmp_path / "feed.tsv").write_text(
        header + "LIN-SAG-S\tLIN\tLinen shirt - Sage green - S\tLight linen.\tSage green\tS\t"
        "49.95 EUR\t2000030101010\tin_stock\n", encoding="utf-8")
    (tmp_path / "feed-fr.tsv").write_text(
        header + "LIN-SAG-S\tLIN\tChemise en lin - Vert sauge - S\tLin léger.\tVert sauge\tS\t"
        "49.95 EUR\t2000030101010\tin_stock\n", encoding="utf-8")
    catalogue, issues = check_catalogue(tmp_path / "feed.tsv",
                                        translations=[("fr", tmp_path / "feed-fr.tsv")])
    assert catalogue is not None, issues
    shirt = catalogue.styles[0]
    assert title_in(shirt, "fr") == "Chemise en lin"
    assert description_in(shirt, "fr") == "Lin léger."
    assert colour_in(shirt.colourways[0].colour, "fr") == "Vert sauge"


def test_built_in_names_reach_aliases_and_loose_spelling():
    from kiosk.catalogue.translations import builtin_colour_name
    assert builtin_colour_name("Navy-Blue", "fr") == "bleu marine"
    assert builtin_colour_name("noir", "zh_CN") == "黑色"
    assert builtin_colour_name("Moonlight", "fr") is None
    assert normalise_name("Écru") in colour_translation_table()


def test_the_report_names_products_in_its_language():
    from kiosk.insight.names import names_from_catalogue
    catalogue = load_catalogue(PRODUCTS, translations=[(None, TRANSLATIONS)])
    assert names_from_catalogue(catalogue, "zh_CN")["02000030101010"] == "宽松亚麻衬衫 (灰绿色)"
    assert names_from_catalogue(catalogue, "fr")["02000030102017"] == (
        "Chemise en lin décontractée (bleu marine)")
    assert names_from_catalogue(catalogue)["02000030101010"] == "Relaxed linen shirt (Sage green)"


def test_import_writes_the_translations_into_a_draft_whose_check_matches(tmp_path, capsys):
    from kiosk.__main__ import main
    draft = tmp_path / "catalogue.csv"
    assert main(["catalogue", "import", str(PRODUCTS), "--offline", "--translations",
                 str(TRANSLATIONS), "-o", str(draft)]) == 0
    header = draft.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-6:] == ["title_fr", "title_zh_CN", "description_fr", "description_zh_CN",
                           "colour_fr", "colour_zh_CN"]
    capsys.readouterr()
    assert main(["catalogue", "check", str(draft), "--offline"]) == 0
    out = capsys.readouterr().out
    assert out.count("has no zh_CN") == 3   # the same fallbacks as the export with its CSV
    assert "OK: 0 error(s), 5 warning(s)" in out
