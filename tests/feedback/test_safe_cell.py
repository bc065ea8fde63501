"""ctip.safety.safe_cell: formula-like text is neutralised in every CSV or workbook the project
writes (OWASP CSV injection); numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ctip.safety import safe_cell, safe_frame, safe_row


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(1)",
        "\t=1+1",
        "\r=1+1",
        " =cmd|' /C calc'!A0",
        "=",
        "-",
        "+",
        "@",
        "＝1+1",
        "-A1",
    ],
)
def test_formula_like_text_is_prefixed_with_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [12, 0, -4, 3.5, -0.25, Decimal("7"), np.int64(5), np.float64(-1.5), True, None, dt.date(2021, 1, 2), dt.datetime(2021, 1, 2, 3, 4)]
)
def test_numbers_dates_and_missing_values_are_unchanged(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["-4", "+12", "-3.5", "1,5", "Victims identified", "12 (est.)", "a=b", ""])
def test_ordinary_text_and_signed_numbers_are_unchanged(text):
    assert safe_cell(text) == text


def test_pandas_missing_values_and_control_characters():
    assert safe_cell(pd.NA) is None
    assert safe_cell("a\x00b\x1bc") == "abc"
    assert len(safe_cell("x" * 40_000)) <= 32_767


def test_a_csv_written_with_safe_row_reads_back_inert():
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(safe_row(["=1+1", '=HYPERLINK("u","x")', 12, "-4", "plain"]))
    buf.seek(0)
    assert next(csv.reader(buf)) == ["'=1+1", '\'=HYPERLINK("u","x")', "12", "-4", "plain"]


def test_openpyxl_stores_safe_text_as_text_not_as_a_formula(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(safe_row(["=1+1", "+A1", "@x", 7, -2]))
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.data_type for c in ws[1]] == ["s", "s", "s", "n", "n"]
    assert ws["A1"].value == "'=1+1" and ws["D1"].value == 7 and ws["E1"].value == -2


def test_safe_frame_neutralises_text_columns_only():
    df = pd.DataFrame({"label": ["=1+1", "ok", None], "value": pd.array([1, -2, None], dtype="Int64"), "=col": ["a", "b", "c"]})
    out = safe_frame(df)
    assert list(out["label"])[:2] == ["'=1+1", "ok"] and pd.isna(out["label"].iloc[2])
    assert out["value"].dtype == "Int64" and list(out["value"])[:2] == [1, -2]
    assert list(out.columns) == ["label", "value", "'=col"]
    assert df["label"].iloc[0] == "=1+1"  # the input is not modified
