"""Hostile input files, generated (never committed): zip bombs in each format, huge and binary
e-mails. Shared by tests/test_limits.py and tests/test_fuzz.py."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from email.message import EmailMessage
from pathlib import Path

from conftest import BUNDLED

MB = 1024 * 1024
DOCX = BUNDLED / "dispatch" / "cong-van-xin-y-kien.docx"
LETTER = BUNDLED / "inbox" / "cong-van-so-y-te-cao-bang.docx"
XLSX = BUNDLED / "inbox" / "so-theo-doi-gop-y.xlsx"


def repack(source: bytes, *, add: dict[str, int] | None = None, inflate: str | None = None,
           megabytes: int = 0) -> bytes:
    """A copy of a zip package with parts of ``n`` MB of zeros added (``add``) or with part
    ``inflate`` padded by ``megabytes`` MB of spaces (still well-formed XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == inflate:
                with new.open(item.filename, "w", force_zip64=True) as handle:
                    cut = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                    handle.write(data[:cut])
                    for _ in range(megabytes):
                        handle.write(b" " * MB)
                    handle.write(data[cut:])
            else:
                new.writestr(item, data)
        for name, size in (add or {}).items():
            with new.open(name, "w", force_zip64=True) as handle:
                for _ in range(size):
                    handle.write(bytes(MB))
    return out.getvalue()


def lying_sizes(source: bytes, part: str, declared: int) -> bytes:
    """A zip whose ``part`` declares ``declared`` bytes uncompressed (local and central headers)
    while its data inflates to its real size: the declared-size check cannot see it."""
    data = bytearray(source)
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        info = package.getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, declared)     # local header
    position = 0
    while True:
        position = data.find(b"PK\x01\x02", position)
        if position < 0:
            break
        name_len = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46:position + 46 + name_len]).decode() == part:
            struct.pack_into("<I", data, position + 24, declared)
        position += 4
    return bytes(data)


def mail(*, body: bytes | str | None = None, body_type: str = "plain", charset: str = "utf-8",
         attachments: list[tuple[str, bytes, str]] = (), sender: str = "Sở Y tế Hà Nam <syt@hanam.gov.vn>",
         date: str = "Mon, 14 Jun 2021 09:00:00 +0700") -> bytes:
    """An .eml as a mail client writes it (base64 for binary parts)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "vanthu@moh.gov.vn", "Góp ý dự thảo"
    message["Date"] = date
    if isinstance(body, bytes):
        message.set_content(body, maintype="text", subtype=body_type, cte="base64")
        message.replace_header("Content-Type", f"text/{body_type}; charset={charset}")
    elif body is not None:
        message.set_content(body, subtype=body_type, charset=charset)
    for filename, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def binary_body_mail(megabytes: float = 2) -> bytes:
    """A text/plain body of base64 random bytes: binary declared as text."""
    return mail(body=os.urandom(int(megabytes * MB)))


def hostile_inbox(folder: Path) -> dict[str, str]:
    """An inbox of bombs and junk beside one good sheet; returns file → what must happen."""
    folder.mkdir(parents=True, exist_ok=True)
    docx, xlsx = DOCX.read_bytes(), XLSX.read_bytes()
    files = {
        "bom-phan.docx": (repack(LETTER.read_bytes(), add={"word/media/x.bin": 80}), "reject"),
        "bom-ti-le.docx": (repack(docx, add={"word/media/y.bin": 8}), "reject"),
        "bom-xml.docx": (repack(LETTER.read_bytes(), inflate="word/document.xml", megabytes=70), "reject"),
        "bom-trang.xlsx": (repack(xlsx, inflate="xl/worksheets/sheet1.xml", megabytes=70), "reject"),
        "bom-chuoi.xlsx": (repack(xlsx, add={"xl/media/z.bin": 8}), "reject"),
        "thu-nhi-phan.eml": (binary_body_mail(2), "reject"),
        "thu-dinh-kem-bom.eml": (mail(body="Xin gửi công văn góp ý kèm theo.",
                                      attachments=[("gop-y.docx", repack(docx, add={"word/media/b.bin": 8}),
                                                    "application/vnd.openxmlformats-officedocument."
                                                    "wordprocessingml.document")]),
                                 "reject + the body as a comment"),
        "so-theo-doi.csv": ("Đơn vị,Ngày nhận,Nội dung góp ý\n"
                            "Sở Y tế Hà Nam,12/06/2021,Đề nghị bổ sung khoản 2 về lưu trữ hình ảnh.\n"
                            "Sở Y tế Nghệ An,,Đề nghị làm rõ chuẩn DICOM áp dụng.\n".encode("utf-16-le"),
                            "2 comments"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: what for name, (_, what) in files.items()}


__all__ = ["repack", "lying_sizes", "mail", "binary_body_mail", "hostile_inbox", "MB", "DOCX", "LETTER",
           "XLSX"]
