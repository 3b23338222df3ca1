"""Comment sheets (.xlsx, .csv): headers, dates, empty rows, formulas, HTML, conservation."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, strategies as st

from consultkit.errors import ConsultkitError, SchemaError
from consultkit.readers.rows import parse_date
from consultkit.readers.sheets import header_field, read_csv, read_sheet, read_xlsx

HEADERS_VI = ["STT", "Đơn vị", "Ngày nhận", "Số văn bản", "Điều khoản", "Nội dung góp ý", "Kênh"]


def write_xlsx(path, rows, title="Góp ý"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_vietnamese_headers_and_values(tmp_path):
    path = write_xlsx(tmp_path / "log.xlsx", [
        ["Dữ liệu mẫu tổng hợp (không phải ý kiến thật)"],
        HEADERS_VI,
        [1, "SYT Nghệ An", dt.datetime(2021, 6, 10), "123/SYT-NVY", "điểm a khoản 2 mục IV.2",
         "Đề nghị sửa thời hạn lưu trữ", "Bưu điện"],
        [2, "BV Bạch Mai", "12/06/2021", "45/BM", "", "Nhất trí", "Email"],
    ])
    result = read_xlsx(path)
    assert [r["unit_raw"] for r in result.rows] == ["SYT Nghệ An", "BV Bạch Mai"]
    assert [r["received"] for r in result.rows] == [dt.date(2021, 6, 10), dt.date(2021, 6, 12)]
    assert result.rows[0]["letter_number"] == "123/SYT-NVY"
    assert result.rows[0]["refs_raw"] == "điểm a khoản 2 mục IV.2"
    assert [r["channel"] for r in result.rows] == ["post", "email"]
    assert result.rows[0]["source"].endswith("log.xlsx#Góp ý!R3")
    assert result.rejects == [] and result.read == 2


@pytest.mark.parametrize("header, field", [
    ("ĐƠN VỊ", "unit_raw"), ("don vi", "unit_raw"), ("Cơ quan góp ý", "unit_raw"), ("Unit", "unit_raw"),
    ("Ngày nhận", "received"), ("NGAY", "received"), ("Date received", "received"),
    ("Số văn bản", "letter_number"), ("Số công văn", "letter_number"), ("Letter number", "letter_number"),
    ("Điều khoản", "refs_raw"), ("Điều, khoản", "refs_raw"), ("Clause", "refs_raw"),
    ("Nội dung góp ý", "text"), ("Ý kiến", "text"), ("Comment", "text"),
    ("Nội dung góp ý (ghi rõ lý do)", "text"), ("Kênh", "channel"), ("Channel", "channel"),
    ("STT", None), ("Ghi chú", None), ("", None),
])
def test_header_names(header, field):
    assert header_field(header) == field


def test_missing_required_column_names_file_and_columns(tmp_path):
    path = write_xlsx(tmp_path / "thieu.xlsx", [["STT", "Đơn vị", "Ngày nhận"], [1, "SYT Hà Nội", "1/6/2021"]])
    with pytest.raises(SchemaError) as info:
        read_xlsx(path)
    message = str(info.value)
    assert "thieu.xlsx" in message
    assert "'Đơn vị'" in message and "'Ngày nhận'" in message        # found
    assert "Nội dung góp ý" in message                                 # expected


def test_csv_missing_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Unit,Date\nSYT Hà Nội,1/6/2021\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="x.csv.*'Unit'.*'Date'"):
        read_csv(path)


def test_bad_dates_empty_rows_and_conservation(tmp_path):
    path = write_xlsx(tmp_path / "log.xlsx", [
        HEADERS_VI,
        [1, "SYT Nghệ An", "10/6/2021", "", "", "Đề nghị A", ""],
        [2, "SYT Hà Tĩnh", "31/02/2021", "", "", "Đề nghị B", ""],      # no such day
        [None, None, None, None, None, None, None],                     # empty
        [3, "SYT Huế", "hôm qua", "", "", "Đề nghị C", ""],             # not a date
        [4, "SYT Đà Nẵng", None, "", "", "Đề nghị D", ""],              # blank date: kept
        [5, "SYT Quảng Nam", "12/6/2021", "", "", None, ""],            # no text
        [6, None, None, None, None, "   ", None],                        # STT only: empty
    ])
    result = read_xlsx(path)
    assert [r["text"] for r in result.rows] == ["Đề nghị A", "Đề nghị D"]
    assert result.rows[1]["received"] is None
    reasons = [r["reason"] for r in result.rejects]
    assert len(reasons) == 3
    assert "dòng 3, cột C" in reasons[0] and "Ngày nhận" in reasons[0]
    assert "dòng 5, cột C" in reasons[1] and "hôm qua" in reasons[1]
    assert "dòng 7" in reasons[2]
    assert result.empty == 2
    assert result.read == len(result.rows) + len(result.rejects) == 5


def test_formula_cells_never_calculated_are_kept_as_text_not_evaluated(tmp_path):
    path = tmp_path / "f.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Nội dung góp ý", "Số văn bản"])
    sheet.append(["BV K", '=HYPERLINK("http://evil.example/x","bấm vào đây")', "=1+1"])
    book.save(path)
    row = read_xlsx(path).rows[0]
    assert row["text"] == '=HYPERLINK("http://evil.example/x","bấm vào đây")'
    assert row["letter_number"] == "=1+1"


def test_html_and_script_are_kept_as_text(tmp_path):
    text = '<script>alert("x")</script><b>Đề nghị</b> bổ sung &amp; sửa'
    path = tmp_path / "h.csv"
    path.write_text('Đơn vị,Nội dung góp ý\nBV E,"' + text.replace('"', '""') + '"\n', encoding="utf-8")
    assert read_csv(path).rows[0]["text"] == text


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"),
                                                 ("utf-8", "|")])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Cơ quan góp ý", "Ngày", "Ý kiến"])
    writer.writerow(["Sở Y tế tỉnh Thanh Hoá", "2021-06-15", "Nhất trí, không có ý kiến khác"])
    path = tmp_path / "s.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    row = read_sheet(path).rows[0]
    assert row["unit_raw"] == "Sở Y tế tỉnh Thanh Hoá"
    assert row["received"] == dt.date(2021, 6, 15)
    assert row["text"] == "Nhất trí, không có ý kiến khác"


def _merged_log(path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Đơn vị", "Ngày nhận", "Nội dung góp ý"],
                ["BV Chợ Rẫy", "14/6/2021", "Ý kiến 1"],
                [None, None, "Ý kiến 2"],
                [None, None, None],
                [None, None, "Ý kiến 3, sau một dòng trống, không ghi đơn vị"],
                ["Sở Y tế Bình Định", "15/6/2021", "Ý kiến 4"],
                [None, None, "Ý kiến 5, không gộp ô"]]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    book.save(path)
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_a_unit_is_inherited_only_through_merged_cells(tmp_path, fast):
    """Merged cells read as blank after their first row: those rows take the first row's
    unit and date; a row after a blank row, or under a unit whose cell is not merged,
    does not — it stays without a unit for a person to decide."""
    rows = read_xlsx(_merged_log(tmp_path / "m.xlsx"), fast=fast).rows
    assert [(r["unit_raw"], r["received"]) for r in rows] == [
        ("BV Chợ Rẫy", dt.date(2021, 6, 14)), ("BV Chợ Rẫy", dt.date(2021, 6, 14)),
        ("", None), ("Sở Y tế Bình Định", dt.date(2021, 6, 15)), ("", None)]


def test_a_csv_row_without_a_unit_is_not_credited_to_the_row_above(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Đơn vị;Nội dung góp ý\nBV E;Ý kiến 1\n;Ý kiến 2\n", encoding="utf-8")
    assert [r["unit_raw"] for r in read_csv(path).rows] == ["BV E", ""]


def _with_cached_values(path, cached: dict[str, tuple[str, str]]):
    """Add the values Excel caches when it saves (``<c t="str"><f>…</f><v>shown</v></c>``)
    to the formula cells of the first sheet: ``cached`` maps a cell reference to
    (type, value)."""
    import re
    import zipfile
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, (kind, value) in cached.items():
        xml, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                         lambda m: f'<c r="{ref}" t="{kind}"><f>{m.group(2)}</f><v>{escape(value)}</v></c>',
                         xml)
        assert n == 1, (ref, xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_a_formula_cell_is_its_cached_value(tmp_path, fast):
    """A log whose unit column copies another sheet (='Danh sach'!A1), as Excel saves it
    with the values it calculated: the unit is the name shown, not the formula."""
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Góp ý"
    names = book.create_sheet("Danh sach")
    names.append(["Bệnh viện Bạch Mai"])
    names.append(["Vụ KH-TC"])
    sheet.append(["Đơn vị", "Số văn bản", "Nội dung góp ý"])
    sheet.append(["='Danh sach'!A1", '=CONCATENATE("56","/BVBM-CNTT")', "Đề nghị sửa tiểu mục 2.2."])
    sheet.append(["='Danh sach'!A2", "=10+5", "Nhất trí."])
    book.save(path)
    _with_cached_values(path, {"A2": ("str", "Bệnh viện Bạch Mai"), "B2": ("str", "56/BVBM-CNTT"),
                               "A3": ("str", "Vụ KH-TC"), "B3": ("n", "15")})
    rows = read_xlsx(path, fast=fast).rows
    assert [(r["unit_raw"], r["letter_number"]) for r in rows] == [
        ("Bệnh viện Bạch Mai", "56/BVBM-CNTT"), ("Vụ KH-TC", "15")]


def test_sheet_without_header_is_listed_when_another_sheet_has_one(tmp_path):
    path = tmp_path / "two.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Ghi các ý kiến vào sheet Góp ý"])
    other = book.create_sheet("Góp ý")
    other.append(["Đơn vị", "Nội dung góp ý"])
    other.append(["BV E", "Đề nghị X"])
    book.save(path)
    result = read_xlsx(path)
    assert len(result.rows) == 1
    assert len(result.rejects) == 1 and "Hướng dẫn" in result.rejects[0]["reason"]


@pytest.mark.parametrize("data", [b"", b"not a workbook at all", b"PK\x03\x04broken"])
def test_corrupt_xlsx_is_a_clear_error(tmp_path, data):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    with pytest.raises(ConsultkitError, match="bad.xlsx"):
        read_xlsx(path)


@pytest.mark.parametrize("value, expected", [
    ("10/6/2021", dt.date(2021, 6, 10)), ("10-06-2021", dt.date(2021, 6, 10)),
    ("10.6.21", dt.date(2021, 6, 10)), ("2021-06-10", dt.date(2021, 6, 10)),
    ("ngày 10 tháng 6 năm 2021", dt.date(2021, 6, 10)), ("Ngay 10 thang 06 nam 2021", dt.date(2021, 6, 10)),
    (44357, dt.date(2021, 6, 10)), ("", None), (None, None),
    (dt.datetime(2021, 6, 10, 8, 0), dt.date(2021, 6, 10)),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["32/1/2021", "hôm qua", "2021", "1/1/1800", 12.5, True])
def test_parse_date_refuses(value):
    with pytest.raises(ValueError):
        parse_date(value)


cell = st.one_of(st.none(), st.just(""), st.just("  "), st.text(max_size=12),
                 st.sampled_from(["10/6/2021", "99/99/2021", "=HYPERLINK(\"a\")", "<b>x</b>"]))


@given(st.lists(st.tuples(cell, cell, cell), max_size=25))
def test_every_row_ends_somewhere(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("h") / "p.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Đơn vị", "Ngày nhận", "Nội dung góp ý"])
    for row in rows:
        book.active.append(["".join(ch for ch in c if ch.isprintable()) if isinstance(c, str) else c
                            for c in row])
    book.save(path)
    result = read_xlsx(path)
    nonblank = sum(1 for row in rows if any(isinstance(c, str) and c.strip() and
                                            any(ch.isprintable() and not ch.isspace() for ch in c)
                                            for c in row))
    assert result.read == nonblank
    assert result.read == len(result.rows) + len(result.rejects)
    assert result.read + result.empty <= len(rows)


# --- the streaming .xlsx reader agrees with openpyxl ------------------------------------

def openpyxl_rows(path):
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    finally:
        book.close()


def fast_rows(path):
    from consultkit.readers.xlsx_fast import Workbook
    book = Workbook(path.read_bytes())
    return {title: [cells for _, cells in book.rows(part)] for title, part in book.sheets}


def trimmed(rows):
    out = [list(r) for r in rows]
    for r in out:
        while r and r[-1] is None:
            r.pop()
    while out and not out[-1]:
        out.pop()
    return out


value = st.one_of(
    st.none(), st.text(max_size=15).map(lambda t: "".join(c for c in t if c.isprintable())),
    st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
    st.sampled_from(['=HYPERLINK("http://x","y")', "=1+1", "=SUM(A1:A3)", "<script>x</script>", "Đơn vị"]),
)


@given(st.lists(st.lists(value, max_size=6), max_size=12))
def test_fast_reader_gives_openpyxl_values(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("x") / "v.xlsx"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    expected = {k: trimmed(v) for k, v in openpyxl_rows(path).items()}
    got = {k: trimmed(v) for k, v in fast_rows(path).items()}
    assert got == expected


@given(st.lists(st.tuples(value, value, value), max_size=15))
def test_fast_and_openpyxl_readers_give_the_same_comments(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("y") / "c.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Đơn vị", "Ngày nhận", "Nội dung góp ý"])
    for row in rows:
        book.active.append(list(row))
    book.create_sheet("Trống")
    book.save(path)
    fast, slow = read_xlsx(path), read_xlsx(path, fast=False)
    assert fast.rows == slow.rows
    assert fast.rejects == slow.rejects


def test_fast_reader_on_a_workbook_written_by_libreoffice_style_features(tmp_path):
    """Inline strings, rich text, 1904 dates, sparse cells: as openpyxl reads them."""
    import zipfile
    path = tmp_path / "w.xlsx"
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet["A1"], sheet["C1"] = "Đơn vị", "Nội dung góp ý"
    sheet["B1"] = "Ngày nhận"
    sheet["A4"], sheet["B4"], sheet["C4"] = "BV E", dt.datetime(2021, 6, 10), "Đề nghị A"
    book.save(path)
    assert trimmed(fast_rows(path)["Sheet"]) == trimmed(openpyxl_rows(path)["Sheet"])
    result = read_xlsx(path)
    assert [(r["unit_raw"], r["received"]) for r in result.rows] == [("BV E", dt.date(2021, 6, 10))]
    assert result.empty == 2
    # a truncated package is a clear error whichever reader is tried
    data = path.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(ConsultkitError, match="cut.xlsx"):
        read_xlsx(tmp_path / "cut.xlsx")
    assert zipfile.is_zipfile(path)


def test_a_log_with_quoted_draft_proposal_and_reason_columns(tmp_path):
    """STT | Đơn vị | Nội dung dự thảo | Ý kiến góp ý | Đề xuất sửa đổi | Lý do: the opinion is
    the comment and the proposal, the quoted draft and the reason go to their own fields."""
    path = write_xlsx(tmp_path / "log.xlsx", [
        ["STT", "Đơn vị", "Nội dung dự thảo", "Ý kiến góp ý", "Đề xuất sửa đổi", "Lý do"],
        [1, "Vụ KH-TC", "Lưu trữ tối đa 12 tháng", "Thời hạn quá ngắn.", "Sửa thành 24 tháng.", "Tra cứu khi tái khám."],
        [2, "Cục QLKCB", "", "", "Bổ sung điều hòa phòng máy chủ.", ""],
    ])
    rows = read_xlsx(path).rows
    assert [r["text"] for r in rows] == ["Thời hạn quá ngắn.\nSửa thành 24 tháng.", "Bổ sung điều hòa phòng máy chủ."]
    assert [r["quoted_text"] for r in rows] == ["Lưu trữ tối đa 12 tháng", ""]
    assert [r["rationale"] for r in rows] == ["Tra cứu khi tái khám.", ""]
