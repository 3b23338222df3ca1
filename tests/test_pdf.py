"""PDF reply letters: the text layer read like a .docx letter; scans, locks and damage rejected."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from pypdf import PdfReader, PdfWriter

from consultkit.comments.intake import load_comments
from consultkit.errors import ConsultkitError, CorruptFileError, ParseError
from consultkit.readers.letters import read_letter
from consultkit.readers.pdf import SCANNED, _cells, _segments, pdf_blocks, pdf_text
from conftest import BUNDLED
from letter_docs import blank_pdf, eml

FIXTURES = Path(__file__).parent / "fixtures" / "letters"
HCM = FIXTURES / "so-y-te-ho-chi-minh.pdf"



def locked_pdf(password: str = "bi-mat") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(HCM))
    writer.encrypt(user_password=password, owner_password="chu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_header_is_rebuilt_as_two_columns():
    kind, _, rows, _ = pdf_blocks(HCM)[0]
    left, right = rows[0]
    assert kind == "t"
    assert left[:4] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ", "Số: 3571/SYT-CNTT"]
    assert "V/v góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí RIS-PACS" in left
    assert "TP. Hồ Chí Minh, ngày 09 tháng 06 năm 2021" in right


def test_wrapped_lines_make_one_paragraph_and_cut_words_rejoin():
    texts = [b[2][0] for b in pdf_blocks(HCM) if b[0] == "p"]
    intro = next(t for t in texts if t.startswith("Phúc đáp"))
    assert intro.endswith("Sở Y tế Thành phố Hồ Chí Minh có ý kiến như sau:")
    assert "tiêu chí RIS-PACS," in intro


def test_comment_table_cells_and_rows():
    table = next(b for b in pdf_blocks(HCM) if b[0] == "t" and b[1] == 1)
    rows = [[" ".join(cell) for cell in row] for row in table[2]]
    assert rows[0] == ["STT", "Điều, khoản", "Nội dung góp ý", "Lý do / Đề xuất"]
    assert rows[2] == ["2", "Điểm c mục 4.3", "Dựng hình 3D chưa cần thiết ở mức cơ bản.",
                       "Đề nghị chuyển sang mức nâng cao."]
    assert len(rows) == 4


def test_scanned_pdf_is_a_clear_reject(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf())
    with pytest.raises(ParseError) as caught:
        read_letter(path)
    assert caught.value.message == SCANNED
    result = load_comments([path])
    assert result.read == 1 and len(result.comments) == 0
    # a scan is now read by OCR (consultkit.readers.ocr); a blank page still ends as a reject
    assert "bản quét không có lớp chữ" in result.rejects["reason"][0]
    assert "OCR" in result.rejects["reason"][0]


def test_encrypted_pdf_is_rejected_with_the_reason(tmp_path):
    path = tmp_path / "khoa.pdf"
    path.write_bytes(locked_pdf())
    with pytest.raises(CorruptFileError, match="mật khẩu"):
        pdf_text(path)


def test_pdf_locked_only_against_editing_is_read(tmp_path):
    path = tmp_path / "ky-so.pdf"
    path.write_bytes(locked_pdf(password=""))   # owner password only, as signed files often are
    assert read_letter(path).number == "3571/SYT-CNTT"


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 3],
    lambda data: b"%PDF-1.7\n" + bytes(range(256)) * 8,
    lambda data: b"%PDF",
    lambda data: data.replace(b"/Page", b"/Pgae"),
])
def test_damaged_pdf_never_raises_a_traceback(tmp_path, damage):
    path = tmp_path / "hong.pdf"
    path.write_bytes(damage(HCM.read_bytes()))
    result = load_comments([path])
    assert result.read == len(result.comments) + len(result.rejects)
    if len(result.rejects):
        reason = result.rejects["reason"][0]
        assert "PDF" in reason or "bản quét" in reason
        assert "Traceback" not in reason


def test_a_word_file_named_pdf_is_not_taken_for_a_pdf(tmp_path):
    path = tmp_path / "nham.pdf"
    path.write_bytes((FIXTURES / "benh-vien-cho-ray.docx").read_bytes())
    with pytest.raises(ConsultkitError, match="không phải tệp PDF"):
        read_letter(path)


def test_pdf_attachment_of_an_email_is_read_as_the_letter(tmp_path):
    path = tmp_path / "thu.eml"
    path.write_bytes(eml(sender="Văn thư <vanthu@syt.hochiminhcity.gov.vn>",
                         attachments=[("3571-SYT-CNTT.pdf", HCM.read_bytes()),
                                      ("scan.pdf", blank_pdf())]))
    result = load_comments([path])
    assert result.read == 4
    assert list(result.comments["letter_number"]) == ["3571/SYT-CNTT"] * 3
    assert set(result.comments["channel"]) == {"email"}
    assert set(result.comments["unit_raw"]) == {"SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH"}
    assert list(result.rejects["source"]) == ["thu.eml#scan.pdf"]
    assert "bản quét" in result.rejects["reason"][0]


words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠ0123456789.,:/-", min_size=1, max_size=8)


@given(st.lists(st.lists(words, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4),
       st.lists(st.integers(2, 6), min_size=4, max_size=4))
def test_segments_and_cells_keep_every_word(cells, gaps):
    """A line laid out in columns is cut back into the same cells, nothing lost or moved."""
    line, columns = "", []
    for cell, gap in zip(cells, gaps):
        columns.append(len(line))
        line += cell + " " * gap
    assert [t for _, t in _segments(line)] == cells
    assert _cells(line, columns) == cells


def test_page_numbers_and_signature_stamp_lines_are_dropped():
    from consultkit.readers.pdf import page_lines

    lines = ["   BỘ Y TẾ                          Ký bởi: Bệnh viện K",
             "                                    Thời gian ký: 10.06.2021 09:15:23 +07:00",
             "2", "  - 3 -", "1. Mục 5.1: đề nghị bổ sung FHIR.", "Cơ quan chủ trì: Cục CNTT không bỏ"]
    assert page_lines(lines) == ["   BỘ Y TẾ", "1. Mục 5.1: đề nghị bổ sung FHIR.",
                                 "Cơ quan chủ trì: Cục CNTT không bỏ"]


def test_the_signed_pdf_by_email_duplicates_the_posted_docx(tmp_path):
    """The same letter by post (.docx) and by e-mail (its signed PDF): the later copy is marked."""
    import importlib.util
    import sys

    from consultkit.workspace import open_consultation

    script = Path(__file__).resolve().parent.parent / "scripts" / "build_letter_fixtures.py"
    spec = importlib.util.spec_from_file_location("build_letter_fixtures", script)
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build
    spec.loader.exec_module(build)
    letter = next(s for s in build.LETTERS if s[0] == "so-y-te-ho-chi-minh")
    build._docx(tmp_path / "hcm.docx", *letter[2:])
    (tmp_path / "thu.eml").write_bytes(eml(attachments=[("cv.pdf", HCM.read_bytes())]))
    roster = open_consultation(BUNDLED).roster
    comments = load_comments([tmp_path], roster=roster).comments
    posted = comments[comments["source"].str.contains("/hcm.docx#", regex=False)]
    mailed = comments[comments["source"].str.contains("/thu.eml#", regex=False)]
    assert len(posted) == len(mailed) == 3
    assert set(comments["unit_id"]) == {"so-y-te-ho-chi-minh"}
    assert list(posted["duplicate_of"]) == ["", "", ""]
    assert list(mailed["duplicate_of"]) == list(posted["comment_id"])
