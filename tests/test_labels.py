"""Vietnamese labels for clause ids and their natural order."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, strategies as st

from consultkit.writers import labels
from consultkit.writers.labels import clause_label, natural_key, roman_to_int


def test_doctests():
    assert doctest.testmod(labels).failed == 0


@pytest.mark.parametrize("cid, expected", [
    ("D8", "Điều 8"), ("D8.k2", "Khoản 2 Điều 8"), ("D8.k2.đ", "Điểm đ khoản 2 Điều 8"),
    ("C2", "Chương 2"), ("IV", "Mục IV"), ("IV.2.1.a", "Mục IV.2.1.a"), ("D3~2", "Điều 3 (bản 2)"),
])
def test_clause_label(cid, expected):
    assert clause_label(cid) == expected


@given(st.integers(min_value=1, max_value=39))
def test_roman_round_trip(n):
    assert roman_to_int(labels_roman(n)) == n


def labels_roman(n: int) -> str:
    from consultkit.lint.annex import _roman
    return _roman(n)


def test_natural_order():
    ids = ["IV.10", "IV.2", "III.1", "IV.2.1", "IX", "V"]
    assert sorted(ids, key=natural_key) == ["III.1", "IV.2", "IV.2.1", "IV.10", "V", "IX"]
    assert sorted(["D10", "D2", "D2.k10", "D2.k3"], key=natural_key) == ["D2", "D2.k3", "D2.k10", "D10"]
