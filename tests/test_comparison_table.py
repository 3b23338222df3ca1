"""Bảng so sánh: three columns, struck deletions, bold-underlined insertions, new order."""

from __future__ import annotations

import pandas as pd
import pytest

from consultkit import schema
from consultkit.comparison.core import compare
from consultkit.writers.comparison_table import HEADER, comparison_rows, write_comparison_table
from consultkit.writers.style import check_document
from conftest import needs_soffice
from docx_helpers import (assert_house_fonts, assert_nd30_page, open_doc, pdf_page_size, pdf_text,
                          render_pdf)


def clauses(*items):
    return schema.conform([dict(clause_id=cid, parent_id="", kind="article", number=f"Điều {cid[1:]}.",
                                heading=head, text=text, order=i, level=0, location=f"p{i}", cells=None)
                           for i, (cid, head, text) in enumerate(items)], schema.CLAUSES)


OLD = clauses(("D1", "Phạm vi", "Thông tư này quy định tiêu chí kỹ thuật RIS-PACS."),
              ("D2", "Lưu trữ", "Thời gian lưu trữ hình ảnh tối thiểu là 5 năm kể từ ngày chụp."),
              ("D3", "Chuyển tiếp", "Cơ sở đã triển khai trước ngày Thông tư có hiệu lực được tiếp tục sử dụng."),
              ("D4", "Trách nhiệm", "Cục Công nghệ thông tin hướng dẫn, kiểm tra việc thực hiện."))
NEW = clauses(("D1", "Phạm vi", "Thông tư này quy định tiêu chí kỹ thuật RIS-PACS."),
              ("D2", "Lưu trữ", "Thời gian lưu trữ hình ảnh tối thiểu là 10 năm kể từ ngày chụp."),
              ("D4", "Trách nhiệm", "Cục Công nghệ thông tin hướng dẫn, kiểm tra việc thực hiện."),
              ("D5", "Hiệu lực", "Thông tư này có hiệu lực kể từ ngày 01 tháng 01 năm 2022."))


@pytest.fixture(scope="module")
def comparison():
    return compare(OLD, NEW)


def _runs(cell):
    return [(r.text, bool(r.font.strike), bool(r.bold), bool(r.underline))
            for p in cell.paragraphs for r in p.runs if r.text]


def test_rows_in_new_order_with_deletion_after_its_predecessor(comparison):
    table = comparison.table
    changed = table[table["change"] != "unchanged"]
    rows = comparison_rows(comparison)
    assert len(rows) == len(changed) == 3
    firsts = ["".join(t for t, _ in row[0][:1]) + "|" + "".join(t for t, _ in row[1][:1]) for row in rows]
    assert firsts[0].startswith("Điều 2") and "Điều 2" in firsts[0].split("|")[1]
    assert firsts[1].startswith("Điều 3") and "(Bãi bỏ)" in firsts[1]
    assert firsts[2].startswith("(Chưa quy định)") and "Điều 5" in firsts[2]


def test_docx_marks_deletions_and_insertions(tmp_path, comparison):
    path = write_comparison_table(comparison, tmp_path / "ss.docx",
                                  rationale={"D2": "Phù hợp yêu cầu lưu trữ hồ sơ bệnh án."},
                                  title="Bảng so sánh dự thảo Thông tư")
    doc = open_doc(path)
    assert_nd30_page(doc, landscape=True)
    assert_house_fonts(doc)
    assert check_document(path) == []
    assert doc.paragraphs[0].text == "BẢNG SO SÁNH DỰ THẢO THÔNG TƯ"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert len(table.rows) == 4
    old_cell, new_cell, why = table.rows[1].cells
    assert ("5", True, False, False) in _runs(old_cell)
    assert ("10", False, True, True) in _runs(new_cell)
    assert not any(strike for _, strike, _, _ in _runs(new_cell))
    assert not any(bold and underline for _, _, bold, underline in _runs(old_cell))
    assert old_cell.paragraphs[0].text == "Điều 2" and old_cell.paragraphs[0].runs[0].bold
    # the article's heading on its own bold line, then its text
    assert [p.text for p in old_cell.paragraphs][1] == "Lưu trữ"
    assert all(r.bold for r in old_cell.paragraphs[1].runs)
    assert new_cell.paragraphs[2].text == "Thời gian lưu trữ hình ảnh tối thiểu là 10 năm kể từ ngày chụp."
    assert why.text == "Phù hợp yêu cầu lưu trữ hồ sơ bệnh án."
    deleted = table.rows[2].cells
    assert all(strike for _, strike, _, _ in _runs(deleted[0])[1:]) and deleted[1].text == "(Bãi bỏ)"
    assert deleted[2].text == "Bãi bỏ"
    added = table.rows[3].cells
    assert added[0].text == "(Chưa quy định)"
    assert all(bold and underline for _, _, bold, underline in _runs(added[1])[1:])
    assert added[2].text == "Bổ sung"


