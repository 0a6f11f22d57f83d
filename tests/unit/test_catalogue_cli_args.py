"""Which store a publish goes to: --store, else the store config's id; never a bad topic."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kiosk.cli._catalogue_mqtt import resolve_store
from kiosk.errors import KioskError
from tests.support.messaging import write_store_config


def test_store_comes_from_the_flag_or_the_config(tmp_path):
    config = write_store_config(tmp_path, 1883)
    assert resolve_store(SimpleNamespace(store="paris-01", config=config)) == "paris-01"
    assert resolve_store(SimpleNamespace(store=None, config=config)) == "s1"


@pytest.mark.parametrize("store", [None, "Paris 01", "s1/#"])
def test_missing_or_unsafe_store_is_a_clean_error(store):
    with pytest.raises(KioskError) as info:
        resolve_store(SimpleNamespace(store=store, config=None))
    assert info.value.fix
