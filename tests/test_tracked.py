"""Tracked-changes .docx: real w:ins/w:del, accept-all = new text, reject-all = old text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from hypothesis import HealthCheck, given, settings, strategies as st

from clause_frames import NEW, OLD, frame
from conftest import needs_soffice, soffice
from consultkit import schema
from consultkit.comparison.core import compare
from consultkit.errors import InputFileError
from consultkit.writers.style import check_document
from consultkit.writers.tracked import (accept_all, reject_all, unit_line, version_text,
                                        write_amending_docx, write_tracked_changes)
from test_align import versions

W_AUTHOR, W_DATE, W_ID = qn("w:author"), qn("w:date"), qn("w:id")


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    old, new = frame(OLD), frame(NEW)
    # a line break inside a clause survives as w:br
    new.loc[new["clause_id"] == "D2", "text"] = "Hiệu lực thi hành\nkể từ ngày ký ban hành"
    cmp = compare(old, new)
    path = tmp_path_factory.mktemp("tracked") / "du-thao.docx"
    write_tracked_changes(cmp, path, author="Tổ soạn thảo", date=dt.datetime(2021, 6, 1, 8, 30,
                                                                               tzinfo=dt.timezone.utc))
    return cmp, path


def test_accept_all_gives_new_and_reject_all_gives_old(tracked):
    cmp, path = tracked
    assert accept_all(path) == version_text(cmp.new)
    assert reject_all(path) == version_text(cmp.old)
    assert "Hiệu lực thi hành\nkể từ ngày ký" in accept_all(path)


def test_revisions_are_real_word_revisions(tracked):
    _, path = tracked
    body = docx.Document(str(path)).element.body
    ins = list(body.iter(qn("w:ins")))
    dels = list(body.iter(qn("w:del")))
    assert ins and dels
    ids = [el.get(W_ID) for el in ins + dels]
    assert len(ids) == len(set(ids))
    for el in ins + dels:
        assert el.get(W_AUTHOR) == "Tổ soạn thảo"
        assert el.get(W_DATE) == "2021-06-01T08:30:00Z"
    # deleted text is in w:delText, never in w:t
    for el in dels:
        assert not list(el.iter(qn("w:t")))
    assert any(t.text == "Khoản này sẽ bị bãi bỏ hoàn toàn khỏi văn bản sửa đổi"
               or "bãi bỏ" in (t.text or "") for t in body.iter(qn("w:delText")))
    # a deleted paragraph has its mark deleted as well
    marks = [p for p in body.iter(qn("w:p"))
             if p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:rPr")) is not None
             and p.find(qn("w:pPr")).find(qn("w:rPr")).find(qn("w:del")) is not None]
    assert marks
    settings_xml = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert "w:trackRevisions" in settings_xml


def test_house_style(tracked):
    _, path = tracked
    d = docx.Document(str(path))
    section = d.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.left_margin - Mm(30)) < Mm(1)
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)


def test_bold_headings_for_articles(tracked):
    _, path = tracked
    d = docx.Document(str(path))
    para = next(p for p in d.paragraphs if p.text.startswith("Điều 1."))
    assert all(r.bold for r in para.runs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions())
def test_accept_and_reject_on_generated_versions(tmp_path, pair):
    old, new = pair
    cmp = compare(old, new)
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(new)
    assert reject_all(path) == version_text(old)


def test_unit_line():
    assert unit_line("Điều 8", "Phạm vi", "") == "Điều 8. Phạm vi"
    assert unit_line("a)", "", "Máy trạm") == "a) Máy trạm"
    assert unit_line("", "", "Căn cứ") == "Căn cứ"


def test_accept_all_refuses_a_missing_file(tmp_path):
    with pytest.raises(InputFileError):
        accept_all(tmp_path / "none.docx")


def test_amending_docx(tmp_path):
    cmp = compare(frame(OLD), frame(NEW))
    path = write_amending_docx(cmp, tmp_path / "sua-doi.docx", document="Thông tư số 54/2017/TT-BYT")
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Điều 1. Sửa đổi, bổ sung một số nội dung của Thông tư số 54/2017/TT-BYT" in text
    assert "Sửa đổi, bổ sung Điều 1 Thông tư số 54/2017/TT-BYT như sau:" in text
    assert d.styles["Normal"].font.name == "Times New Roman"


def _convert(path, target, outdir):
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", target, "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=120)


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_file_and_keeps_the_revisions(tracked, tmp_path):
    """LibreOffice's plain-text export shows deleted AND inserted text (changes shown,
    not accepted), so we check what it really does: it reads our file, its txt holds both
    versions' words, its .odt has tracked-change regions, and its own .docx re-export
    still accepts to the new text and rejects to the old."""
    cmp, path = tracked
    _convert(path, "txt:Text", tmp_path)
    txt = (tmp_path / "du-thao.txt").read_text(encoding="utf-8-sig")
    assert "Khoản này sẽ bị bãi bỏ hoàn toàn" in txt     # deleted paragraph still shown
    assert "Khoản mới hoàn toàn về xử lý hình ảnh" in txt  # inserted paragraph
    _convert(path, "odt", tmp_path)
    content = zipfile.ZipFile(tmp_path / "du-thao.odt").read("content.xml").decode()
    assert content.count("<text:changed-region") >= 4
    assert "<text:deletion>" in content and "<text:insertion>" in content
    out = tmp_path / "lo"
    out.mkdir()
    _convert(path, "docx:MS Word 2007 XML", out)
    assert accept_all(out / "du-thao.docx") == version_text(cmp.new)
    assert reject_all(out / "du-thao.docx") == version_text(cmp.old)


@pytest.mark.parametrize("a, b", [("hien-hanh", "du-thao-1"), ("du-thao-1", "du-thao-2")])
def test_bundled_versions_accept_and_reject(bundled, tmp_path, a, b):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    if not (folder / "CHANGES.md").exists():
        pytest.fail("input missing from the repository: the bundled versions (versions/CHANGES.md)")
    cmp = compare(parse_clauses(folder / f"{a}.docx"), parse_clauses(folder / f"{b}.docx"))
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(cmp.new)
    assert reject_all(path) == version_text(cmp.old)
    phrase = "tối đa 01 năm" if a == "hien-hanh" else "12 tháng kể từ ngày thực hiện kỹ thuật"
    assert phrase in accept_all(path) and phrase not in reject_all(path)


def test_control_characters_do_not_break_the_file(tmp_path):
    old = frame([("k1", "", "clause", "1.", "Văn bản có ký tự\x0bđiều khiển và\x07chuông")])
    new = frame([("k1", "", "clause", "1.", "Văn bản đã sửa có ký tự\x0bđiều khiển")])
    cmp = compare(old, new)
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(new) == "1. Văn bản đã sửa có ký tựđiều khiển"
    assert reject_all(path) == version_text(old)


# ---------------------------------------------------------------- criteria tables

HEAD = ("STT", "Tiêu chí", "Yêu cầu", "Mức cơ bản")
W_VAL, W_NAME = qn("w:val"), qn("w:name")


def table_frame(paragraphs_before, rows, paragraphs_after=(), *, header_cells=False):
    """A CLAUSES frame: paragraphs, the header block the parser gives, criteria rows, paragraphs.

    ``rows``: (stt, criterion, requirement, level); ``header_cells`` gives the header block
    its own cells (as the Markdown reader does) instead of the " | "-joined text only
    (as the Word reader does)."""
    items = []
    for cid, number, text in paragraphs_before:
        items.append(dict(clause_id=cid, kind="annex_section", number=number, text=text, cells=None))
    items.append(dict(clause_id="_text.1", kind="text", number="", text=" | ".join(HEAD),
                      cells=dict(zip(HEAD, HEAD)) if header_cells else None))
    for stt, *cells in rows:
        values = dict(zip(HEAD, (str(stt), *cells)))
        items.append(dict(clause_id=f"IV.3.r{stt}", kind="table_row", number=str(stt),
                          text=" | ".join(cells), cells=values))
    for cid, number, text in paragraphs_after:
        items.append(dict(clause_id=cid, kind="annex_section", number=number, text=text, cells=None))
    rows_out = [dict(parent_id="", heading="", order=i, level=0, location=f"p{i}", **item)
                for i, item in enumerate(items)]
    return schema.conform(rows_out, schema.CLAUSES)


TABLE_OLD = table_frame(
    [("IV.3", "3.", "Yêu cầu chức năng của phần mềm RIS")],
    [(1, "Tiếp nhận chỉ định", "Tiếp nhận chỉ định từ HIS", "x"),
     (2, "Quản lý lịch hẹn", "Lập và quản lý lịch hẹn", ""),
     (3, "Quản lý thiết bị", "Quản lý danh mục thiết bị chẩn đoán hình ảnh", "x")],
    [("IV.4", "4.", "Yêu cầu chức năng của phần mềm PACS")])
TABLE_NEW = table_frame(
    [("IV.3", "3.", "Yêu cầu chức năng của phần mềm RIS")],
    [(1, "Tiếp nhận chỉ định", "Tiếp nhận chỉ định từ HIS", "x"),
     (2, "Quản lý lịch hẹn", "Lập, quản lý và thông báo lịch hẹn cho người bệnh", "x"),
     (3, "Kết nối hệ thống tập trung", "Gửi hình ảnh đến hệ thống tập trung", "")],
    [("IV.4", "4.", "Yêu cầu chức năng của phần mềm PACS")])


@pytest.fixture(scope="module")
def tracked_table(tmp_path_factory):
    cmp = compare(TABLE_OLD, TABLE_NEW)
    path = tmp_path_factory.mktemp("table") / "bang.docx"
    write_tracked_changes(cmp, path, author="Tổ soạn thảo", date=dt.date(2021, 6, 1))
    return cmp, path


def _row_mark(tr, tag):
    trpr = tr.find(qn("w:trPr"))
    return trpr.find(qn(tag)) if trpr is not None else None


def _side(tc, drop):
    """A cell's text without the ``drop`` revisions (w:ins: the old text, w:del: the new)."""
    return "".join(t.text for t in tc.iter(qn("w:t"), qn("w:delText"))
                   if not any(a.tag == qn(drop) for a in t.iterancestors()))


