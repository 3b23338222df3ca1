"""Consolidation: real amending phrasings applied to the real Nghị định 30/2020 body.

Each test states the instruction as amending documents write it and what the
consolidated text must hold afterwards (ids as the parser gives them, text, status,
footnote), and that nothing else changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from consultkit.clauses.parse import parse_clauses
from consultkit.consolidation import REPEALED, consolidate, read_amendments
from consultkit.errors import ConsolidationError

HEADER = """CHÍNH PHỦ
Số: 12/2026/NĐ-CP
Hà Nội, ngày 05 tháng 01 năm 2026
NGHỊ ĐỊNH
Sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP về công tác văn thư
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư
"""
FOOTER = """Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2026.
TM. CHÍNH PHỦ
"""


def doc(body: str, header: str = HEADER, footer: str = FOOTER) -> str:
    return header + body.strip() + "\n" + footer


@pytest.fixture(scope="module")
def base(nd30):
    return parse_clauses(nd30 / "nd30_30_2020_ND_CP.txt")


def texts(frame) -> dict:
    return {r.clause_id: (r.number, r.heading, r.text) for r in frame.itertuples()}


def unchanged_except(base, result, ids: set) -> None:
    """Every unit of the base not in ``ids`` is in the result as it was."""
    before, after = texts(base), texts(result)
    for cid, value in before.items():
        if cid not in ids and not any(cid.startswith(i + ".") for i in ids):
            assert after.get(cid) == value, cid


def applied(result) -> list[bool]:
    return list(result.attrs["report"]["applied"])


def test_amend_a_clause_with_footnote(base):
    result = consolidate(base, doc("1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n"
                                   "“2. Chữ ký số trên văn bản điện tử phải đáp ứng đầy đủ các quy "
                                   "định của pháp luật về giao dịch điện tử.”"))
    assert applied(result) == [True]
    row = result.set_index("clause_id").loc["D5.k2"]
    assert row.text.endswith("về giao dịch điện tử.")
    assert row.status == "amended"
    assert row.notes == ("Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 của "
                         "Nghị định số 12/2026/NĐ-CP, có hiệu lực kể từ ngày 01 tháng 3 năm 2026.",)
    unchanged_except(base, result, {"D5.k2"})
    info = result.attrs["documents"][0]
    assert info["number"] == "12/2026/NĐ-CP"
    assert info["date"] == dt.date(2026, 1, 5) and info["effective"] == dt.date(2026, 3, 1)


def test_insert_clause_after(base):
    result = consolidate(base, doc("1. Bổ sung khoản 1a vào sau khoản 1 Điều 2 như sau:\n"
                                   "“1a. Đơn vị sự nghiệp công lập.”"))
    ids = list(result.clause_id)
    assert ids[ids.index("D2.k1") + 1] == "D2.k1a"
    row = result.set_index("clause_id").loc["D2.k1a"]
    assert (row.number.strip(), row.text, row.parent_id, row.status) == (
        "1a.", "Đơn vị sự nghiệp công lập.", "D2", "inserted")
    assert row.notes[0].startswith("Khoản này được bổ sung theo quy định tại khoản 1 Điều 1")
    unchanged_except(base, result, set())


def test_insert_points_and_article(base):
    result = consolidate(base, doc(
        "1. Bổ sung điểm d1, d2 vào sau điểm d khoản 2 Điều 8 như sau:\n"
        "“d1) Mã định danh của văn bản.\nd2) Mã QR của văn bản.”\n"
        "2. Bổ sung Điều 11a vào sau Điều 11 như sau:\n"
        "“Điều 11a. Văn bản điện tử có mã định danh\n1. Khoản một.\n2. Khoản hai.”"))
    assert applied(result) == [True, True]
    ids = list(result.clause_id)
    d = ids.index("D8.k2.d")
    assert ids[d + 1:d + 3] == ["D8.k2.d1", "D8.k2.d2"]
    a = ids.index("D11a")
    assert ids[a:a + 3] == ["D11a", "D11a.k1", "D11a.k2"]
    assert ids[a - 1].startswith("D11")     # right after Điều 11 and its units
    assert ids.index("D12") > a
    assert result.set_index("clause_id").loc["D11a"].heading == "Văn bản điện tử có mã định danh"


def test_repeal_keeps_the_number(base):
    result = consolidate(base, doc("1. Bãi bỏ điểm c khoản 3 Điều 6.\n2. Bãi bỏ Điều 7."))
    rows = result.set_index("clause_id")
    assert rows.loc["D6.k3.c"].text == REPEALED and rows.loc["D6.k3.c"].status == "repealed"
    assert rows.loc["D7"].text == REPEALED and rows.loc["D7"].heading == ""
    assert rows.loc["D7"].notes[0].startswith("Điều này được bãi bỏ theo quy định tại khoản 2 Điều 1")
    unchanged_except(base, result, {"D6.k3.c", "D7"})


def test_lists_and_ranges(base):
    result = consolidate(base, doc("1. Bãi bỏ các khoản 2, 3 và 5 Điều 3.\n"
                                   "2. Bãi bỏ từ điểm a đến điểm d khoản 3 Điều 6."))
    report = result.attrs["report"]
    assert list(report.targets) == [("D3.k2", "D3.k3", "D3.k5"),
                                     ("D6.k3.a", "D6.k3.b", "D6.k3.c", "D6.k3.d")]
    rows = result.set_index("clause_id")
    for cid in ("D3.k2", "D3.k3", "D3.k5", "D6.k3.a", "D6.k3.d"):
        assert rows.loc[cid].text == REPEALED
    assert rows.loc["D3.k4"].text.startswith("“Văn bản điện tử”")
    assert rows.loc["D6.k3.đ"].text.startswith("Quản lý, sử dụng con dấu")


def test_phrase_at_several_places(base):
    result = consolidate(base, doc(
        "1. Thay thế cụm từ “Văn thư cơ quan” bằng cụm từ “Bộ phận văn thư” tại khoản 17 Điều 3, "
        "điểm b khoản 2 Điều 4 và khoản 3 Điều 6."))
    report = result.attrs["report"]
    assert report.targets[0] == ("D3.k17", "D4.k2.b", "D6.k3")
    assert applied(result) == [True]
    rows = result.set_index("clause_id")
    assert rows.loc["D3.k17"].text.startswith("“Bộ phận văn thư” là bộ phận")
    assert "tập trung tại Bộ phận văn thư để" in rows.loc["D4.k2.b"].text
    assert rows.loc["D6.k3"].text.startswith("Bộ phận văn thư có nhiệm vụ")
    assert rows.loc["D6.k3"].notes == (
        "Cụm từ “Văn thư cơ quan” được thay thế bằng cụm từ “Bộ phận văn thư” theo quy định tại "
        "khoản 1 Điều 1 của Nghị định số 12/2026/NĐ-CP, có hiệu lực kể từ ngày 01 tháng 3 năm 2026.",)


def test_add_and_remove_phrases_both_kinds_of_quotes(base):
    result = consolidate(base, doc(
        '1. Bổ sung cụm từ ", đơn vị sự nghiệp công lập" vào sau cụm từ "tổ chức nhà nước" tại '
        'khoản 1 Điều 2.\n'
        "2. Bỏ cụm từ “, thư công” tại Điều 7.\n"
        "3. Bãi bỏ cụm từ “trong phạm vi quyền hạn được giao” tại khoản 1 Điều 6."))
    assert applied(result) == [True, True, True]
    rows = result.set_index("clause_id")
    assert rows.loc["D2.k1"].text.startswith(
        "Nghị định này áp dụng đối với cơ quan, tổ chức nhà nước, đơn vị sự nghiệp công lập và")
    assert rows.loc["D7"].text.endswith("phiếu báo.")
    assert "tổ chức, có trách nhiệm" in rows.loc["D6.k1"].text


def test_rename_and_passive_form(base):
    result = consolidate(base, doc(
        "1. Sửa đổi tên Điều 8 như sau:\n“Điều 8. Thể thức văn bản hành chính”\n"
        "2. Khoản 2 Điều 5 được sửa đổi, bổ sung như sau:\n\"2. Chữ ký số phải hợp lệ.\""))
    assert applied(result) == [True, True]
    rows = result.set_index("clause_id")
    assert rows.loc["D8"].heading == "Thể thức văn bản hành chính"
    assert rows.loc["D8"].notes[0].startswith("Tên Điều này được sửa đổi theo quy định tại khoản 1")
    assert rows.loc["D8.k1"].text == texts(base)["D8.k1"][2]
    assert rows.loc["D5.k2"].text == "Chữ ký số phải hợp lệ."


def test_several_actions_in_one_instruction(base):
    result = consolidate(base, doc(
        "1. Sửa đổi, bổ sung khoản 16 và bổ sung khoản 16a vào sau khoản 16 Điều 3 như sau:\n"
        "“16. “Hệ thống quản lý tài liệu điện tử” là hệ thống thông tin của cơ quan.\n"
        "16a. “Nền tảng” là hệ thống dùng chung.”"))
    report = result.attrs["report"]
    assert list(report.action) == ["amend", "insert"]
    assert list(report.seq) == [1, 1]
    assert applied(result) == [True, True]
    ids = list(result.clause_id)
    k = ids.index("D3.k16")
    assert ids[k + 1] == "D3.k16a" and ids[k + 2] == "D3.k17"
    rows = result.set_index("clause_id")
    assert rows.loc["D3.k16"].text == "“Hệ thống quản lý tài liệu điện tử” là hệ thống thông tin của cơ quan."
    assert rows.loc["D3.k16a"].text == "“Nền tảng” là hệ thống dùng chung."


def test_scope_from_the_enclosing_unit(base):
    result = consolidate(base, doc(
        "1. Sửa đổi, bổ sung một số khoản của Điều 6 như sau:\n"
        "a) Bổ sung khoản 1a vào sau khoản 1 như sau:\n“1a. Người đứng đầu đơn vị.”\n"
        "b) Bãi bỏ điểm d khoản 3."))
    assert applied(result) == [True, True]
    report = result.attrs["report"]
    assert list(report.location) == ["điểm a khoản 1 Điều 1", "điểm b khoản 1 Điều 1"]
    rows = result.set_index("clause_id")
    assert rows.loc["D6.k1a"].text == "Người đứng đầu đơn vị."
    assert rows.loc["D6.k3.d"].text == REPEALED


def test_quoted_article_with_nested_units_over_several_paragraphs(base):
    result = consolidate(base, doc(
        "1. Sửa đổi, bổ sung Điều 6 như sau:\n"
        "“Điều 6. Trách nhiệm đối với công tác văn thư\n"
        "1. Người đứng đầu chỉ đạo.\n"
        "2. Văn thư cơ quan có nhiệm vụ:\n"
        "a) Đăng ký văn bản;\n"
        "b) Quản lý con dấu.\n"
        "Trường hợp khác do người đứng đầu quyết định.”"))
    assert applied(result) == [True]
    sub = result[result.clause_id.str.startswith("D6")]
    assert list(sub.clause_id) == ["D6", "D6.k1", "D6.k2", "D6.k2.a", "D6.k2.b"]
    assert sub.iloc[-1].text == "Quản lý con dấu.\nTrường hợp khác do người đứng đầu quyết định."
    assert list(sub.status) == ["amended"] * 5
    assert len(sub.iloc[0].notes) == 1 and sub.iloc[1].notes == ()


def test_correction(base):
    result = consolidate(base, doc("1. Đính chính cụm từ “thư công” thành “thư điện tử công vụ” "
                                   "tại Điều 7."))
    assert applied(result) == [True]
    assert result.set_index("clause_id").loc["D7"].text.endswith("thư điện tử công vụ.")


ANNEX_BASE = """Điều 1. Phạm vi
Thông tư này quy định tiêu chí.
Phụ lục I
DANH MỤC CŨ
1. Mục một cũ.
2. Mục hai cũ.
"""


def test_replace_annex_by_the_annex_of_the_amending_document():
    amending = doc("1. Thay thế Phụ lục I ban hành kèm theo Thông tư số 54/2017/TT-BYT bằng Phụ "
                   "lục I ban hành kèm theo Thông tư này.",
                   header="BỘ Y TẾ\nSố: 05/2026/TT-BYT\nHà Nội, ngày 02 tháng 02 năm 2026\n"
                          "THÔNG TƯ\nSửa đổi Thông tư số 54/2017/TT-BYT\nĐiều 1. Sửa đổi một số nội dung\n",
                   footer="Điều 2. Hiệu lực thi hành\nThông tư này có hiệu lực kể từ ngày ký.\n"
                          "KT. BỘ TRƯỞNG\nPhụ lục I\nDANH MỤC MỚI\n1. Mục một mới.\n")
    frame = read_amendments(amending)
    assert list(frame.action) == ["replace_annex"]
    assert frame.text[0] == "Phụ lục I\nDANH MỤC MỚI\n1. Mục một mới."
    result = consolidate(ANNEX_BASE, frame)
    assert applied(result) == [True]
    annex = result[result.clause_id.str.startswith("PL1") | (result.parent_id == "PL1")]
    assert "Mục một mới." in set(annex.text) and "Mục hai cũ." not in set(result.text)
    assert result.attrs["documents"][0]["effective"] == dt.date(2026, 2, 2)


def test_quoted_table_from_word(tmp_path, bundled):
    """A Word amending document whose quotation holds a real table (criteria rows)."""
    from docx import Document
    d = Document()
    d.add_paragraph("Điều 1. Sửa đổi, bổ sung một số nội dung của Phụ lục 1")
    d.add_paragraph("1. Sửa đổi, bổ sung tiểu mục 3 mục IV như sau:")
    d.add_paragraph("“3. Yêu cầu chức năng của phần mềm RIS")
    table = d.add_table(rows=3, cols=5)
    for r, cells in enumerate([("STT", "Tiêu chí", "Yêu cầu", "Mức cơ bản", "Mức nâng cao"),
                               ("1", "Tiếp nhận chỉ định", "Tiếp nhận từ HIS", "x", "x"),
                               ("2", "Kết nối", "Kết nối tập trung", "", "x")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    d.add_paragraph("”.")
    d.add_paragraph("2. Bổ sung dòng số thứ tự 11 vào sau dòng số thứ tự 10 tiểu mục 3 mục IV "
                    "như sau:")
    d.add_paragraph("“11. Lưu vết | Lưu vết thao tác | x | x”.")
    path = tmp_path / "sua-doi.docx"
    d.save(path)
    base = parse_clauses(bundled / "versions" / "hien-hanh.md")
    frame = read_amendments(path)
    assert frame.blocks[0][1].kind == "table_row"
    result = consolidate(base, frame)
    report = result.attrs["report"]
    assert list(report.applied) == [True, False]        # row 10 is gone after the restatement
    assert "IV.3.r10" in report.reason[1]
    rows = result.set_index("clause_id")
    assert rows.loc["IV.3.r2"].text == "Kết nối | Kết nối tập trung | x"
    assert rows.loc["IV.3.r2"].cells["Mức cơ bản"] == ""
    assert "IV.3.r3" not in rows.index
    assert rows.loc["IV.3"].heading == "Yêu cầu chức năng của phần mềm RIS"


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize("instruction, reason", [
    ("Bãi bỏ khoản 9 Điều 5.", "không có khoản 9 Điều 5 (D5.k9) trong văn bản gốc"),
    ("Thay thế cụm từ “hồ sơ giấy” bằng cụm từ “hồ sơ” tại khoản 1 Điều 5.",
     "không tìm thấy cụm từ “hồ sơ giấy” tại D5.k1"),
    ("Bỏ cụm từ “(cá biệt)” tại Điều 7.",
     "cụm từ “(cá biệt)” xuất hiện 2 lần tại D7, không rõ sửa ở chỗ nào"),
    ("Bổ sung khoản 2 vào sau khoản 1 Điều 5 như sau:\n“2. Trùng số.”", "D5.k2 đã có trong văn bản"),
    ("Sửa đổi, bổ sung khoản 2 Điều 5 như sau:", "không có nội dung trong ngoặc kép"),
])
def test_bad_instruction_is_reported_and_nothing_changes(base, instruction, reason):
    result = consolidate(base, doc("1. " + instruction + "\n2. Bãi bỏ điểm c khoản 3 Điều 6."))
    report = result.attrs["report"]
    assert list(report.applied) == [False, True]
    assert reason in report.reason[0]
    unchanged_except(base, result, {"D6.k3.c"})
    with pytest.raises(ConsolidationError) as error:
        consolidate(base, doc("1. " + instruction), strict=True)
    assert reason.split(" (")[0][:30] in str(error.value)


def test_unterminated_quotation_is_reported_and_later_instructions_still_apply(base):
    result = consolidate(base, doc("1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n"
                                   "“2. Chữ ký số phải hợp lệ.\n"
                                   "2. Bãi bỏ điểm c khoản 3 Điều 6."))
    report = result.attrs["report"]
    assert list(report.applied) == [False, True]
    assert "không đóng ngoặc kép" in report.reason[0]
    unchanged_except(base, result, {"D6.k3.c"})


def test_no_instructions(base):
    frame = read_amendments("BỘ Y TẾ\nSố: 1/2026/TT-BYT\nĐiều 1. Hiệu lực\nThông tư này có hiệu lực "
                            "kể từ ngày ký.")
    assert frame.empty and "không tìm thấy lệnh" in frame.attrs["issues"][0]
    result = consolidate(base, frame)
    assert texts(result) == texts(base)
    assert result.attrs["issues"] == frame.attrs["issues"]
    with pytest.raises(ConsolidationError):
        consolidate(base, frame, strict=True)


def test_documents_in_order_of_effect_and_effective_date(base):
    first = doc("1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n“2. Lần một.”")
    second = doc("1. Thay thế cụm từ “Lần một” bằng cụm từ “Lần hai” tại khoản 2 Điều 5.",
                 header=HEADER.replace("12/2026", "20/2026"),
                 footer=FOOTER.replace("01 tháng 3 năm 2026", "01 tháng 7 năm 2026"))
    both = consolidate(base, second, first)           # given out of order
    assert both.set_index("clause_id").loc["D5.k2"].text == "Lần hai."
    assert [d["number"] for d in both.attrs["documents"]] == ["12/2026/NĐ-CP", "20/2026/NĐ-CP"]
    assert len(both.set_index("clause_id").loc["D5.k2"].notes) == 2
    early = consolidate(base, second, first, effective=dt.date(2026, 4, 1))
    assert early.set_index("clause_id").loc["D5.k2"].text == "Lần một."
    report = early.attrs["report"]
    assert "chưa có hiệu lực" in report[report.document == "20/2026/NĐ-CP"].reason.iloc[0]
    assert [d["number"] for d in early.attrs["documents"]] == ["12/2026/NĐ-CP"]


def test_read_amendments_columns_and_frame_input(base):
    text = doc("1. Bãi bỏ điểm c khoản 9 Điều 15.\n2. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n"
               "“2. Mới.”")
    frame = read_amendments(text)
    assert list(frame.instruction) == ["Bãi bỏ điểm c khoản 9 Điều 15.",
                                       "Sửa đổi, bổ sung khoản 2 Điều 5 như sau:"]
    assert list(frame.action_label) == ["bãi bỏ", "sửa đổi, bổ sung"]
    assert list(frame.location) == ["khoản 1 Điều 1", "khoản 2 Điều 1"]
    # the clause frame of the parsed amending document gives the same instructions
    again = read_amendments(parse_clauses(text))
    assert list(again.targets) == list(frame.targets) == [("D15.k9.c",), ("D5.k2",)]
    assert list(again.text) == list(frame.text) == ["", "2. Mới."]


def test_insert_into_a_unit_by_number(base):
    result = consolidate(base, doc("1. Bổ sung điểm e vào khoản 3 Điều 6 như sau:\n“e) Lập hồ sơ.”\n"
                                   "2. Bổ sung khoản 1 vào Điều 7 như sau:\n“1. Văn bản khác.”\n"
                                   "3. Bổ sung Điều 8a vào trước Điều 9 như sau:\n“Điều 8a. Mới”"))
    assert applied(result) == [True, True, True]
    ids = list(result.clause_id)
    assert ids[ids.index("D6.k3.đ") + 1] == "D6.k3.e"
    assert ids[ids.index("D7") + 1] == "D7.k1"
    assert ids[ids.index("D9") - 1] == "D8a"


# ------------------------------------------------------------------ fuzz: keyword soup
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SOUP = ["Sửa đổi, bổ sung", "Bổ sung", "Bãi bỏ", "Bỏ", "Thay thế", "cụm từ", "“", "”", '"',
         "khoản", "điểm", "Điều", "mục", "tiểu mục", "Phụ lục", "dòng số thứ tự",
         "gạch đầu dòng thứ", "1", "2", "1a", "a", "d1", "IV", "2.2", "và", ",", "từ", "đến",
         "các", "vào sau", "vào", "tại", "bằng", "như sau:", "được", ".", "\n", "1.", "a)"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), min_size=1, max_size=30))
def test_keyword_soup_never_crashes_and_nothing_is_applied_silently(base, words):
    """Random fragments of instruction grammar: every paragraph that reads as an instruction
    is a row (applied, or not applied with a reason), and no exception escapes."""
    text = "Điều 1. Sửa đổi, bổ sung một số điều\n1. " + " ".join(words)
    frame = read_amendments(text)
    result = consolidate(base, frame)
    report = result.attrs["report"]
    assert len(report) == len(frame)
    assert all(bool(r.applied) != bool(r.reason) for r in report.itertuples())
