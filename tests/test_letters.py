"""Reply letters (.docx): header fields and comments split per cited clause."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from consultkit.errors import ConsultkitError, CorruptFileError, ParseError
from consultkit.readers.letters import letter_comments, read_letter, read_letter_comments, split_comments
from letter_docs import letter_docx

BODY = (
    "Phúc đáp Công văn số 512/CNTT-THKCB ngày 04/6/2021 của Cục Công nghệ thông tin về việc góp ý "
    "dự thảo Thông tư, Bệnh viện Bạch Mai có ý kiến như sau:",
    "1. Tại điểm a khoản 2 mục IV.2: đề nghị sửa thời gian lưu trữ thành 10 năm.",
    "Lý do: phù hợp với Luật Khám bệnh, chữa bệnh.",
    "2. Mục 2.1 phần IV: đề nghị bổ sung chuẩn HL7 FHIR.",
    "- Bổ sung kết nối với hệ thống HIS;",
    "- Bổ sung kết nối LIS.",
    "Đối với tiêu chí số 5, đề nghị làm rõ khái niệm máy trạm.",
    "Trên đây là ý kiến góp ý của Bệnh viện Bạch Mai, kính gửi Cục Công nghệ thông tin tổng hợp./.",
)


def read(data: bytes, name="l.docx"):
    stream = io.BytesIO(data)
    return read_letter(stream, name=name)


def test_header_of_a_provincial_department():
    letter = read(letter_docx())
    assert letter.sender == "SỞ Y TẾ TỈNH NGHỆ AN"
    assert letter.parent == "UBND TỈNH NGHỆ AN"
    assert letter.number == "123/SYT-NVY"
    assert letter.date == dt.date(2021, 6, 10)
    assert letter.place == "Nghệ An"
    assert letter.subject.startswith("V/v góp ý dự thảo")


def test_only_agreeing_letter_gives_one_agree_comment():
    letter = read(letter_docx())
    assert letter.comments == ("Sở Y tế Nghệ An nhất trí với nội dung dự thảo.",)
    rows = letter_comments(letter, name="l.docx").rows
    assert len(rows) == 1 and rows[0]["channel"] == "post"
    from consultkit.comments.stance import classify_stance
    assert classify_stance(rows[0]["text"]) == "agree"


def test_agreement_inside_the_intro_is_the_comment():
    body = ("Phúc đáp Công văn số 512/CNTT-THKCB ngày 04/6/2021 của Cục Công nghệ thông tin, Bảo hiểm "
            "xã hội Việt Nam nhất trí với nội dung dự thảo, không có ý kiến khác.", "Trân trọng./.")
    letter = read(letter_docx(organs=("BẢO HIỂM XÃ HỘI VIỆT NAM",), number="2001/BHXH-CNTT", body=body))
    assert letter.sender == "BẢO HIỂM XÃ HỘI VIỆT NAM" and letter.parent == ""
    assert letter.comments == (body[0],)


def test_comments_split_per_cited_clause():
    letter = read(letter_docx(organs=("BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"), number="45/BM-CNTT", body=BODY,
                              addressees=("Cục Công nghệ thông tin", "Vụ Pháp chế")))
    assert letter.sender == "BỆNH VIỆN BẠCH MAI" and letter.parent == "BỘ Y TẾ"
    assert letter.comments == (
        BODY[1],
        BODY[3] + "\n" + BODY[4] + "\n" + BODY[5],
        BODY[6],
    )
    # "Lý do: …" after a comment is its rationale, not more of its opinion
    assert letter.rationales == (BODY[2], "", "")
    assert all(loc.startswith("p") for loc in letter.locations)


def test_header_as_paragraphs_and_without_number():
    letter = read(letter_docx(organs=("BỘ Y TẾ", "CỤC QUẢN LÝ DƯỢC"), number="/QLD-VP",
                              place_date="Hà Nội, ngày 5 tháng 7 năm 2021", header_as_table=False,
                              body=("Đề nghị bổ sung quy định về bảo mật dữ liệu hình ảnh.",)))
    assert letter.sender == "CỤC QUẢN LÝ DƯỢC"
    assert letter.number == ""
    assert letter.date == dt.date(2021, 7, 5)
    assert letter.comments == ("Đề nghị bổ sung quy định về bảo mật dữ liệu hình ảnh.",)


def test_comment_table_in_the_body():
    import docx
    document = docx.Document(io.BytesIO(letter_docx(body=("Sở Y tế góp ý như sau:",))))
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("STT", "Điều khoản", "Nội dung góp ý"),
                                       ("1", "điểm a khoản 2 mục IV.2", "Đề nghị sửa thời hạn."),
                                       ("2", "tiêu chí số 5", "Đề nghị bỏ yêu cầu máy in phim.")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    # move the table before the signature table
    signature = document.tables[1]._tbl
    signature.addprevious(table._tbl)
    out = io.BytesIO()
    document.save(out)
    letter = read(out.getvalue())
    assert letter.comments[-2:] == ("Đề nghị sửa thời hạn.", "Đề nghị bỏ yêu cầu máy in phim.")
    assert letter.refs[-2:] == ("điểm a khoản 2 mục IV.2", "tiêu chí số 5")


def test_split_comments_plain_paragraphs_are_separate_before_any_citation():
    starts, texts = split_comments(["Đề nghị A.", "Đề nghị B.", "Trân trọng./."])
    assert texts == ["Đề nghị A.", "Đề nghị B."] and starts == [0, 1]


@pytest.mark.parametrize("data, error", [
    (b"", ConsultkitError), (b"PK\x03\x04garbage", CorruptFileError), (b"hello", CorruptFileError),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ConsultkitError),
])
def test_corrupt_docx_is_a_clear_error(tmp_path, data, error):
    path = tmp_path / "hong.docx"
    path.write_bytes(data)
    with pytest.raises(error, match="hong.docx"):
        read_letter_comments(path)


def test_truncated_docx(tmp_path):
    data = letter_docx()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError, match="cut.docx"):
        read_letter(path)


def test_letter_without_kinh_gui_line():
    import docx
    document = docx.Document()
    for line in ["BỘ Y TẾ", "BỆNH VIỆN E", "Số: 77/BVE-CNTT", "Hà Nội, ngày 15 tháng 6 năm 2021",
                 "V/v góp ý dự thảo Thông tư", "Tiêu chí số 5: đề nghị bổ sung mẫu kết quả siêu âm.",
                 "GIÁM ĐỐC", "Nguyễn Văn B"]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    letter = read(out.getvalue())
    assert (letter.sender, letter.number, letter.date) == ("BỆNH VIỆN E", "77/BVE-CNTT", dt.date(2021, 6, 15))
    assert letter.comments == ("Tiêu chí số 5: đề nghị bổ sung mẫu kết quả siêu âm.",)
    assert any("Kính gửi" in issue for issue in letter.issues)


def test_letter_without_body_is_a_parse_error(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("SỞ Y TẾ HÀ NAM")
    path = tmp_path / "rong.docx"
    document.save(path)
    with pytest.raises(ParseError, match="rong.docx"):
        read_letter(path)


@pytest.mark.libreoffice
def test_letter_written_by_libreoffice(tmp_path):
    """A reply letter produced by another program (LibreOffice from HTML), with automatic numbering."""
    import subprocess
    from conftest import soffice
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    html = tmp_path / "thu.html"
    html.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td><p>UBND TỈNH HÀ TĨNH</p>"
        "<p><b>SỞ Y TẾ</b></p><p>Số: 1520/SYT-NVY<br>V/v góp ý dự thảo Thông tư RIS-PACS</p></td>"
        "<td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p><p><b>Độc lập - Tự do - Hạnh phúc</b></p>"
        "<p><i>Hà Tĩnh, ngày 21 tháng 6 năm 2021</i></p></td></tr></table>"
        "<p>Kính gửi: Cục Công nghệ thông tin - Bộ Y tế.</p>"
        "<p>Sau khi nghiên cứu dự thảo, Sở Y tế Hà Tĩnh góp ý như sau:</p>"
        "<ol><li>Mục 2.3 phần IV: đề nghị bổ sung yêu cầu màn hình 5 MP cho nhũ ảnh.</li>"
        "<li>Tiêu chí số 6: đề nghị làm rõ chữ ký số.</li></ol><p>Trân trọng./.</p>"
        "<table><tr><td><p><b>Nơi nhận:</b></p><p>- Như trên;</p></td><td><p><b>GIÁM ĐỐC</b></p>"
        "<p>Lê Văn X</p></td></tr></table></body></html>", encoding="utf-8")
    subprocess.run([soffice(), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(tmp_path), str(html)], check=True, capture_output=True, timeout=120)
    letter = read_letter(tmp_path / "thu.docx")
    assert (letter.sender, letter.number, letter.date) == ("SỞ Y TẾ TỈNH HÀ TĨNH", "1520/SYT-NVY",
                                                           dt.date(2021, 6, 21))
    # the numbers LibreOffice's list displays are part of the text
    assert letter.comments == ("1. Mục 2.3 phần IV: đề nghị bổ sung yêu cầu màn hình 5 MP cho nhũ ảnh.",
                               "2. Tiêu chí số 6: đề nghị làm rõ chữ ký số.")


def test_auto_numbered_points_start_comments():
    """Word's automatic numbering ("List Number" style): each top-level item is a comment."""
    import docx
    document = docx.Document(io.BytesIO(letter_docx(body=("Sở Y tế góp ý như sau:",))))
    signature = document.tables[1]._tbl
    items = [("Mục 2.3 phần IV: đề nghị bổ sung màn hình 5 MP.", "List Number"),
             ("Lý do: chụp nhũ ảnh cần độ phân giải cao.", None),
             ("Đề nghị bổ sung yêu cầu lưu trữ dự phòng ở địa điểm khác.", "List Number"),
             ("Bảo đảm an toàn dữ liệu;", "List Number 2")]
    for text, style in items:
        paragraph = document.add_paragraph(text, style=style)
        signature.addprevious(paragraph._p)
    out = io.BytesIO()
    document.save(out)
    letter = read(out.getvalue())
    # the numbers Word displays are part of the text, as the reader sees it
    assert letter.comments == ("1. " + items[0][0], "2. " + items[2][0] + "\n1. " + items[3][0])
    assert letter.rationales == (items[1][0], "")


