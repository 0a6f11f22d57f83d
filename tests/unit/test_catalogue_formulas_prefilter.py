"""formulas._MAYBE only skips the row-by-row scan of files where no cell can be a formula."""

from __future__ import annotations

import random
import re

import pytest

from kiosk.catalogue import formulas

TRICKY = ['a,b\n=1,2\n', 'a,b\n1, =2\n', 'a;b\n1;"=2"\n', 'a\tb\n1\t@x\n', 'a,b\n"x\n=y",1\n',
          'a,b\r+1,2\r', 'a,b\n""+1,2\n', 'a,b\n-x,1\n', 'a,b\n-1,.5\n', 'a,b\nsage-green,x=1\n']


def full_scan(monkeypatch, text: str, fmt: str):
    monkeypatch.setattr(formulas, "_MAYBE", re.compile(""))
    return formulas.formula_issues(text, "f.csv", fmt)


@pytest.mark.parametrize("fmt", ["csv", "shopify", "merchant-tsv"])
def test_the_prefilter_never_hides_a_formula_cell(monkeypatch, fmt):
    rng = random.Random(16)
    alphabet = ['=', '+', '@', '-', '1', '.', 'a', ' ', '\t', ',', ';', '"', '\n', '\r']
    texts = TRICKY + ["a,b,c\n" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
                      for _ in range(3000)]
    prefilter = formulas._MAYBE
    for text in texts:
        with monkeypatch.context() as patched:
            found = full_scan(patched, text, fmt)
        assert not found or prefilter.search(text), (text, found)
    sep = "\t" if fmt == "merchant-tsv" else ","
    assert formulas.formula_issues(f"a{sep}b\n1{sep} =2\n", "f.csv", fmt)
    assert not formulas.formula_issues('a,b\nsage-green,x=1\n-1,.5\n', "f.csv", fmt)
