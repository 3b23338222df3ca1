"""E-mail messages (.eml): sender, date, body, letter attachments, safe names."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from consultkit.errors import ConsultkitError
from consultkit.readers.mail import html_to_text, message_fields, read_mail, read_message, safe_filename
from letter_docs import eml, letter_docx


def test_fields_of_a_message(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(eml())
    fields = message_fields(read_message(path))
    assert fields["sender_name"] == "Sở Y tế Nghệ An"
    assert fields["sender_address"] == "vanthu@syt.nghean.gov.vn"
    assert fields["date"] == dt.date(2021, 6, 12)
    assert fields["subject"] == "Góp ý dự thảo Thông tư RIS-PACS"
    assert "gửi kèm công văn" in fields["body"]


def test_docx_attachment_is_read_as_a_letter(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(eml(attachments=[("cong-van-gop-y.docx", letter_docx())]))
    result = read_mail(path)
    assert len(result.rows) == 1 and not result.rejects
    row = result.rows[0]
    assert row["unit_raw"] == "SỞ Y TẾ TỈNH NGHỆ AN"
    assert row["letter_number"] == "123/SYT-NVY"
    assert row["channel"] == "email"
    assert row["received"] == dt.date(2021, 6, 12)       # the day the e-mail came
    assert row["source"] == f"{path}#cong-van-gop-y.docx#p2"


@pytest.mark.parametrize("name, expected", [
    ("../../x.docx", "x.docx"), ("/etc/passwd", "passwd"), ("..\\..\\win.docx", "win.docx"),
    ("C:\\Users\\a\\gop y.docx", "gop y.docx"), ("a\x00b\r\n.docx", "ab.docx"), ("..", "attachment"),
    ("", "attachment"), (None, "attachment"), (".hidden.docx", "hidden.docx"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_attachment_trying_to_escape_writes_nothing(tmp_path):
    inbox = tmp_path / "ws" / "inbox"
    inbox.mkdir(parents=True)
    path = inbox / "m.eml"
    path.write_bytes(eml(attachments=[("../../x.docx", letter_docx()), ("../../../etc/evil.pdf", b"%PDF")]))
    before = sorted(p for p in tmp_path.rglob("*"))
    cwd = os.getcwd()
    os.chdir(inbox)
    try:
        result = read_mail(path, name="inbox/m.eml")
    finally:
        os.chdir(cwd)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "x.docx").exists()
    assert [r["source"] for r in result.rows] == ["inbox/m.eml#x.docx#p2"]
    assert len(result.rejects) == 1
    assert result.rejects[0]["source"] == "inbox/m.eml#evil.pdf"
    assert "PDF bị hỏng" in result.rejects[0]["reason"]    # a .pdf is read as a letter, safely


def test_corrupt_attachment_is_rejected_not_fatal(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(eml(attachments=[("hong.docx", b"PK\x03\x04broken"), ("tot.docx", letter_docx())]))
    result = read_mail(path)
    assert len(result.rows) == 1
    assert len(result.rejects) == 1 and "hong.docx" in result.rejects[0]["reason"]


def test_body_is_the_comment_without_attachment(tmp_path):
    path = tmp_path / "m.eml"
    body = ("Kính gửi Cục Công nghệ thông tin,\n"
            "Bệnh viện K góp ý như sau:\n"
            "1. Tại mục 2.1 phần IV: đề nghị bổ sung yêu cầu DICOM SR.\n"
            "2. Tiêu chí số 5: đề nghị làm rõ thời hạn lưu trữ.\n"
            "Trân trọng./.\n-- \nVăn thư Bệnh viện K\n0243 000 000")
    path.write_bytes(eml(sender="Benh vien K <vanthu@bvk.vn>", body=body))
    rows = read_mail(path).rows
    assert [r["text"] for r in rows] == ["1. Tại mục 2.1 phần IV: đề nghị bổ sung yêu cầu DICOM SR.",
                                         "2. Tiêu chí số 5: đề nghị làm rõ thời hạn lưu trữ."]
    assert {r["unit_raw"] for r in rows} == {"Benh vien K"}
    assert {r["letter_number"] for r in rows} == {""}


def test_html_only_body_is_stripped_safely(tmp_path):
    from email.message import EmailMessage
    message = EmailMessage()
    message["From"] = "BV E <a@bve.vn>"
    message["Subject"] = "Góp ý"
    message["Date"] = "Mon, 14 Jun 2021 10:00:00 +0700"
    message.set_content("<html><head><style>p{}</style><script>alert('x')</script></head>"
                        "<body><p>Đề nghị bổ sung &amp; sửa khoản 2.</p></body></html>", subtype="html")
    path = tmp_path / "h.eml"
    path.write_bytes(bytes(message))
    rows = read_mail(path).rows
    assert [r["text"] for r in rows] == ["Đề nghị bổ sung & sửa khoản 2."]
    assert html_to_text("<div>a<script>b</script></div><p>c</p>") == "a\nc"


@pytest.mark.parametrize("data", [b"", b"\x00\x01 binary junk", b"just some text without headers"])
def test_not_an_email(tmp_path, data):
    path = tmp_path / "x.eml"
    path.write_bytes(data)
    with pytest.raises(ConsultkitError, match="x.eml"):
        read_mail(path)


def test_forwarded_message_with_the_letter(tmp_path):
    """The records office forwards the unit's e-mail (message/rfc822) to the drafter."""
    from email.message import EmailMessage
    from email import message_from_bytes, policy
    original = message_from_bytes(eml(attachments=[("cv.docx", letter_docx())]), policy=policy.default)
    outer = EmailMessage()
    outer["From"] = "Văn thư Cục CNTT <vanthu@moh.gov.vn>"
    outer["Subject"] = "Fwd: Góp ý dự thảo"
    outer["Date"] = "Tue, 15 Jun 2021 08:00:00 +0700"
    outer.set_content("Chuyển anh Tuyến xử lý.")
    outer.add_attachment(original)
    path = tmp_path / "fwd.eml"
    path.write_bytes(bytes(outer))
    result = read_mail(path)
    assert [r["unit_raw"] for r in result.rows] == ["SỞ Y TẾ TỈNH NGHỆ AN"]
    assert result.rows[0]["received"] == dt.date(2021, 6, 12)     # the unit's own e-mail
    assert result.rows[0]["source"] == f"{path}#fwd1#cv.docx#p2"
    assert not result.rejects


