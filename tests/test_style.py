"""The ND 30/2020 house style: read back what the style functions write."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from hypothesis import given, settings, strategies as st

from consultkit.readers.dates import parse_date
from consultkit.writers import style
from conftest import needs_soffice
from docx_helpers import (W, all_text, assert_house_fonts, assert_nd30_page, open_doc,
                          paragraphs_with, pdf_page_size, pdf_text, render_pdf, run_sizes)


def test_margins_are_inside_the_ranges_of_phu_luc_1():
    for side, value in style.MARGINS_MM.items():
        lo, hi = style.MARGIN_RANGES_MM[side]
        assert lo <= value <= hi


@pytest.mark.parametrize("landscape", [False, True])
def test_new_document_page_fonts_and_defaults(tmp_path, landscape):
    doc = style.new_document(landscape=landscape)
    doc.add_paragraph("x")
    path = tmp_path / "a.docx"
    doc.save(path)
    back = open_doc(path)
    assert_nd30_page(back, landscape=landscape)
    assert_house_fonts(back)
    assert back.styles["Normal"].font.size == Pt(14)
    lang = back.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "vi-VN"


def test_page_numbers_centered_in_header_from_page_two(tmp_path):
    doc = style.new_document()
    path = tmp_path / "p.docx"
    doc.save(path)
    section = open_doc(path).sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert "PAGE" in "".join(t.text or "" for t in header._element.iter(W + "instrText"))
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header._element.xpath(".//w:instrText")


@pytest.mark.parametrize("day, expected", [
    (dt.date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
    (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
    (dt.date(2021, 2, 14), "ngày 14 tháng 02 năm 2021"),
    (dt.date(2021, 12, 31), "ngày 31 tháng 12 năm 2021"),
])
def test_format_date_vn(day, expected):
    assert style.format_date_vn(day) == expected


def test_format_date_vn_blank_shows_dots_and_year():
    assert style.format_date_vn(None, year=2021) == "ngày … tháng … năm 2021"
    assert style.format_date_vn(None) == "ngày … tháng … năm …"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_format_date_vn_padding_rule_and_round_trip(day):
    text = style.format_date_vn(day)
    m = re.fullmatch(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})", text)
    assert m
    assert len(m.group(2)) == (2 if day.month < 3 else len(str(day.month)))
    assert parse_date(text) == day


@pytest.mark.parametrize("number, symbol, expected", [
    (None, "CNTT-THKCB", "Số: …/CNTT-THKCB"),
    ("5", "CNTT-THKCB", "Số: 05/CNTT-THKCB"),
    ("123/CNTT-THKCB", "CNTT-THKCB", "Số: 123/CNTT-THKCB"),
    ("7/BYT-KH", None, "Số: 07/BYT-KH"),
])
def test_format_number(number, symbol, expected):
    assert style.format_number(number, symbol) == expected


def _header_doc(tmp_path):
    doc = style.new_document()
    style.add_header_block(doc, "Cục Công nghệ thông tin", "Bộ Y tế", None, "CNTT-THKCB",
                           "Hà Nội", dt.date(2021, 6, 4), "V/v xin ý kiến góp ý dự thảo Thông tư")
    style.add_addressees(doc, ["Bảo hiểm xã hội Việt Nam", "Sở Y tế các tỉnh"])
    style.add_body_paragraph(doc, "Nhằm triển khai Quyết định số 5316/QĐ-BYT ngày 22/12/2020 " * 3)
    style.add_recipients_and_signature(doc, ["Như trên", "Lưu: VT, CNTT"], "Cục trưởng",
                                       "Trần Quý Tường", authority="KT. Cục trưởng")
    path = tmp_path / "h.docx"
    doc.save(path)
    return open_doc(path)


def test_header_block_parts_sizes_and_weights(tmp_path):
    doc = _header_doc(tmp_path)
    header = doc.tables[0]
    left, right = header.rows[0].cells
    lines = [p for p in left.paragraphs if p.text.strip()]
    assert [p.text for p in lines[:2]] == ["BỘ Y TẾ", "CỤC CÔNG NGHỆ THÔNG TIN"]
    assert not any(r.bold for r in lines[0].runs) and all(r.bold for r in lines[1].runs)
    assert run_sizes(lines[0]) <= {12.0, 13.0} and run_sizes(lines[1]) <= {12.0, 13.0}
    number = next(p for p in left.paragraphs if p.text.startswith("Số:"))
    assert number.text == "Số: …/CNTT-THKCB" and run_sizes(number) == {13.0}
    subject = next(p for p in left.paragraphs if p.text.startswith("V/v"))
    assert run_sizes(subject) <= {12.0, 13.0} and not any(r.bold for r in subject.runs)
    assert subject.paragraph_format.space_before == Pt(6)
    right_lines = [p for p in right.paragraphs if p.text.strip() and not set(p.text) <= {"_"}]
    assert right_lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(r.bold for r in right_lines[0].runs) and run_sizes(right_lines[0]) <= {12.0, 13.0}
    assert right_lines[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert all(r.bold for r in right_lines[1].runs) and run_sizes(right_lines[1]) <= {13.0, 14.0}
    assert right_lines[2].text == "Hà Nội, ngày 04 tháng 6 năm 2021"
    assert all(r.italic for r in right_lines[2].runs) and run_sizes(right_lines[2]) <= {13.0, 14.0}
    # the short rules under the issuer and the motto
    assert any(set(p.text) == {"_"} for p in left.paragraphs)
    assert any(set(p.text) == {"_"} for p in right.paragraphs)


def test_addressees_body_recipients_and_signature(tmp_path):
    doc = _header_doc(tmp_path)
    text = all_text(doc)
    assert "Kính gửi:\n- Bảo hiểm xã hội Việt Nam;\n- Sở Y tế các tỉnh." in text
    body = paragraphs_with(doc, "Nhằm triển khai")[0]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.paragraph_format.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert run_sizes(body) <= {13.0, 14.0}
    label = paragraphs_with(doc, "Nơi nhận:")[0]
    assert all(r.bold and r.italic for r in label.runs) and run_sizes(label) == {12.0}
    entries = paragraphs_with(doc, "- Như trên;") + paragraphs_with(doc, "- Lưu: VT, CNTT.")
    assert len(entries) == 2 and all(run_sizes(p) == {11.0} for p in entries)
    for needle in ("KT. CỤC TRƯỞNG", "CỤC TRƯỞNG", "Trần Quý Tường"):
        p = paragraphs_with(doc, needle)[-1]
        assert all(r.bold for r in p.runs) and run_sizes(p) <= {13.0, 14.0}


def test_single_addressee_on_one_line(tmp_path):
    doc = style.new_document()
    style.add_addressees(doc, ["Bệnh viện Bạch Mai"])
    assert doc.paragraphs[-1].text == "Kính gửi: Bệnh viện Bạch Mai."


def _table_doc(rows, **kw):
    doc = style.new_document()
    style.add_table(doc, ["STT", "Nội dung", "Ghi chú"], rows, [15, 100, 50], **kw)
    return doc


def test_add_table_cells_formats_and_header(tmp_path):
    rows = [["1", [("cũ ", "s"), ("mới", "bu"), (" chung", "")], "a\nb"],
            ["2", "=SUM(A1)", ""]]
    doc = _table_doc(rows, align=["center", "justify", "left"])
    path = tmp_path / "t.docx"
    doc.save(path)
    table = open_doc(path).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung", "Ghi chú"]
    assert all(r.bold for c in table.rows[0].cells for p in c.paragraphs for r in p.runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cell = table.rows[1].cells[1]
    runs = cell.paragraphs[0].runs
    assert [(r.text, bool(r.font.strike), bool(r.bold), bool(r.underline)) for r in runs] == [
        ("cũ ", True, False, False), ("mới", False, True, True), (" chung", False, False, False)]
    assert [p.text for p in table.rows[1].cells[2].paragraphs] == ["a", "b"]
    assert table.rows[2].cells[1].text == "=SUM(A1)"
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run_sizes(p) <= {12.0} for row in table.rows for c in row.cells for p in c.paragraphs)


def test_add_table_same_text_as_python_docx_add_row(tmp_path):
    rows = [[str(i), f"Nội dung {i}", f"Ghi chú {i % 3}"] for i in range(40)]
    ours = _table_doc(rows)
    plain = docx.Document()
    t = plain.add_table(rows=1, cols=3)
    for cell, label in zip(t.rows[0].cells, ["STT", "Nội dung", "Ghi chú"]):
        cell.text = label
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    as_text = lambda table: [[c.text for c in r.cells] for r in table.rows]
    assert as_text(ours.tables[0]) == as_text(plain.tables[0])


def test_add_table_merges_equal_consecutive_cells_and_fits_width(tmp_path):
    rows = [["1", "Điều 1", "x"], ["2", "Điều 1", "y"], ["3", "Điều 2", "z"], ["4", "Điều 1", "w"]]
    doc = style.new_document()
    style.add_table(doc, ["STT", "Điều", "Ý kiến"], rows, [100, 100, 100], merge_columns=[1])
    path = tmp_path / "m.docx"
    doc.save(path)
    back = open_doc(path)
    tbl = back.tables[0]._tbl
    marks = []
    for tr in tbl.findall(qn("w:tr"))[1:]:
        vm = tr.findall(qn("w:tc"))[1].find(qn("w:tcPr")).find(qn("w:vMerge"))
        marks.append(None if vm is None else (vm.get(qn("w:val")) or "continue"))
    assert marks == ["restart", "continue", None, None]
    widths = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    section = back.sections[0]
    assert sum(widths) * 635 <= section.page_width - section.left_margin - section.right_margin + 635 * 3


def test_check_document_clean_on_our_documents(tmp_path):
    doc = style.new_document(landscape=True)
    style.add_title(doc, "Bản tổng hợp", "Dự thảo Thông tư")
    style.add_body_paragraph(doc, "Nội dung văn bản. " * 20)
    style.add_table(doc, ["A", "B"], [["1", "2"]], [50, 50])
    path = tmp_path / "c.docx"
    doc.save(path)
    assert style.check_document(path) == []


def test_check_document_finds_plain_python_docx_faults(tmp_path):
    doc = docx.Document()  # Letter paper, 1-inch margins, theme (Calibri) fonts, 11 pt
    doc.add_paragraph("Nội dung văn bản rất dài để được coi là phần nội dung chính của văn bản. " * 3)
    run = doc.add_paragraph().add_run("Arial text")
    run.font.name = "Arial"
    path = tmp_path / "bad.docx"
    doc.save(path)
    rules = {f["rule"] for f in style.check_document(path)}
    assert {"page.size", "page.margins", "font.family", "font.size-body"} <= rules
    messages = " ".join(f["message"] for f in style.check_document(path))
    assert "Arial" in messages and "Lề trên 25.4 mm" in messages


def test_check_document_on_the_decree_itself(nd30):
    findings = style.check_document(nd30 / "nd30_30_2020_ND_CP.docx")
    assert not [f for f in findings if f["rule"].startswith("page.")]


@needs_soffice
@pytest.mark.libreoffice
def test_renders_with_libreoffice_as_a4(tmp_path):
    doc = _header_doc(tmp_path)
    path = tmp_path / "render.docx"
    doc.save(path)
    pdf = render_pdf(path, tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Kính gửi" in text
    size = pdf_page_size(pdf)
    if size is not None:
        assert abs(size[0] - 595.3) < 2 and abs(size[1] - 841.9) < 2


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=20)
@given(st.lists(st.lists(_TEXT, min_size=2, max_size=2), min_size=1, max_size=4))
def test_add_table_keeps_any_text_xml_can_hold(rows):
    from consultkit.writers.style_table import xml_safe

    doc = style.new_document()
    style.add_table(doc, ["A", "B"], rows, [40, 40])
    import io
    buf = io.BytesIO()
    doc.save(buf)
    back = docx.Document(io.BytesIO(buf.getvalue())).tables[0]
    assert [[c.text for c in r.cells] for r in back.rows[1:]] == [[xml_safe(v) for v in row] for row in rows]


@settings(max_examples=20)
@given(_TEXT)
def test_body_paragraph_keeps_any_text_xml_can_hold(text):
    from consultkit.writers.style_table import xml_safe

    doc = style.new_document()
    style.add_body_paragraph(doc, text)
    import io
    buf = io.BytesIO()
    doc.save(buf)
    assert docx.Document(io.BytesIO(buf.getvalue())).paragraphs[-1].text == xml_safe(text)


def test_check_document_parts_sizes_and_weights(tmp_path):
    doc = style.new_document()
    style.add_header_block(doc, "Cục Công nghệ thông tin", "Bộ Y tế", None, "CNTT-THKCB", "Hà Nội", None,
                           "V/v góp ý", year=2021)
    style.add_recipients_and_signature(doc, ["Như trên"], "Cục trưởng", "A")
    for paragraph in (p for t in doc.tables for c in t._cells for p in c.paragraphs):
        if paragraph.text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:"):
            for run in paragraph.runs:
                run.font.size = Pt(14)
                run.font.bold = False
        if paragraph.text.startswith("Hà Nội"):
            for run in paragraph.runs:
                run.font.italic = False
    path = tmp_path / "parts.docx"
    doc.save(path)
    found = {f["rule"]: f["message"] for f in style.check_document(path)}
    assert "cỡ chữ 14" in found["part.national-name"] and "thiếu chữ đậm" in found["part.national-name"]
    assert "thiếu chữ nghiêng" in found["part.place-date"]
    assert "part.recipients" in found and "part.motto" not in found and "part.number" not in found


def test_save_document_failure_is_a_clear_export_error(tmp_path):
    from consultkit.errors import ExportError
    from consultkit.writers import style

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not-a-folder"):
        style.save_document(style.new_document(), blocker / "out.docx", what="the synthesis")
    saved = style.save_document(style.new_document(), tmp_path / "sub" / "ok.docx")
    assert saved.exists() and saved.stat().st_size > 0