def test_plain_headings_openings_and_closings_are_not_comments():
    from consultkit.readers.letters import paragraph_roles

    paragraphs = ["Thực hiện Công văn số 512/CNTT-THKCB, Sở Y tế góp ý như sau:", "Ý kiến chung:",
                  "Dự thảo phù hợp, cần thiết.", "Góp ý cụ thể:", "Tiểu mục 2.2: đề nghị sửa.",
                  "Về nội dung", "Đề nghị bổ sung lộ trình.",
                  "Sở Y tế kính chuyển Cục Công nghệ thông tin tổng hợp./."]
    groups, roles = paragraph_roles(paragraphs)
    assert groups == [[2], [4], [6]]
    assert roles == ["opening", "heading", "comment", "heading", "comment", "heading", "comment", "closing"]


def test_an_opening_naming_the_draft_with_an_agreement_is_the_one_comment():
    from consultkit.readers.letters import paragraph_roles

    opening = ("Phúc đáp Công văn số 512/CNTT-THKCB về việc góp ý dự thảo sửa đổi mục IV Phụ lục 1, "
               "Sở Y tế thống nhất với nội dung dự thảo.")
    groups, roles = paragraph_roles([opening, "Kính đề nghị Quý Cục xem xét, tổng hợp./."])
    assert groups == [[0]] and roles == ["comment", "closing"]


