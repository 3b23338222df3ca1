"""Build small reply letters (.docx) and e-mails (.eml) for the intake tests."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import format_datetime
import datetime as dt

import docx


def letter_docx(*, organs=("UBND TỈNH NGHỆ AN", "SỞ Y TẾ"), number="123/SYT-NVY",
                place_date="Nghệ An, ngày 10 tháng 6 năm 2021",
                subject="V/v góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí RIS-PACS",
                addressees=("Cục Công nghệ thông tin - Bộ Y tế",),
                body=("Sở Y tế Nghệ An nhất trí với nội dung dự thảo.",),
                signer=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"),
                header_as_table=True) -> bytes:
    """An official reply letter laid out per ND 30/2020, as bytes."""
    document = docx.Document()
    left = list(organs) + [f"Số: {number}", subject]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place_date]
    if header_as_table:
        table = document.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right)):
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    else:
        for line in left + right:
            document.add_paragraph(line)
    if len(addressees) == 1:
        document.add_paragraph(f"Kính gửi: {addressees[0]}.")
    else:
        document.add_paragraph("Kính gửi:")
        for a in addressees:
            document.add_paragraph(f"- {a};")
    for paragraph in body:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].text = "Nơi nhận:"
    table.rows[0].cells[0].add_paragraph("- Như trên;")
    table.rows[0].cells[0].add_paragraph("- Lưu: VT.")
    table.rows[0].cells[1].paragraphs[0].text = signer[0]
    for line in signer[1:]:
        table.rows[0].cells[1].add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def eml(*, sender="Sở Y tế Nghệ An <vanthu@syt.nghean.gov.vn>", date=dt.datetime(2021, 6, 12, 9, 30,
        tzinfo=dt.timezone(dt.timedelta(hours=7))), subject="Góp ý dự thảo Thông tư RIS-PACS",
        body="Kính gửi Cục CNTT,\nSở Y tế gửi kèm công văn góp ý.\nTrân trọng.", html=None,
        attachments=()) -> bytes:
    """An e-mail as bytes; ``attachments`` are (filename, bytes) pairs."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "tuyentv.cntt@moh.gov.vn"
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, data in attachments:
        message.add_attachment(data, maintype="application",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                               filename=filename)
    return bytes(message)


def blank_pdf() -> bytes:
    """A real PDF with one page and no text, as a scanner without OCR gives."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