def _cell_texts(tr):
    return ["".join(t.text or "" for t in tc.iter(qn("w:t"), qn("w:delText")))
            for tc in tr.iter(qn("w:tc"))]


def test_criteria_rows_are_one_word_table_with_row_revisions(tracked_table):
    cmp, path = tracked_table
    d = docx.Document(str(path))
    assert len(d.tables) == 1
    rows = d.tables[0]._tbl.findall(qn("w:tr"))
    assert _cell_texts(rows[0]) == list(HEAD)
    assert _row_mark(rows[0], "w:tblHeader") is not None       # header row, repeated on each page
    assert all(r.bold for c in d.tables[0].rows[0].cells for p in c.paragraphs for r in p.runs)
    by_criterion = {}
    for tr in rows[1:]:
        by_criterion.setdefault(_cell_texts(tr)[1], []).append(tr)
    deleted = by_criterion["Quản lý thiết bị"]
    inserted = by_criterion["Kết nối hệ thống tập trung"]
    # the old row 3 is deleted whole, the new row 3 inserted whole
    assert len(deleted) == 1 and len(inserted) == 1
    mark = _row_mark(deleted[0], "w:del")
    assert mark is not None and mark.get(W_AUTHOR) == "Tổ soạn thảo"
    assert mark.get(W_DATE) == "2021-06-01T00:00:00Z"
    assert not list(deleted[0].iter(qn("w:t")))                    # its text is w:delText
    assert "Quản lý danh mục thiết bị chẩn đoán hình ảnh" in _cell_texts(deleted[0])
    assert all(r.getparent().tag == qn("w:del") for r in deleted[0].iter(qn("w:r")))
    mark = _row_mark(inserted[0], "w:ins")
    assert mark is not None and mark.get(W_AUTHOR) == "Tổ soạn thảo"
    assert all(r.getparent().tag == qn("w:ins") for r in inserted[0].iter(qn("w:r")))
    # the modified row: no row mark, word-level revisions inside its cells
    modified = by_criterion["Quản lý lịch hẹn"][0]
    assert _row_mark(modified, "w:ins") is None and _row_mark(modified, "w:del") is None
    stt, _, requirement, level = modified.iter(qn("w:tc"))
    assert list(requirement.iter(qn("w:delText"))) and list(requirement.iter(qn("w:ins")))
    assert _side(requirement, "w:ins") == "Lập và quản lý lịch hẹn"
    assert _side(requirement, "w:del") == "Lập, quản lý và thông báo lịch hẹn cho người bệnh"
    assert [t.text for i in level.iter(qn("w:ins")) for t in i.iter(qn("w:t"))] == ["x"]
    assert not list(stt.iter(qn("w:ins"))) and not list(stt.iter(qn("w:del")))
    ids = [el.get(W_ID) for el in d.element.body.iter(qn("w:ins"), qn("w:del"))]
    assert len(ids) == len(set(ids))


