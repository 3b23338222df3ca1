"""consultkit/comparison/assignment.py: the same optimum as scipy.optimize."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.optimize import linear_sum_assignment as scipy_lsa

from consultkit.comparison.assignment import SMALL, linear_sum_assignment


@st.composite
def matrices(draw, continuous: bool):
    n, m = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    if continuous:  # an optimum that is unique (almost surely)
        seed = draw(st.integers(0, 2**32 - 1))
        return np.random.default_rng(seed).random((n, m)) * 100 - 50
    values = st.integers(-3, 3)
    return np.array(draw(st.lists(st.lists(values, min_size=m, max_size=m), min_size=n, max_size=n)),
                    dtype=float)


@settings(max_examples=200)
@given(matrices(continuous=True))
def test_same_assignment_as_scipy(cost):
    rows, cols = linear_sum_assignment(cost)
    expected_rows, expected_cols = scipy_lsa(cost)
    assert rows.tolist() == expected_rows.tolist() and cols.tolist() == expected_cols.tolist()


@settings(max_examples=200)
@given(matrices(continuous=False))
def test_same_optimum_as_scipy_with_ties(cost):
    rows, cols = linear_sum_assignment(cost)
    expected_rows, expected_cols = scipy_lsa(cost)
    assert len(set(rows)) == len(rows) == len(set(cols)) == min(cost.shape)
    assert cost[rows, cols].sum() == pytest.approx(cost[expected_rows, expected_cols].sum())


def test_large_and_empty_matrices():
    big = np.random.default_rng(1).random((SMALL // 32 + 1, 33))
    rows, cols = linear_sum_assignment(big)
    expected = scipy_lsa(big)
    assert rows.tolist() == expected[0].tolist() and cols.tolist() == expected[1].tolist()
    rows, cols = linear_sum_assignment(np.zeros((0, 3)))
    assert rows.size == cols.size == 0
    with pytest.raises(ValueError):
        linear_sum_assignment(np.zeros(3))