def test_inline_forward_headers_are_not_comments(tmp_path):
    body = ("---------- Forwarded message ---------\nFrom: BV E <a@bve.vn>\nDate: 14/6/2021\n"
            "Subject: Góp ý\nTo: Cục CNTT\n\nĐề nghị bổ sung yêu cầu lưu trữ dự phòng.")
    path = tmp_path / "f.eml"
    path.write_bytes(eml(body=body))
    assert [r["text"] for r in read_mail(path).rows] == ["Đề nghị bổ sung yêu cầu lưu trữ dự phòng."]


def test_unnamed_pdf_attachment_is_read_by_its_type(tmp_path):
    from email.message import EmailMessage
    from pathlib import Path

    pdf = (Path(__file__).parent / "fixtures" / "letters" / "benh-vien-k.pdf").read_bytes()
    message = EmailMessage()
    message["From"] = "Văn thư BV K <vanthu@benhvienk.vn>"
    message["Subject"] = "Góp ý dự thảo"
    message["Date"] = "Mon, 07 Jun 2021 10:00:00 +0700"
    message.set_content("Bệnh viện K gửi công văn góp ý.")
    message.add_attachment(pdf, maintype="application", subtype="pdf")   # no file name
    path = tmp_path / "k.eml"
    path.write_bytes(bytes(message))
    result = read_mail(path, name="k.eml")
    assert not result.rejects
    assert [(r["letter_number"], r["source"]) for r in result.rows] == [
        ("1102/BVK-CNTT", "k.eml#attachment-1.pdf#p4")]