def test_table_accept_and_reject(tracked_table):
    cmp, path = tracked_table
    new, old = accept_all(path), reject_all(path)
    assert new == version_text(cmp.new) and old == version_text(cmp.old)
    assert "STT | Tiêu chí | Yêu cầu | Mức cơ bản" in new
    assert "2 | Quản lý lịch hẹn | Lập, quản lý và thông báo lịch hẹn cho người bệnh | x" in new
    assert "2 | Quản lý lịch hẹn | Lập và quản lý lịch hẹn | " in old.split("\n")
    assert "Quản lý thiết bị" in old and "Quản lý thiết bị" not in new


def test_table_cells_in_the_house_style(tracked_table):
    _, path = tracked_table
    table = docx.Document(str(path)).tables[0]
    assert table.style.name == "Table Grid"
    sizes = {r.font.size for row in table.rows for c in row.cells for p in c.paragraphs
             for r in p.runs}
    assert sizes == {Pt(12)}
    widths = [c.width for c in table.rows[1].cells]
    assert widths[2] > widths[1] > widths[0]   # the requirement is the widest column
    assert abs(sum(widths) - (Mm(210) - Mm(30) - Mm(15))) < Mm(2)


def test_header_block_with_its_own_cells_is_the_header_row(tmp_path):
    old = table_frame([], [(1, "A", "B", "x")], header_cells=True)
    new = table_frame([], [(1, "A", "B đã sửa", "x"), (2, "C", "D", "")], header_cells=True)
    path = write_tracked_changes(compare(old, new), tmp_path / "t.docx")
    d = docx.Document(str(path))
    assert len(d.tables) == 1 and len(d.tables[0].rows) == 3
    assert accept_all(path) == version_text(new) and reject_all(path) == version_text(old)