def test_rationale_as_frame_and_all_rows(tmp_path, comparison):
    notes = pd.DataFrame({"clause_id": ["D5", "D3"], "note": ["Quy định hiệu lực.", "Không cần thiết."]})
    path = write_comparison_table(comparison, tmp_path / "all.docx", rationale=notes, only_changed=False)
    table = open_doc(path).tables[0]
    assert len(table.rows) == 1 + len(comparison.table)
    texts = [r.cells[2].text for r in table.rows[1:]]
    assert "Quy định hiệu lực." in texts and "Không cần thiết." in texts
    first = table.rows[1].cells
    assert first[0].paragraphs[0].text == "Điều 1" and "Không thay đổi" in first[2].text


def test_accepts_a_plain_comparison_frame(tmp_path):
    frame = schema.conform([dict(old_id="IV.2", new_id="IV.2", change="modified", similarity=0.8,
                                 old_text="lưu 5 năm", new_text="lưu 10 năm",
                                 ops=((0, "lưu "), (-1, "5"), (1, "10"), (0, " năm")),
                                 words_added=1, words_deleted=1, group="")], schema.COMPARISON)
    path = write_comparison_table(frame, tmp_path / "f.docx")
    cells = open_doc(path).tables[0].rows[1].cells
    assert cells[0].paragraphs[0].text == "Mục IV.2"
    assert ("5", True, False, False) in _runs(cells[0]) and ("10", False, True, True) in _runs(cells[1])


def test_no_change_writes_a_note(tmp_path):
    path = write_comparison_table(compare(OLD, OLD), tmp_path / "same.docx")
    doc = open_doc(path)
    assert not doc.tables and "Không có nội dung sửa đổi, bổ sung." in [p.text for p in doc.paragraphs]


@needs_soffice
@pytest.mark.libreoffice
def test_comparison_renders_landscape(tmp_path, comparison):
    pdf = render_pdf(write_comparison_table(comparison, tmp_path / "r.docx"), tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "Quy định hiện hành" in text and "Dự thảo sửa đổi, bổ sung" in text
    size = pdf_page_size(pdf)
    if size is not None:
        assert size[0] > size[1]


def test_bundled_versions(tmp_path, bundled):
    """The real drafts of the bundled workspace: parsed, compared, written."""
    from consultkit.workspace import open_consultation

    versions = open_consultation(bundled).versions
    comparison = compare(versions["hien-hanh"], versions["du-thao-2"])
    changed = comparison.changed()
    changed = changed[~(changed["old_id"] + changed["new_id"]).str.startswith("_")]  # notes, not clauses
    path = write_comparison_table(comparison, tmp_path / "real.docx")
    table = open_doc(path).tables[0]
    assert len(table.rows) == 1 + len(changed)
    labels = [r.cells[0].paragraphs[0].text + "|" + r.cells[1].paragraphs[0].text for r in table.rows[1:]]
    assert not any("_" in label.split("|")[0][:6] for label in labels)
    assert any(label.startswith("Mục IV") for label in labels)
    struck = [r for row in table.rows[1:] for p in row.cells[0].paragraphs for r in p.runs if r.font.strike]
    inserted = [r for row in table.rows[1:] for p in row.cells[1].paragraphs for r in p.runs
                if r.bold and r.underline]
    assert struck and inserted
    assert check_document(path) == []


def test_criteria_table_rows_show_one_cell_per_line(bundled, tmp_path):
    import docx

    from consultkit.clauses.parse import parse_clauses
    from consultkit.comparison.core import compare
    from consultkit.writers.comparison_table import write_comparison_table

    versions = bundled / "versions"
    cmp = compare(parse_clauses(versions / "hien-hanh.md"), parse_clauses(versions / "du-thao-1.md"))
    rows = cmp.table[cmp.table["new_text"].str.contains(" | ", regex=False)
                     & (cmp.table["change"] != "unchanged")]
    assert len(rows), "the bundled drafts change criteria-table rows"
    out = write_comparison_table(cmp, tmp_path / "bss.docx")
    cells = [c.text for t in docx.Document(out).tables for r in t.rows[1:] for c in r.cells[:2]]
    assert not any(" | " in text for text in cells)
    cell_words = rows.iloc[0]["new_text"].split(" | ")[1]
    assert any(cell_words in text.split("\n") for text in cells)
