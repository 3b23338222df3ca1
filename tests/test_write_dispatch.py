"""The dispatch and its recipient annex rendered from data; read back by our own reader."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consultkit.readers.dispatch import load_dispatch
from consultkit.readers.roster import load_roster
from consultkit.writers.letters import annex_groups, write_dispatch
from consultkit.writers.style import check_document
from conftest import SEED, needs_soffice
from docx_helpers import (all_text, assert_house_fonts, assert_nd30_page, open_doc, paragraphs_with,
                          pdf_text, render_pdf)


@pytest.fixture(scope="module")
def dispatch(seed_path):
    return load_dispatch(SEED)


def test_annex_groups_from_roster_keep_numbers_as_written(dispatch):
    groups = annex_groups(dispatch, load_roster(dispatch))
    assert [g[0] for g in groups] == ["I", "II", "III", "IV", "IV"]
    by_title = {g[1]: g[2] for g in groups}
    assert by_title["Bảo hiểm xã hội Việt Nam"] == []          # the group is the unit
    assert by_title["Y tế các Bộ, Ngành"] == []                 # placeholder
    hospitals = by_title["Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế"]
    assert hospitals[0] == ("1", "Bệnh viện 71 trung ương") and len(hospitals) == 43
    assert [s for s, _ in hospitals] == [str(i) for i in range(1, 44)]
    provinces = by_title["Sở Y tế các tỉnh/thành phố trực thuộc Trung ương"]
    assert len(provinces) == 63 and provinces[0][0] == "1"


def test_annex_groups_from_the_dispatch_alone(dispatch):
    groups = annex_groups(dispatch, None)
    assert [(g[0], len(g[2])) for g in groups] == [("I", 0), ("II", 0), ("III", 0), ("IV", 20), ("IV", 43)]


def test_write_dispatch_layout_and_text(tmp_path, dispatch):
    path = write_dispatch(dispatch, load_roster(dispatch), tmp_path / "cv.docx")
    doc = open_doc(path)
    assert_nd30_page(doc, landscape=False)
    assert_house_fonts(doc)
    assert check_document(path) == []
    text = all_text(doc)
    assert "Số: …/CNTT-THKCB" in text and "Hà Nội, ngày … tháng … năm 2021" in text
    assert dispatch.subject in text
    for addressee in dispatch.addressees:
        assert f"- {addressee}" in text
    for paragraph in dispatch.body:
        assert paragraph in text
    assert "DANH SÁCH CÁC ĐƠN VỊ GỬI CÔNG VĂN" in text
    assert "(Kèm theo Công văn số …/CNTT-THKCB ngày … tháng … năm 2021 của Cục Công nghệ thông tin)" in text
    headings = [p.text for p in doc.paragraphs if p.text[:4] in ("I. B", "II. ", "III.", "IV. ")]
    assert headings == ["I. Bảo hiểm xã hội Việt Nam", "II. Y tế các Bộ, Ngành",
                        "III. Sở Y tế các tỉnh/thành phố trực thuộc Trung ương",
                        "IV. Các đơn vị thuộc Bộ Y tế",
                        "IV. Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế"]
    annex_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert [len(t.rows) - 1 for t in annex_tables] == [63, 20, 43]
    assert annex_tables[2].rows[5].cells[1].text == "Bệnh viện Chợ Rẫy"
    # the annex is its own section, numbered on its own
    assert len(doc.sections) == 2
    body_paragraph = paragraphs_with(doc, "Nhằm triển khai Quyết định")[0]
    assert body_paragraph.paragraph_format.first_line_indent is not None


def test_rendered_dispatch_reads_back_as_the_same_dispatch(tmp_path, dispatch):
    path = write_dispatch(dispatch, None, tmp_path / "cv.docx")
    back = load_dispatch(path)
    assert back.subject == dispatch.subject
    assert back.addressees == dispatch.addressees
    assert back.number_symbol == dispatch.number_symbol and back.number is None
    assert back.deadline == dispatch.deadline
    assert back.signer_name == dispatch.signer_name
    assert [(g.number, g.title, len(g.entries)) for g in back.annex] == \
        [(g.number, g.title, len(g.entries)) for g in dispatch.annex]


def test_cli_report_dispatch(workspace, tmp_path):
    from consultkit.cli import main

    out = tmp_path / "cong-van.docx"
    result = CliRunner().invoke(main, ["report", "dispatch", str(workspace), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kính gửi:" in all_text(open_doc(out))


@needs_soffice
@pytest.mark.libreoffice
def test_dispatch_renders_with_libreoffice(tmp_path, dispatch):
    pdf = render_pdf(write_dispatch(dispatch, None, tmp_path / "cv.docx"), tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "DANH SÁCH CÁC ĐƠN VỊ GỬI CÔNG VĂN" in text and "Bệnh viện Chợ Rẫy" in text


def test_signature_authority_keeps_its_lines(tmp_path):
    """'TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG' is read line by line and written
    with a line break per line, as Phụ lục I lays out the signing authority."""
    import docx

    from consultkit import load_dispatch, load_roster
    from consultkit.writers.letters import write_dispatch

    from pathlib import Path

    src = Path(__file__).parent / "fixtures" / "dispatches" / "05_table_annex.docx"
    d = load_dispatch(src)
    assert d.signer_title == "TL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG"
    assert d.summary()["Người ký"].startswith("TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG")
    out = write_dispatch(d, load_roster(d), tmp_path / "cv.docx")
    cells = [c for t in docx.Document(out).tables for r in t.rows for c in r.cells]
    title = next(p for c in cells for p in c.paragraphs if p.text.startswith("TL. BỘ TRƯỞNG"))
    assert title.text == "TL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG"
    assert len(title._p.xpath(".//w:br")) == 2 and all(r.bold for r in title.runs if r.text)