def test_columns_changed_gives_old_table_deleted_and_new_inserted(tmp_path):
    old = table_frame([], [(1, "A", "B", "x"), (2, "C", "D", "")])
    rows = [dict(clause_id=f"IV.3.r{i}", parent_id="", kind="table_row", number=str(i), heading="",
                 text=t, order=i, level=0, location="", cells={"STT": str(i), "Nội dung": t})
            for i, t in ((1, "A"), (2, "C"))]
    new = schema.conform(rows, schema.CLAUSES)
    path = write_tracked_changes(compare(old, new), tmp_path / "t.docx")
    d = docx.Document(str(path))
    assert len(d.tables) == 2
    assert all(_row_mark(tr, "w:del") is not None for tr in d.tables[0]._tbl.findall(qn("w:tr")))
    assert all(_row_mark(tr, "w:ins") is not None for tr in d.tables[1]._tbl.findall(qn("w:tr")))
    assert accept_all(path) == version_text(new) == "1 | A\n2 | C"
    assert reject_all(path) == version_text(old)


# ---------------------------------------------------------------- moves

MOVE_OLD = frame([
    ("D1", "", "article", "Điều 1", "Phạm vi điều chỉnh"),
    ("D1.k1", "D1", "clause", "1.", "Cơ sở tự đánh giá mức độ đáp ứng tiêu chí hằng năm"),
    ("D1.k2", "D1", "clause", "2.", "Hệ thống lưu trữ hình ảnh tại cơ sở"),
    ("D2", "", "article", "Điều 2", "Tổ chức thực hiện"),
    ("D2.k1", "D2", "clause", "1.", "Giám đốc cơ sở chịu trách nhiệm triển khai"),
])
MOVE_NEW = frame([
    ("D1", "", "article", "Điều 1", "Phạm vi điều chỉnh"),
    ("D1.k1", "D1", "clause", "1.", "Hệ thống lưu trữ hình ảnh tại cơ sở"),
    ("D2", "", "article", "Điều 2", "Tổ chức thực hiện"),
    ("D2.k1", "D2", "clause", "1.", "Giám đốc cơ sở chịu trách nhiệm triển khai"),
    ("D2.k2", "D2", "clause", "2.", "Cơ sở tự đánh giá mức độ đáp ứng tiêu chí hằng năm"),
])