def test_a_one_column_comment_table():
    import docx
    document = docx.Document(io.BytesIO(letter_docx(body=("Sở Y tế góp ý như sau:",))))
    table = document.add_table(rows=3, cols=1)
    for row, text in zip(table.rows, ("Ý kiến góp ý", "Đề nghị bổ sung A.", "Đề nghị bổ sung B.")):
        row.cells[0].text = text
    document.tables[1]._tbl.addprevious(table._tbl)
    out = io.BytesIO()
    document.save(out)
    letter = read(out.getvalue())
    assert letter.comments == ("Đề nghị bổ sung A.", "Đề nghị bổ sung B.")
    assert [p.part for p in letter.parts if p.text == "Ý kiến góp ý"] == ["table_header"]


def test_kinh_gui_inside_the_header_table():
    """Some agencies type "Kính gửi" in the header table, under the subject: the header is
    still read, and each cell ends once in the letter's parts."""
    import docx
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "UBND TỈNH BẮC NINH\nSỞ Y TẾ\nSố: 870/SYT-NVY\nV/v góp ý dự thảo Thông tư"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBắc Ninh, ngày 12 tháng 6 năm 2021"
    table.add_row().cells[0].text = "Kính gửi: Cục Công nghệ thông tin."
    document.add_paragraph("1. Tiểu mục 2.2: đề nghị sửa thời hạn lưu trữ.")
    document.add_paragraph("Trân trọng./.")
    out = io.BytesIO()
    document.save(out)
    letter = read(out.getvalue())
    assert (letter.sender, letter.number) == ("SỞ Y TẾ TỈNH BẮC NINH", "870/SYT-NVY")
    assert letter.comments == ("1. Tiểu mục 2.2: đề nghị sửa thời hạn lưu trữ.",)
    places = [p.place for p in letter.parts]
    assert len(places) == len(set(places))
    assert [p.part for p in letter.parts if p.text.startswith("Kính gửi")] == ["addressee"]
