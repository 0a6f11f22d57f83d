"""Issue #14: sizes at 0 stock here.  The basket never takes one; staff may be asked for one
only where the store's config says so (mqtt.requests.not_in_stock)."""

from pathlib import Path

import pytest

from hardware.scanners.events import ItemScanned
from kiosk.basket import BasketStore
from kiosk.catalogue.loader import load_catalogue
from kiosk.config import ConfigErrors, StoreConfig, load_config
from kiosk.journey import Journey, NotInStockHere, can_request

ROOT = Path(__file__).resolve().parents[2]
SKY_BLUE_M_NONE_HERE, SKY_BLUE_L_FIVE_HERE = "02000010202003", "02000010203000"  # GTIN-14


def journey_holding(gtin: str) -> Journey:
    catalogue = load_catalogue(ROOT / "config" / "demo-catalogue.yaml")
    journey = Journey(lambda: catalogue, BasketStore())
    journey.begin("visit")
    journey.scan(ItemScanned(gtin, "hid", gtin, "ean13"))
    return journey


def test_the_basket_refuses_a_size_not_in_stock_here():
    journey = journey_holding(SKY_BLUE_M_NONE_HERE)
    with pytest.raises(NotInStockHere):
        journey.add_to_basket()
    assert journey.basket.count == 0


def test_a_size_in_stock_still_goes_in_the_basket():
    journey = journey_holding(SKY_BLUE_L_FIVE_HERE)
    journey.add_to_basket()
    assert journey.basket.count == 1


def test_staff_can_be_asked_for_a_size_not_here_unless_the_store_refuses():
    variant = journey_holding(SKY_BLUE_M_NONE_HERE).selection.variant
    assert can_request(variant, "ask") and not can_request(variant, "refuse")
    in_stock = journey_holding(SKY_BLUE_L_FIVE_HERE).selection.variant
    assert can_request(in_stock, "refuse")


def test_the_option_defaults_to_ask_and_a_wrong_value_is_named_with_its_line(tmp_path):
    assert StoreConfig().mqtt.requests.not_in_stock == "ask"
    path = tmp_path / "store.yaml"
    path.write_text("mqtt:\n  requests:\n    not_in_stock: order\n", encoding="utf-8")
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    assert "store.yaml:3" in str(caught.value) and "'ask' or 'refuse'" in str(caught.value)