def _move_parts(body):
    return {tag: list(body.iter(qn(f"w:{tag}"))) for tag in
            ("moveFrom", "moveTo", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
             "moveToRangeEnd")}


def test_a_moved_clause_is_a_word_move(tmp_path):
    cmp = compare(MOVE_OLD, MOVE_NEW)
    assert "moved" in set(cmp.table["change"])
    path = write_tracked_changes(cmp, tmp_path / "t.docx", author="Tổ soạn thảo",
                                 date=dt.datetime(2021, 6, 1, 8, 30, tzinfo=dt.timezone.utc))
    body = docx.Document(str(path)).element.body
    parts = _move_parts(body)
    assert all(parts.values()), {k: len(v) for k, v in parts.items()}
    (start_from,), (start_to,) = parts["moveFromRangeStart"], parts["moveToRangeStart"]
    assert start_from.get(W_NAME) == start_to.get(W_NAME)
    assert parts["moveFromRangeEnd"][0].get(W_ID) == start_from.get(W_ID)
    assert parts["moveToRangeEnd"][0].get(W_ID) == start_to.get(W_ID)
    for el in parts["moveFrom"] + parts["moveTo"] + [start_from, start_to]:
        assert el.get(W_AUTHOR) == "Tổ soạn thảo" and el.get(W_DATE) == "2021-06-01T08:30:00Z"
    moved_from = "".join(t.text for m in parts["moveFrom"] for t in m.iter(qn("w:t")))
    moved_to = "".join(t.text for m in parts["moveTo"] for t in m.iter(qn("w:t")))
    assert "Cơ sở tự đánh giá mức độ đáp ứng tiêu chí hằng năm" in moved_from
    assert moved_from == moved_to
    # the moved paragraph's marks: moved away at the source, moved here at the destination
    marks = [p.find(qn("w:pPr")).find(qn("w:rPr")) for p in body.iter(qn("w:p"))
             if p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:rPr")) is not None]
    assert any(m.find(qn("w:moveFrom")) is not None for m in marks)
    assert any(m.find(qn("w:moveTo")) is not None for m in marks)
    assert accept_all(path) == version_text(MOVE_NEW)
    assert reject_all(path) == version_text(MOVE_OLD)
    # a move is not also a deletion and an insertion of its words
    deleted = "".join(t.text for t in body.iter(qn("w:delText")))
    assert "tự đánh giá" not in deleted


@pytest.mark.parametrize("a, b, moved_words", [
    ("hien-hanh", "du-thao-1", "tự đánh giá mức độ đáp ứng tiêu chí"),
    ("du-thao-1", "du-thao-2", "an toàn thông tin"),
])
def test_bundled_moves_and_tables(bundled, tmp_path, a, b, moved_words):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    cmp = compare(parse_clauses(folder / f"{a}.docx"), parse_clauses(folder / f"{b}.docx"))
    path = write_tracked_changes(cmp, tmp_path / "t.docx", old_name=a, new_name=b)
    d = docx.Document(str(path))
    parts = _move_parts(d.element.body)
    assert moved_words in "".join(t.text for m in parts["moveTo"] for t in m.iter(qn("w:t")))
    names_from = {s.get(W_NAME) for s in parts["moveFromRangeStart"]}
    assert names_from and names_from == {s.get(W_NAME) for s in parts["moveToRangeStart"]}
    # the criteria table is one Word table with a header row and one row per criterion
    rows = cmp.new[cmp.new["kind"] == "table_row"]
    (table,) = d.tables
    assert [c.text for c in table.rows[0].cells] == list(rows.iloc[0]["cells"])
    assert len(table.rows) >= len(rows) + 1
    assert accept_all(path) == version_text(cmp.new)
    assert reject_all(path) == version_text(cmp.old)


# ---------------------------------------------------------------- layout

def test_title_block_names_the_versions_and_is_not_part_of_the_text(tracked, tmp_path):
    cmp, _ = tracked
    path = write_tracked_changes(cmp, tmp_path / "t.docx", author="Tổ soạn thảo",
                                 date=dt.date(2021, 6, 1), old_name="Dự thảo lần 1",
                                 new_name="Dự thảo lần 2")
    d = docx.Document(str(path))
    block = [p for p in d.paragraphs if p.style.name == "Khối tiêu đề bản so sánh"]
    text = "\n".join(p.text for p in block)
    assert "BẢN THEO DÕI THAY ĐỔI" in text
    assert "Dự thảo lần 2 so với Dự thảo lần 1" in text
    assert "Tổ soạn thảo" in text and "ngày 01 tháng 6 năm 2021" in text
    assert d.paragraphs[0].text == "BẢN THEO DÕI THAY ĐỔI" and d.paragraphs[0].runs[0].bold
    assert "BẢN THEO DÕI" not in accept_all(path) and "BẢN THEO DÕI" not in reject_all(path)
    assert text == unicodedata.normalize("NFC", text)


def test_headings_bold_and_body_justified_with_indent(bundled, tmp_path):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    cmp = compare(parse_clauses(folder / "hien-hanh.docx"), parse_clauses(folder / "du-thao-1.docx"))
    d = docx.Document(str(write_tracked_changes(cmp, tmp_path / "t.docx")))
    heading = next(p for p in d.paragraphs if p.text.startswith("1. Phạm vi áp dụng"))
    assert all(r.bold for r in heading.runs) and heading.paragraph_format.keep_with_next
    body = next(p for p in d.paragraphs if p.text.startswith("2.1. Máy chủ"))
    assert not any(r.bold for r in body.runs)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Cm(1.27)
    assert body.paragraph_format.space_before == Pt(6)
    assert {r.font.size for r in body.runs} == {Pt(14)}
    assert check_document(d) == []   # paper, margins, fonts and sizes of Nghị định 30/2020


# ---------------------------------------------------------------- property

words = st.lists(st.sampled_from(["hệ", "thống", "lưu", "trữ", "hình", "ảnh", "y", "tế", "cơ",
                                  "sở", "x", "mức", "cơ bản", "DICOM", "HL7", ";", "."]),
                 min_size=0, max_size=6).map(" ".join)


@st.composite
def clause_frames(draw):
    """Random old/new versions of paragraphs and criteria rows (edits, deletions, additions,
    duplicates, a moved paragraph, header blocks as the Word or the Markdown reader gives)."""
    def block(prefix, k):
        if draw(st.booleans()):
            return [("p", f"{prefix}{k}", draw(words.filter(bool)))]
        n = draw(st.integers(0, 3))
        return [("h", None, None)] + [("r", f"{prefix}{k}.r{i}",
                                       (draw(words), draw(words), draw(st.sampled_from(["", "x"]))))
                                      for i in range(1, n + 1)]

    old = [u for k in range(draw(st.integers(0, 4))) for u in block("k", k)]
    new = []
    for unit in old:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop", "add"]))
        if action in ("keep", "add"):
            new.append(unit)
        elif action == "edit" and unit[0] == "p":
            new.append(("p", unit[1], unit[2] + " " + draw(words.filter(bool))))
        elif action == "edit" and unit[0] == "r":
            new.append(("r", unit[1], (unit[2][0], draw(words), unit[2][2])))
        elif action == "edit":
            new.append(unit)
        if action == "add":
            new += block("n", len(new))
    paragraphs = [i for i, u in enumerate(new) if u[0] == "p"]
    if paragraphs and draw(st.booleans()):
        new.append(new.pop(draw(st.sampled_from(paragraphs))))
    cells_on_header = draw(st.booleans())

    def build(units):
        rows, seen, stt = [], set(), 0
        for i, (what, cid, value) in enumerate(units):
            row = dict(parent_id="", heading="", order=i, level=0, location=f"p{i}", cells=None)
            if what == "h":
                stt = 0
                row.update(clause_id=f"_text.{i}", kind="text", number="", text=" | ".join(HEAD),
                           cells=dict(zip(HEAD, HEAD)) if cells_on_header else None)
            elif what == "p":
                row.update(clause_id=cid, kind="clause", number=f"{i}.", text=value)
            else:
                stt += 1
                row.update(clause_id=cid, kind="table_row", number=str(stt),
                           text=" | ".join(v for v in value if v),
                           cells=dict(zip(HEAD, (str(stt), *value))))
            while row["clause_id"] in seen:
                row["clause_id"] += "~2"
            seen.add(row["clause_id"])
            rows.append(row)
        return schema.conform(rows, schema.CLAUSES)

    return build(old), build(new)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clause_frames())
