"""The declared frames: conform() gives exactly the declared columns and dtypes."""

from __future__ import annotations

import pandas as pd
import pytest

from consultkit import schema


@pytest.mark.parametrize("name", sorted(schema.FRAMES))
def test_empty_frames_have_declared_columns(name):
    columns = schema.FRAMES[name]
    frame = schema.empty(columns)
    assert list(frame.columns) == list(columns)
    assert len(frame) == 0


def test_conform_orders_columns_and_keeps_extras():
    rows = [{"severity": "error", "rule": "r", "location": "line 1", "message": "m",
             "suggestion": "s", "extra": 1}]
    frame = schema.conform(rows, schema.LINT)
    assert list(frame.columns) == list(schema.LINT) + ["extra"]


def reversed_dict(row):
    return dict(reversed(list(row.items())))


def test_conform_rejects_missing_columns():
    with pytest.raises(ValueError, match="lacks declared columns"):
        schema.conform([{"severity": "error"}], schema.LINT)


def test_conform_casts_declared_dtypes():
    frame = schema.conform([{"start": "3", "end": 5, "span": None, "parts": (), "clause_ids": (),
                             "resolved": 1, "issue": ""}], schema.REFS)
    assert frame["start"].dtype == "int64"
    assert frame["span"].iloc[0] == ""
    assert frame["resolved"].dtype == bool
    assert isinstance(frame, pd.DataFrame)


def test_describe_lists_every_column():
    text = schema.describe(schema.ROSTER)
    for column in schema.ROSTER:
        assert f"`{column}`" in text
