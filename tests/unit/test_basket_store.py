"""The session basket: GTIN lines in SQLite, wiped with the session and at start-up."""

from __future__ import annotations

import pytest

from kiosk.basket import MAX_LINES, MAX_QUANTITY, BasketError, BasketStore
from kiosk.catalogue.gtin import with_check_digit

SHIRT_EAN13 = "4006381333931"
SHIRT = "0" + SHIRT_EAN13


def test_adding_the_same_item_in_any_gtin_form_merges_lines():
    basket = BasketStore().basket("s1")
    basket.add(SHIRT_EAN13)
    basket.add(SHIRT, 2)
    assert [(line.gtin, line.quantity) for line in basket.lines] == [(SHIRT, 3)]
    assert basket.count == 3 and len(basket) == 1


def test_lines_keep_the_order_they_were_added():
    basket = BasketStore().basket("s1")
    codes = [with_check_digit(f"40000000000{i}") for i in range(3)]
    for code in reversed(codes):
        basket.add(code)
    assert [line.gtin for line in basket.lines] == ["0" + c for c in reversed(codes)]


def test_set_quantity_zero_removes_and_limits_are_enforced():
    basket = BasketStore().basket("s1")
    basket.add(SHIRT, 2)
    assert basket.set_quantity(SHIRT, 0) == 0 and basket.lines == ()
    with pytest.raises(BasketError, match="at most"):
        basket.add(SHIRT, MAX_QUANTITY + 1)
    for i in range(MAX_LINES):
        basket.add(with_check_digit(f"{400000000000 + i}"))
    with pytest.raises(BasketError, match="different items"):
        basket.add(SHIRT)


def test_bad_gtins_raise_a_basket_error_with_a_fix():
    with pytest.raises(BasketError) as error:
        BasketStore().basket("s1").add("4006381333932")
    assert error.value.fix and "check digit" in error.value.message


def test_wipe_forgets_one_session_only():
    store = BasketStore()
    mine, theirs = store.basket("s1"), store.basket("s2")
    mine.add(SHIRT)
    theirs.add(SHIRT)
    mine.wipe()
    assert mine.lines == () and len(theirs.lines) == 1


def test_baskets_persist_while_the_process_lives_and_are_wiped_on_restart(tmp_path):
    path = tmp_path / "basket.sqlite3"
    store = BasketStore(path)
    store.basket("s1").add(SHIRT)
    assert BasketStore(path).basket("s1").lines == ()  # a new process: the old session is gone
    store.close()


def test_a_basket_needs_a_session():
    with pytest.raises(BasketError):
        BasketStore().basket("")
