"""Comment tables read by column meaning (consultkit/readers/letter_tables.py)."""

from __future__ import annotations

import pytest

from consultkit.readers.letter_tables import CommentTable, column_role, is_comment_header


@pytest.mark.parametrize("header, roles", [
    (["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"], ["seq", "quoted", "comment", "rationale"]),
    (["Điều, khoản", "Nội dung góp ý", "Đề xuất sửa đổi", "Giải thích"],
     ["target", "comment", "proposal", "rationale"]),
    (["TT", "Điều/khoản/điểm", "Nội dung đề nghị sửa đổi", "Lý do/Giải trình"],
     ["seq", "target", "comment", "rationale"]),
    (["STT", "Vị trí (Điều, khoản, điểm)", "Nội dung dự thảo", "Nội dung đề xuất sửa đổi, bổ sung", "Lý do"],
     ["seq", "target", "quoted", "comment", "rationale"]),
    (["Điều khoản dự thảo", "Nội dung quy định tại dự thảo", "Ý kiến góp ý", "Lý do đề xuất"],
     ["target", "quoted", "comment", "rationale"]),
    (["STT", "Mục, tiểu mục", "Quy định tại dự thảo", "Đề nghị sửa đổi", "Lý do, căn cứ đề xuất"],
     ["seq", "target", "quoted", "proposal", "rationale"]),
    (["STT", "Điều khoản", "Nội dung góp ý", "Lý do / Đề xuất"], ["seq", "target", "comment", "proposal"]),
    (["Số TT", "Nội dung dự thảo", "Ý kiến của đơn vị", "Thuyết minh"], ["seq", "quoted", "comment", "rationale"]),
    (["STT", "Điều khoản", "Nội dung góp ý", "Mức độ ưu tiên"], ["seq", "target", "comment", None]),
])
def test_column_roles_of_the_usual_layouts(header, roles):
    assert [column_role(h) for h in header] == roles
    assert is_comment_header(header)


@pytest.mark.parametrize("row", [
    ["2", "Mục 3, dòng số 3", "Đề nghị bỏ yêu cầu thông báo lịch hẹn.", "Chưa cần thiết."],
    ["STT", "Họ và tên", "Chức vụ"],
    ["Nơi nhận:", "KT. GIÁM ĐỐC"],
])
def test_a_data_row_or_another_table_is_not_a_comment_header(row):
    assert not is_comment_header(row)


def cells(*rows):
    """Rows of cells as docx_blocks gives them: each cell a list of lines."""
    return [[[t] if t else [] for t in row] for row in rows]


def read(rows, header_at=0):
    items, pieces = [], []
    CommentTable(2, rows, header_at).read(items, pieces)
    return items, pieces


def test_opinion_quoted_draft_and_reason_each_in_their_field():
    items, pieces = read(cells(["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"],
                               ["1", "Tiểu mục 2.2: “lưu 12 tháng”", "Sửa thành 24 tháng.", "Tái khám."]))
    (item,) = items
    assert (item.text, item.quoted_text, item.rationale) == (["Sửa thành 24 tháng."],
                                                             ["Tiểu mục 2.2: “lưu 12 tháng”"], ["Tái khám."])
    assert [p.part for p in pieces] == ["table_header"] * 4 + ["comment"] * 4
    assert pieces[-1].place == "t2.r2.c4"


def test_two_row_header_numbering_row_and_a_merged_opinion():
    rows = cells(["STT", "Vị trí", "Nội dung góp ý", "", "Lý do"],
                 ["", "", "Ý kiến", "Đề xuất", ""],
                 ["(1)", "(2)", "(3)", "(4)", "(5)"],
                 ["1", "Tiểu mục 5.2", "Trùng lặp.", "Bỏ cụm từ.", "Gọn."],
                 ["2", "Tiểu mục 5.3", "", "", ""])
    rows[0][3] = rows[0][2]                 # "Nội dung góp ý" spans two columns
    rows[4][2], rows[4][3], rows[4][4] = rows[3][2], rows[3][3], rows[3][4]   # one opinion, two units
    items, pieces = read(rows)
    (item,) = items
    assert item.text == ["Trùng lặp.", "Bỏ cụm từ."] and item.target == ["Tiểu mục 5.2", "Tiểu mục 5.3"]
    assert item.rationale == ["Gọn."]
    assert sum(p.part == "table_header" for p in pieces) == 4 + 2 + 5


def test_group_rows_repeated_header_and_unknown_columns():
    rows = cells(["STT", "Điều khoản", "Ý kiến góp ý", "Ưu tiên"],
                 ["Mục 2. Hạ tầng", "", "", ""],
                 ["1", "", "Bổ sung điều hòa.", "Cao"],
                 ["STT", "Điều khoản", "Ý kiến góp ý", "Ưu tiên"],
                 ["2", "Tiểu mục 6.3", "Nêu cấp độ 3.", ""])
    rows[1] = [rows[1][0]] * 4              # merged across the table
    items, pieces = read(rows)
    assert [i.target for i in items] == [["Mục 2. Hạ tầng"], ["Tiểu mục 6.3"]]
    assert [p.text for p in pieces if p.part == "unused"] == ["Ưu tiên", "Cao"]
    assert [p.place for p in pieces if p.part == "heading"] == ["t2.r2.c1"]
    assert sum(p.part == "table_header" for p in pieces) == 3 + 4


def test_a_bare_number_under_a_unit_header_is_written_out():
    items, _ = read(cells(["Điều", "Khoản", "Nội dung góp ý"], ["5", "2", "Đề nghị bỏ."]))
    assert items[0].target == ["Điều 5", "Khoản 2"]


def test_a_row_without_opinion_or_number_goes_on_with_the_row_above():
    items, pieces = read(cells(["STT", "Điều khoản", "Ý kiến góp ý", "Lý do"],
                               ["1", "Tiểu mục 2.1", "Bổ sung điều hòa.", "Nóng."],
                               ["", "", "", "Máy chủ quá nhiệt."]))
    assert items[0].rationale == ["Nóng.", "Máy chủ quá nhiệt."]
    assert not [p for p in pieces if p.part == "unused"]


def test_a_row_cut_by_a_page_break_goes_on_after_the_repeated_header():
    items, pieces = [], []
    CommentTable(2, cells(["STT", "Điều khoản", "Ý kiến góp ý", "Lý do"],
                          ["1", "Tiểu mục 2.1", "Đề nghị bổ sung điều hòa", ""]), 0).read(items, pieces)
    CommentTable(3, cells(["STT", "Điều khoản", "Ý kiến góp ý", "Lý do"],
                          ["", "", "cho phòng máy chủ.", "Nóng."],
                          ["2", "Tiểu mục 2.4", "Đề nghị quy định băng thông.", ""]), 0).read(items, pieces)
    assert [i.text for i in items] == [["Đề nghị bổ sung điều hòa", "cho phòng máy chủ."],
                                       ["Đề nghị quy định băng thông."]]
    assert items[0].rationale == ["Nóng."]