def test_accept_and_reject_with_tables_and_moves(tmp_path, pair):
    old, new = pair
    path = write_tracked_changes(compare(old, new), tmp_path / "t.docx")
    assert accept_all(path) == version_text(new)
    assert reject_all(path) == version_text(old)


# ---------------------------------------------------------------- LibreOffice

@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_keeps_table_row_revisions_and_moves(bundled, tmp_path):
    """LibreOffice reads the table and move revisions: its .odt has changed regions for the
    deleted criteria row, its PDF (changes shown) holds the deleted and the inserted rows'
    words, and its own .docx re-export keeps w:trPr/w:del, w:trPr/w:ins and the moves, and
    still accepts to the new text and rejects to the old."""
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    cmp = compare(parse_clauses(folder / "hien-hanh.docx"), parse_clauses(folder / "du-thao-1.docx"))
    path = write_tracked_changes(cmp, tmp_path / "bang.docx")
    _convert(path, "odt", tmp_path)
    content = zipfile.ZipFile(tmp_path / "bang.odt").read("content.xml").decode()
    assert content.count("<text:changed-region") >= 20
    assert "<table:table " in content
    deletion = content.index("Quản lý thiết bị")
    assert content.rfind("<text:deletion>", 0, deletion) > content.rfind("</text:deletion>", 0, deletion)
    _convert(path, "pdf", tmp_path)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf_text = subprocess.run(["pdftotext", str(tmp_path / "bang.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "Quản lý thiết bị" in pdf_text          # the deleted row is shown
    assert "Gửi hình ảnh và kết quả chẩn" in pdf_text  # and the inserted one
    out = tmp_path / "lo"
    out.mkdir()
    _convert(path, "docx:MS Word 2007 XML", out)
    body = docx.Document(str(out / "bang.docx")).element.body
    trprs = list(body.iter(qn("w:trPr")))
    assert any(t.find(qn("w:del")) is not None for t in trprs)
    assert any(t.find(qn("w:ins")) is not None for t in trprs)
    assert list(body.iter(qn("w:moveFrom"))) and list(body.iter(qn("w:moveTo")))
    assert accept_all(out / "bang.docx") == version_text(cmp.new)
    assert reject_all(out / "bang.docx") == version_text(cmp.old)
