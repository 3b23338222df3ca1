"""Build tests/fixtures/dispatches/: consultation dispatches the reader has not been tuned on.

Each fixture is one document model (:class:`Doc`) rendered as Markdown, plain text,
a Word file made by python-docx, or a Word file made by LibreOffice from HTML
(``soffice --headless --convert-to docx``). The letters follow Nghị định 30/2020,
Phụ lục I (header as a two-column table, "Nơi nhận" bottom left, signer bottom
right); some are deliberately flawed. What each must read as, and which checker
rules must fire, is stated in tests/test_dispatch_corpus.py.

Run: ``.venv/bin/python scripts/build_dispatch_fixtures.py`` (LibreOffice needed for
the ``lo`` fixtures; without it they are left as they are, with a message).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "dispatches"


@dataclass
class Group:
    number: str
    title: str
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (seq, name, address)


@dataclass
class Doc:
    parent: str | None            # "BỘ Y TẾ" (line above the issuer) or None
    issuer: str                   # "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH"
    number: str                   # "Số: 512/KCB-QLCL"
    date_line: str                # "Hà Nội, ngày 12 tháng 4 năm 2024"
    subject: list[str]            # "V/v …" lines
    addressees: list[str]
    body: list[str]
    signer: list[str]             # upper-case title lines
    name: str
    cc: list[str]
    annex_title: str | None = None
    annex_note: str | None = None
    groups: list[Group] = field(default_factory=list)
    annex_address: bool = False   # a third column "Địa chỉ"
    font: str = "Times New Roman"
    body_pt: float = 14
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    auto_numbers: bool = False    # Word numbering: Kính gửi as List Bullet, STT as List Number


# ------------------------------------------------------------------ renderers

def to_markdown(d: Doc) -> str:
    out = []
    if d.parent:
        out.append(d.parent)
    out += [f"**{d.issuer}**", "", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "**Độc lập - Tự do - Hạnh phúc**", "", d.number, "", f"*{d.date_line}*", ""]
    out += [line + "  " for line in d.subject] + [""]
    out += ["Kính gửi:", ""] + [f"- {a}" for a in d.addressees] + [""]
    for paragraph in d.body:
        out += [paragraph, ""]
    out += [f"**{t}**" for t in d.signer] + [""]
    out += ["***Nơi nhận:***", ""] + [f"- {c}" for c in d.cc] + [""]
    out += [f"**{d.name}**", ""]
    if d.annex_title:
        out += [f"**{d.annex_title}**  ", d.annex_note or "", ""]
        for g in d.groups:
            out += [f"#### {g.number}. {g.title}", ""]
            if g.entries:
                head = "| STT | Tên đơn vị |" + (" Địa chỉ |" if d.annex_address else "")
                out += [head, "|---|---|" + ("---|" if d.annex_address else "")]
                for seq, name, address in g.entries:
                    out.append(f"| {seq} | {name} |" + (f" {address} |" if d.annex_address else ""))
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_text(d: Doc) -> str:
    """Plain text as copied out of a PDF: no markup, tab-separated annex rows."""
    out = [x for x in (d.parent, d.issuer) if x]
    out += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
            d.number, d.date_line, ""] + d.subject + [""]
    out += ["Kính gửi:"] + [f"- {a};" if i < len(d.addressees) - 1 else f"- {a}."
                            for i, a in enumerate(d.addressees)] + [""]
    for paragraph in d.body:
        out += [paragraph, ""]
    out += d.signer + [""] + ["Nơi nhận:"] + [f"- {c}" for c in d.cc] + ["", d.name, ""]
    if d.annex_title:
        out += [d.annex_title, d.annex_note or "", ""]
        for g in d.groups:
            out.append(f"{g.number}. {g.title}")
            for seq, name, address in g.entries:
                out.append("\t".join([seq, name] + ([address] if d.annex_address else [])))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _run(paragraph, text: str, d: Doc, *, size: float | None = None, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.name = d.font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), d.font)
    run.font.size = Pt(size or d.body_pt)
    run.bold, run.italic = bold, italic
    return run


def _para(container, text: str, d: Doc, *, size=None, bold=False, italic=False,
          align=WD_ALIGN_PARAGRAPH.LEFT, first_line=False):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if first_line:
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if text:
        _run(paragraph, text, d, size=size, bold=bold, italic=italic)
    return paragraph


def _cell(cell, lines: list[tuple[str, dict]], d: Doc) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, fmt in lines:
        _para(cell, text, d, **fmt)


def to_python_docx(d: Doc, path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = d.font
    style.font.size = Pt(d.body_pt)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = d.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    c = WD_ALIGN_PARAGRAPH.CENTER
    header = doc.add_table(rows=2, cols=2)
    left_lines = ([(d.parent, dict(size=13, align=c))] if d.parent else []) + \
        [(d.issuer, dict(size=13, bold=True, align=c))]
    _cell(header.cell(0, 0), left_lines, d)
    _cell(header.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", dict(size=13, bold=True, align=c)),
                              ("Độc lập - Tự do - Hạnh phúc", dict(size=14, bold=True, align=c))], d)
    _cell(header.cell(1, 0), [(d.number, dict(size=13, align=c))]
          + [(s, dict(size=12, align=c)) for s in d.subject], d)
    _cell(header.cell(1, 1), [(d.date_line, dict(size=14, italic=True, align=c))], d)
    _para(doc, "", d)
    kinh = _para(doc, "", d, align=c)
    _run(kinh, "Kính gửi:", d)
    for a in d.addressees:
        if d.auto_numbers:
            _run(doc.add_paragraph(style="List Bullet"), f"{a};", d)
        else:
            _para(doc, f"- {a};", d, align=c)
    for paragraph in d.body:
        _para(doc, paragraph, d, first_line=True)
    closing = doc.add_table(rows=1, cols=2)
    _cell(closing.cell(0, 0), [("Nơi nhận:", dict(size=12, bold=True, italic=True))]
          + [(f"- {x}", dict(size=11)) for x in d.cc], d)
    _cell(closing.cell(0, 1), [(t, dict(size=14, bold=True, align=c)) for t in d.signer]
          + [("", {}), ("", {}), (d.name, dict(size=14, bold=True, align=c))], d)
    if d.annex_title:
        doc.add_page_break()
        _para(doc, d.annex_title, d, bold=True, align=c)
        if d.annex_note:
            _para(doc, d.annex_note, d, italic=True, align=c)
        cols = 3 if d.annex_address else 2
        table = doc.add_table(rows=1, cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, head in enumerate(["STT", "Tên đơn vị", "Địa chỉ"][:cols]):
            _cell(table.rows[0].cells[i], [(head, dict(size=13, bold=True, align=c))], d)
        for g in d.groups:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[cols - 1])
            _cell(merged, [(f"{g.number}. {g.title}", dict(size=13, bold=True))], d)
            for seq, name, address in g.entries:
                row = table.add_row()
                for i, text in enumerate([seq, name, address][:cols]):
                    if i == 0 and d.auto_numbers:       # STT left to Word's numbering
                        row.cells[0].paragraphs[0].style = doc.styles["List Number"]
                        continue
                    _cell(row.cells[i], [(text, dict(size=13))], d)
    doc.save(path)


def to_html(d: Doc) -> str:
    e = html.escape
    f = f"font-family:'{d.font}'"
    top, bottom, left, right = d.margins_mm

    def p(text, size=None, bold=False, italic=False, align="left"):
        style = f"{f}; font-size:{size or d.body_pt}pt; margin:0; text-align:{align}"
        inner = e(text)
        if bold:
            inner = f"<b>{inner}</b>"
        if italic:
            inner = f"<i>{inner}</i>"
        return f'<p style="{style}">{inner}</p>'

    parts = [f"<html><head><meta charset='utf-8'><style>@page {{ size: 210mm 297mm; "
             f"margin: {top}mm {right}mm {bottom}mm {left}mm }} body {{ {f}; font-size:{d.body_pt}pt }}"
             "</style></head><body>"]
    left_cell = (p(d.parent, 13, align="center") if d.parent else "") + p(d.issuer, 13, True, align="center")
    parts.append("<table width='100%' style='border:none'><tr>"
                 f"<td width='40%'>{left_cell}</td><td>"
                 + p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, align="center")
                 + p("Độc lập - Tự do - Hạnh phúc", 14, True, align="center") + "</td></tr><tr><td>"
                 + p(d.number, 13, align="center") + "".join(p(s, 12, align="center") for s in d.subject)
                 + "</td><td>" + p(d.date_line, 14, italic=True, align="center") + "</td></tr></table>")
    parts.append(p(""))
    parts.append(p("Kính gửi:", align="center"))
    parts += [p(f"- {a};", align="center") for a in d.addressees]
    parts += [p(x, align="justify") for x in d.body]
    parts.append("<table width='100%' style='border:none'><tr><td width='50%' valign='top'>"
                 + p("Nơi nhận:", 12, True, True) + "".join(p(f"- {x}", 11) for x in d.cc)
                 + "</td><td valign='top'>" + "".join(p(t, 14, True, align="center") for t in d.signer)
                 + p("") + p("") + p(d.name, 14, True, align="center") + "</td></tr></table>")
    if d.annex_title:
        parts.append("<p style='page-break-before:always'></p>")
        parts.append(p(d.annex_title, bold=True, align="center"))
        if d.annex_note:
            parts.append(p(d.annex_note, italic=True, align="center"))
        cols = 3 if d.annex_address else 2
        rows = ["<tr>" + "".join(f"<td>{p(h, 13, True, align='center')}</td>"
                                 for h in ["STT", "Tên đơn vị", "Địa chỉ"][:cols]) + "</tr>"]
        for g in d.groups:
            rows.append(f"<tr><td colspan='{cols}'>{p(f'{g.number}. {g.title}', 13, True)}</td></tr>")
            for seq, name, address in g.entries:
                rows.append("<tr>" + "".join(f"<td>{p(x, 13)}</td>" for x in [seq, name, address][:cols])
                            + "</tr>")
        parts.append("<table border='1' cellspacing='0' width='100%'>" + "".join(rows) + "</table>")
    parts.append("</body></html>")
    return "".join(parts)


def to_libreoffice_docx(d: Doc, path: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"skip {path.name}: LibreOffice (soffice) is not installed", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / (path.stem + ".html")
        source.write_text(to_html(d), encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=180,
                       env={**os.environ, "HOME": tmp})
        shutil.copyfile(Path(tmp) / (path.stem + ".docx"), path)
    return True


# ------------------------------------------------------------------ the corpus

BYT_KCB = dict(parent="BỘ Y TẾ", issuer="CỤC QUẢN LÝ KHÁM, CHỮA BỆNH")

MINISTRY_BTP = Doc(
    parent=None, issuer="BỘ TƯ PHÁP", number="Số: 1234/BTP-VĐCXDPL",
    date_line="Hà Nội, ngày 05 tháng 3 năm 2024",
    subject=["V/v góp ý dự thảo Nghị định quy định chi tiết", "một số điều của Luật Công chứng"],
    addressees=["Bộ Tài chính", "Bộ Nội vụ", "Bộ Công an", "Văn phòng Chính phủ"],
    body=["Thực hiện Chương trình công tác năm 2024 của Chính phủ, Bộ Tư pháp được giao chủ trì "
          "xây dựng dự thảo Nghị định quy định chi tiết một số điều của Luật Công chứng.",
          "Để bảo đảm chất lượng của dự thảo, Bộ Tư pháp trân trọng đề nghị Quý Bộ, cơ quan nghiên "
          "cứu, có ý kiến góp ý đối với dự thảo Nghị định (gửi kèm theo Công văn này). Văn bản góp ý "
          "xin gửi về Bộ Tư pháp (qua Vụ Các vấn đề chung về xây dựng pháp luật), địa chỉ: số 58-60 "
          "Trần Phú, Ba Đình, Hà Nội trước ngày 20/3/2024, đồng thời gửi bản điện tử qua thư điện tử: "
          "vdcxdpl@moj.gov.vn để tổng hợp.",
          "Trân trọng cảm ơn sự phối hợp của Quý Bộ, cơ quan./."],
    signer=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], name="Nguyễn Thanh Tịnh",
    cc=["Như trên;", "Bộ trưởng (để b/c);", "Lưu: VT, VĐCXDPL."],
)

MINISTRY_BTC = Doc(
    parent=None, issuer="BỘ TÀI CHÍNH", number="Số: 2468/BTC-PC",
    date_line="Hà Nội, ngày 01 tháng 3 năm 2024",
    subject=["V/v xin ý kiến dự thảo Thông tư hướng dẫn", "quản lý phí thẩm định hồ sơ"],
    addressees=["Bộ Y tế", "Bộ Tư pháp", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
    body=["Bộ Tài chính đang xây dựng dự thảo Thông tư hướng dẫn quản lý phí thẩm định hồ sơ. "
          "Bộ Tài chính trân trọng đề nghị Quý cơ quan có ý kiến góp ý và gửi về Bộ Tài chính "
          "(Vụ Pháp chế), số 28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội chậm nhất ngày 20 tháng 3 năm 2024 "
          "để tổng hợp, hoàn thiện dự thảo.",
          "Trân trọng cảm ơn./."],
    signer=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], name="Lê Tấn Cận",
    cc=["Như trên;", "Lưu: VT, PC."],
)

ANNEX_2025 = [
    Group("I", "Sở Y tế các tỉnh, thành phố", [
        ("1", "Sở Y tế tỉnh Tuyên Quang", ""), ("2", "Sở Y tế tỉnh Lào Cai", ""),
        ("3", "Sở Y tế tỉnh Thái Nguyên", ""), ("4", "Sở Y tế tỉnh Phú Thọ", ""),
        ("5", "Sở Y tế thành phố Hà Nội", ""), ("6", "Sở Y tế tỉnh Cao Bằng", "")]),
    Group("II", "Bảo hiểm xã hội các tỉnh", [
        ("1", "Bảo hiểm xã hội tỉnh Tuyên Quang", ""), ("2", "Bảo hiểm xã hội tỉnh Lào Cai", "")]),
]

PROVINCE_2025 = Doc(
    parent="UBND TỈNH TUYÊN QUANG", issuer="SỞ Y TẾ", number="Số: 2150/SYT-NVY",
    date_line="Tuyên Quang, ngày 15 tháng 9 năm 2025",
    subject=["V/v xin ý kiến dự thảo Quyết định quy định", "chuyển tuyến khám bệnh, chữa bệnh liên tỉnh"],
    addressees=["Sở Y tế các tỉnh, thành phố", "Bảo hiểm xã hội các tỉnh"],
    body=["Sở Y tế tỉnh Tuyên Quang được Ủy ban nhân dân tỉnh giao chủ trì xây dựng dự thảo Quyết "
          "định quy định chuyển tuyến khám bệnh, chữa bệnh liên tỉnh sau khi sắp xếp đơn vị hành "
          "chính cấp tỉnh.",
          "Sở Y tế trân trọng đề nghị các đơn vị có tên tại danh sách kèm theo có ý kiến góp ý, gửi "
          "về Sở Y tế tỉnh Tuyên Quang, địa chỉ: số 8 đường 17/8, phường Minh Xuân, tỉnh Tuyên Quang "
          "trước ngày 30/9/2025 để tổng hợp.",
          "Trân trọng cảm ơn./."],
    signer=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Hoàng Văn Minh",
    cc=["Như trên;", "UBND tỉnh (để b/c);", "Lưu: VT, NVY."],
    annex_title="DANH SÁCH ĐƠN VỊ XIN Ý KIẾN",
    annex_note="(Kèm theo Công văn số 2150/SYT-NVY ngày 15 tháng 9 năm 2025 của Sở Y tế)",
    groups=ANNEX_2025,
)

TABLE_ANNEX = Doc(
    **BYT_KCB, number="Số: 512/KCB-QLCL", date_line="Hà Nội, ngày 12 tháng 4 năm 2024",
    subject=["V/v góp ý dự thảo Thông tư quy định", "tiêu chuẩn chất lượng bệnh viện"],
    addressees=["Các bệnh viện trực thuộc Bộ Y tế", "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"],
    body=["Cục Quản lý Khám, chữa bệnh được giao xây dựng dự thảo Thông tư quy định tiêu chuẩn chất "
          "lượng bệnh viện. Cục trân trọng đề nghị các đơn vị có tên trong danh sách kèm theo góp ý "
          "dự thảo Thông tư, gửi về Cục Quản lý Khám, chữa bệnh, địa chỉ: 138A Giảng Võ, Ba Đình, "
          "Hà Nội trước ngày 10/5/2024.",
          "Trân trọng cảm ơn./."],
    signer=["TL. BỘ TRƯỞNG", "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], name="Nguyễn Trọng Khoa",
    cc=["Như trên;", "Thứ trưởng Trần Văn Thuấn (để b/c);", "Lưu: VT, QLCL."],
    annex_title="DANH SÁCH CÁC ĐƠN VỊ",
    annex_note="(Kèm theo Công văn số 512/KCB-QLCL ngày 12 tháng 4 năm 2024 của Cục Quản lý Khám, chữa bệnh)",
    annex_address=True,
    groups=[Group("I", "Các bệnh viện trực thuộc Bộ Y tế", [
                ("1", "Bệnh viện Bạch Mai", "78 Giải Phóng, Đống Đa, Hà Nội"),
                ("2", "Bệnh viện Chợ Rẫy", "201B Nguyễn Chí Thanh, Quận 5, TP. Hồ Chí Minh"),
                ("3", "Bệnh viện Trung ương Huế", "16 Lê Lợi, TP. Huế")]),
            Group("II", "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", [
                ("1", "Sở Y tế Thành phố Hà Nội", "4 Sơn Tây, Ba Đình, Hà Nội"),
                ("2", "Sở Y tế Tỉnh Nghệ An", "18 Trường Thi, TP. Vinh, Nghệ An")])],
)

EMAIL_RELATIVE = Doc(
    **BYT_KCB, number="Số: 88/KCB-PHCN", date_line="Hà Nội, ngày 02 tháng 02 năm 2024",
    subject=["V/v góp ý dự thảo hướng dẫn phục hồi chức năng"],
    addressees=["Các bệnh viện trực thuộc Bộ Y tế"],
    body=["Cục Quản lý Khám, chữa bệnh gửi kèm theo dự thảo hướng dẫn phục hồi chức năng và đề nghị "
          "Quý đơn vị góp ý, gửi bản điện tử về địa chỉ thư điện tử phcn.kcb@moh.gov.vn trong thời "
          "hạn 10 ngày kể từ ngày nhận được công văn.",
          "Trân trọng cảm ơn./."],
    signer=["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], name="Vương Ánh Dương",
    cc=["Như trên;", "Lưu: VT, PHCN."],
)

NUMBERING = Doc(
    **BYT_KCB, number="Số: 300/KCB-NV", date_line="Hà Nội, ngày 10 tháng 6 năm 2024",
    subject=["V/v xin ý kiến dự thảo Thông tư hướng dẫn", "khám bệnh từ xa"],
    addressees=["Bảo hiểm xã hội Việt Nam", "Các bệnh viện trực thuộc Bộ Y tế", "Y tế các Bộ, Ngành",
                "Các trường đại học y"],
    body=["Cục Quản lý Khám, chữa bệnh đề nghị các đơn vị góp ý dự thảo Thông tư hướng dẫn khám bệnh "
          "từ xa, gửi về Cục, địa chỉ: 138A Giảng Võ, Ba Đình, Hà Nội trước ngày 28/6/2024.",
          "Trân trọng cảm ơn./."],
    signer=["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], name="Hà Anh Đức",
    cc=["Như trên;", "Lưu: VT, NV."],
    annex_title="DANH SÁCH CÁC ĐƠN VỊ GỬI CÔNG VĂN",
    annex_note="(Kèm theo Công văn số 300/KCB-NV ngày 10 tháng 6 năm 2024)",
    groups=[Group("I", "Bảo hiểm xã hội Việt Nam"),
            Group("II", "Các bệnh viện trực thuộc Bộ Y tế", [
                ("1", "Bệnh viện Bạch Mai", ""), ("2", "Bệnh viện Hữu nghị", ""),
                ("2", "Bệnh viện E", ""), ("4", "Bệnh viện Bạch Mai", "")]),
            Group("IV", "Y tế các Bộ, Ngành")],
)


def _dated(d: Doc, date_line: str, body_deadline: str, **changes) -> Doc:
    body = [d.body[0].replace("trước ngày 28/6/2024", body_deadline)] + d.body[1:]
    when = date_line.split(", ", 1)[1]
    note = f"(Kèm theo Công văn số {d.number.split()[-1]} {when})" if d.annex_title else None
    return replace(d, date_line=date_line, body=body, annex_note=note, **changes)


GOOD_SIMPLE = replace(NUMBERING, addressees=["Bảo hiểm xã hội Việt Nam", "Các bệnh viện trực thuộc Bộ Y tế"],
                      groups=[Group("I", "Bảo hiểm xã hội Việt Nam"),
                              Group("II", "Các bệnh viện trực thuộc Bộ Y tế", [
                                  ("1", "Bệnh viện Bạch Mai", ""), ("2", "Bệnh viện Hữu nghị", ""),
                                  ("3", "Bệnh viện E", "")])])

TITLE_MISMATCH = replace(GOOD_SIMPLE, body=[
    "Cục Quản lý Khám, chữa bệnh kính gửi Quý đơn vị dự thảo Thông tư “Quy định về thực hiện y tế "
    "từ xa” để xin ý kiến góp ý; văn bản góp ý gửi về Cục, địa chỉ: 138A Giảng Võ, Ba Đình, Hà Nội "
    "trước ngày 28/6/2024.", "Trân trọng cảm ơn./."])

OLD_PROVINCES = replace(PROVINCE_2025, groups=[
    Group("I", "Sở Y tế các tỉnh, thành phố", [
        ("1", "Sở Y tế tỉnh Tuyên Quang", ""), ("2", "Sở Y tế tỉnh Hà Giang", ""),
        ("3", "Sở Y tế tỉnh Yên Bái", ""), ("4", "Sở Y tế tỉnh Phú Thọ", "")]),
    ANNEX_2025[1]])

BAD_STYLE = replace(MINISTRY_BTP, font="Arial", body_pt=11, margins_mm=(10, 10, 10, 10))

#: name → (document, format: md | txt | pydocx | lo)
FIXTURES: dict[str, tuple[Doc, str]] = {
    "01_btp_ministry": (MINISTRY_BTP, "pydocx"),
    "02_btc_ministry": (MINISTRY_BTC, "md"),
    "03_btp_ministry_lo": (MINISTRY_BTP, "lo"),
    "04_province_2025": (PROVINCE_2025, "lo"),
    "05_table_annex": (TABLE_ANNEX, "lo"),
    "06_table_annex": (TABLE_ANNEX, "pydocx"),
    "07_email_relative": (EMAIL_RELATIVE, "txt"),
    "08_good_simple": (GOOD_SIMPLE, "txt"),
    "09_deadline_before_date": (_dated(GOOD_SIMPLE, "Hà Nội, ngày 10 tháng 6 năm 2024",
                                       "trước ngày 05/6/2024"), "md"),
    "10_deadline_30_02": (_dated(GOOD_SIMPLE, "Hà Nội, ngày 10 tháng 01 năm 2024",
                                 "trước ngày 30/02/2024"), "md"),
    "11_short_period": (_dated(GOOD_SIMPLE, "Hà Nội, ngày 10 tháng 6 năm 2024",
                               "trước ngày 14/6/2024"), "txt"),
    "12_annex_numbering": (NUMBERING, "md"),
    "13_title_mismatch": (TITLE_MISMATCH, "md"),
    "14_old_province": (OLD_PROVINCES, "pydocx"),
    "15_bad_style": (BAD_STYLE, "pydocx"),
    "16_auto_numbering": (replace(TABLE_ANNEX, auto_numbers=True, groups=TABLE_ANNEX.groups[:1],
                                  addressees=TABLE_ANNEX.addressees[:1]), "pydocx"),
    "17_annex_numbering_lo": (NUMBERING, "lo"),
}


def build(names: list[str] | None = None) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (doc, kind) in FIXTURES.items():
        if names and name not in names:
            continue
        if kind == "md":
            path = OUT / f"{name}.md"
            path.write_text(to_markdown(doc), encoding="utf-8")
        elif kind == "txt":
            path = OUT / f"{name}.txt"
            path.write_text(to_text(doc), encoding="utf-8")
        elif kind == "pydocx":
            path = OUT / f"{name}.docx"
            to_python_docx(doc, path)
        else:
            path = OUT / f"{name}.docx"
            if not to_libreoffice_docx(doc, path):
                continue
        written.append(path)
        print(path.relative_to(ROOT))
    return written


if __name__ == "__main__":
    build(sys.argv[1:] or None)
