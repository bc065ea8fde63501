"""The totals check's group numbering (rules._group_ids) is numpy's row-wise unique, packed or not."""

from __future__ import annotations

import numpy as np
import pytest

from ctip.validate.rules import _group_ids


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("high", [1, 3, 40, 5000])  # 5000 over 7 columns: the packed key is renumbered before it overflows
def test_group_ids_number_rows_as_numpy_unique(seed, high):
    rng = np.random.default_rng(seed)
    codes = np.column_stack([rng.integers(-1, high, 600) for _ in range(7)])
    codes[::7] = codes[3]  # repeated rows
    expected = np.unique(codes, axis=0, return_inverse=True)[1].reshape(-1)
    assert np.array_equal(_group_ids(codes), expected)


def test_group_ids_of_one_column_and_of_one_row():
    assert np.array_equal(_group_ids(np.array([[2], [-1], [2]])), [1, 0, 1])
    assert np.array_equal(_group_ids(np.array([[0, -1, 5]])), [0])
