"""Formula-safe Excel export: nothing a drafter opens is evaluated."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from consultkit.errors import ExportError
from consultkit.writers.excel import FORMULA_PREFIXES, neutralise, write_xlsx


def _read(path):
    ws = openpyxl.load_workbook(path).active
    return ws, [[c for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("text", ["=1+1", "+84912345678", "-bỏ khoản 2", "@SUM(A1)",
                                  "\tTab", "\rCR", '=HYPERLINK("http://x","bấm")'])
def test_formula_like_cells_are_text_with_apostrophe(tmp_path, text):
    path = write_xlsx(pd.DataFrame({"Nội dung góp ý": [text]}), tmp_path / "a.xlsx")
    _, rows = _read(path)
    cell = rows[1][0]
    assert cell.data_type == "s"
    assert cell.value == "'" + text


def test_other_values_keep_their_type_and_layout(tmp_path):
    frame = pd.DataFrame({"STT": [1, 2], "Đơn vị": ["Bệnh viện E", "Sở Y tế Hà Nội"],
                          "Ngày": [dt.date(2021, 6, 10), None], "Ý kiến": [("D1", "D2"), ()]})
    path = write_xlsx(frame, tmp_path / "b.xlsx", sheet_name="Tổng hợp góp ý")
    ws, rows = _read(path)
    assert ws.title == "Tổng hợp góp ý"
    assert [c.value for c in rows[0]] == ["STT", "Đơn vị", "Ngày", "Ý kiến"]
    assert all(c.font.bold for c in rows[0])
    assert ws.freeze_panes == "A2"
    assert rows[1][0].value == 1 and rows[1][0].data_type == "n"
    assert rows[1][1].value == "Bệnh viện E"
    assert rows[1][2].value.date() == dt.date(2021, 6, 10)
    assert rows[1][3].value == "D1, D2"
    assert rows[2][2].value is None
    assert ws.column_dimensions["B"].width >= len("Sở Y tế Hà Nội")


def test_neutralise_leaves_ordinary_text():
    assert neutralise("Đề nghị sửa khoản 2") == "Đề nghị sửa khoản 2"
    assert neutralise(5) == 5


@given(st.text(max_size=40))
def test_no_written_cell_starts_like_a_formula(text):
    value = neutralise(text)
    assert not value.startswith(FORMULA_PREFIXES) or value == "-"    # a lone dash is no formula
    if text and text[0] in FORMULA_PREFIXES and all(ord(c) >= 32 or c in "\t\n\r" for c in text):
        assert value[1:].startswith(text[0])


def test_unwritable_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_xlsx(pd.DataFrame({"a": [1]}), blocker / "sub" / "x.xlsx")
