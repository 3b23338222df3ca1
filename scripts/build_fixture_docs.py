"""Build tests/fixtures/docs/*.docx: Word files made by LibreOffice, not python-docx.

Each document is written as flat ODF (.fodt) or HTML with real list numbering (ODF list
styles: "Điều 1.", "1.", "1.1.", "a)", "1)", Roman "IV.", bullets "-"/"+"),
tables with header rows and merged cells, page headers/footers and a text box,
then converted with ``soffice --headless --convert-to docx``. The .fodt sources
are kept next to the .docx so the inputs can be read and rebuilt::

    .venv/bin/python scripts/build_fixture_docs.py      # needs LibreOffice

The shapes: a Thông tư (Chương/Mục/Điều/khoản/điểm, "1)" items, bullets), an
annex of criteria (Roman section, 1./1.1. items, a criteria table whose STT
column is automatic numbering), a Quyết định with an attached annex, and a
document in Phần thứ nhất / Phần thứ hai.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docs"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:xsl-formatting-objects-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xml="http://www.w3.org/XML/1998/namespace"')


def _level(level: int, fmt: str, suffix: str = ".", prefix: str = "", shown: int = 1,
           start: int = 1) -> str:
    if fmt in ("-", "+"):
        return (f'<text:list-level-style-bullet text:level="{level}" text:bullet-char="{fmt}">'
                '<style:list-level-properties text:list-level-position-and-space-mode='
                '"label-alignment"><style:list-level-label-alignment text:label-followed-by='
                '"space"/></style:list-level-properties></text:list-level-style-bullet>')
    return (f'<text:list-level-style-number text:level="{level}" style:num-prefix="{prefix}" '
            f'style:num-suffix="{suffix}" style:num-format="{fmt}" text:display-levels="{shown}" '
            f'text:start-value="{start}"><style:list-level-properties '
            'text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="space"/>'
            '</style:list-level-properties></text:list-level-style-number>')


#: list styles: name → levels (format, suffix, prefix, levels shown, start)
LIST_STYLES = {
    "Dieu": [("1", ".", "Điều ", 1, 1), ("1", ".", "", 1, 1), ("a", ")", "", 1, 1),
             ("-", "", "", 1, 1), ("+", "", "", 1, 1)],
    "Khoan": [("1", ".", "", 1, 1), ("a", ")", "", 1, 1), ("1", ")", "", 1, 1)],
    "Multi": [("1", ".", "", 1, 1), ("1", ".", "", 2, 1), ("a", ")", "", 1, 1),
              ("-", "", "", 1, 1)],
    "RomanIV": [("I", ".", "", 1, 4)],
    "Roman": [("I", ".", "", 1, 1)],
    "Paren": [("1", ")", "", 1, 1), ("a", ")", "", 1, 1)],
    "STT": [("1", "", "", 1, 1)],
    "Dash": [("-", "", "", 1, 1), ("+", "", "", 1, 1)],
}


def _styles() -> str:
    out = []
    for name, levels in LIST_STYLES.items():
        body = "".join(_level(i + 1, f, s, p, n, st) for i, (f, s, p, n, st) in enumerate(levels))
        out.append(f'<text:list-style style:name="{name}">{body}</text:list-style>')
    return "".join(out)


def p(text: str, style: str = "P") -> str:
    """A paragraph; style B (bold, centred), C (centred) or P (plain)."""
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def lst(style: str, items, list_id: str | None = None, cont: str | None = None) -> str:
    """A list; items are text or (text, children) pairs, children nested one level down."""
    attrs = f' text:style-name="{style}"'
    if list_id:
        attrs += f' xml:id="{list_id}"'
    if cont:
        attrs += f' text:continue-list="{cont}"'
    return f"<text:list{attrs}>{_items(items)}</text:list>"


def _items(items) -> str:
    out = []
    for item in items:
        text, children = (item, None) if isinstance(item, str) else item
        inner = p(text)
        if children:
            inner += f"<text:list>{_items(children)}</text:list>"
        out.append(f"<text:list-item>{inner}</text:list-item>")
    return "".join(out)


def cell(content: str, span: int = 1, rows: int = 1) -> tuple[str, int, int]:
    return content, span, rows


def table(rows, widths: int, header_rows: int = 1, name: str = "T") -> str:
    """A table; rows are lists of cell() or plain text; covered cells are added."""
    cols = f'<table:table-column table:number-columns-repeated="{widths}"/>'
    covered: dict[tuple[int, int], bool] = {}
    body = []
    for r, row in enumerate(rows):
        out, c = [], 0
        queue = list(row)
        while c < widths:
            if covered.get((r, c)):
                out.append("<table:covered-table-cell/>")
                c += 1
                continue
            if not queue:
                out.append("<table:table-cell/>")
                c += 1
                continue
            item = queue.pop(0)
            content, span, down = item if isinstance(item, tuple) else (p(item), 1, 1)
            attrs = ""
            if span > 1:
                attrs += f' table:number-columns-spanned="{span}"'
            if down > 1:
                attrs += f' table:number-rows-spanned="{down}"'
            for dr in range(down):
                for dc in range(span):
                    if dr or dc:
                        covered[(r + dr, c + dc)] = True
            out.append(f'<table:table-cell office:value-type="string"{attrs}>{content}'
                       "</table:table-cell>")
            c += 1
        body.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    head = "".join(body[:header_rows])
    rest = "".join(body[header_rows:])
    head = f"<table:table-header-rows>{head}</table:table-header-rows>" if header_rows else ""
    return f'<table:table table:name="{name}">{cols}{head}{rest}</table:table>'


def textbox(text: str) -> str:
    return ('<text:p text:style-name="P"><draw:frame text:anchor-type="paragraph" '
            'svg:width="6cm" svg:height="1.5cm" draw:name="Box"><draw:text-box>'
            f'{p(text)}</draw:text-box></draw:frame></text:p>')


def layout_header(issuer: str, number: str, date: str) -> str:
    return table([[cell(p(issuer, "B")), cell(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B")
                                              + p("Độc lập - Tự do - Hạnh phúc", "B"))],
                  [cell(p(number, "C")), cell(p(date, "C"))]], 2, header_rows=0, name="Head")


def signature(title: str, name: str) -> str:
    return table([[cell(p("Nơi nhận:") + p("- Như Điều 3;") + p("- Lưu: VT, CNTT.")),
                   cell(p(title, "B") + p(name, "B"))]], 2, header_rows=0, name="Sign")


def document(body: str, header: str, footer: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>{_styles()}</office:styles>
<office:automatic-styles>
<style:style style:name="B" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/></style:style>
<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-left="3cm" fo:margin-right="2cm" fo:margin-top="2cm" fo:margin-bottom="2cm"/><style:header-style/><style:footer-style/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header>{p(header)}</style:header><style:footer>{p(footer)}</style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"""


def thong_tu() -> str:
    body = [layout_header("BỘ Y TẾ", "Số: 12/2021/TT-BYT", "Hà Nội, ngày 10 tháng 9 năm 2021"),
            p("THÔNG TƯ", "B"), p("Quy định tiêu chí RIS-PACS", "B"),
            p("Căn cứ Nghị định số 75/2017/NĐ-CP ngày 20 tháng 6 năm 2017;"),
            p("Bộ trưởng Bộ Y tế ban hành Thông tư quy định tiêu chí RIS-PACS."),
            textbox("Dự thảo 2 — không phải văn bản chính thức"),
            p("Chương I", "B"), p("QUY ĐỊNH CHUNG", "B"),
            lst("Dieu", [("Phạm vi điều chỉnh", [("Thông tư này quy định tiêu chí.", None),
                                                  ("Thông tư này áp dụng cho:", [
                                                      "Bệnh viện hạng đặc biệt;",
                                                      "Bệnh viện hạng I."])])],
                list_id="dieu"),
            lst("Dieu", [("Giải thích từ ngữ", [
                ("Các hệ thống gồm:", [("RIS;", [("lập lịch", [("trong giờ", None)])]),
                                       "PACS."])])], cont="dieu"),
            p("Chương II", "B"), p("TIÊU CHÍ", "B"),
            p("Mục 1", "B"), p("HẠ TẦNG", "B"),
            lst("Dieu", [("Máy chủ", ["Có máy chủ lưu trữ.", "Có máy chủ dự phòng."])],
                cont="dieu"),
            p("Mục 2", "B"), p("PHẦN MỀM", "B"),
            lst("Dieu", [("Chức năng phần mềm", [])], cont="dieu"),
            p("Phần mềm phải có các chức năng sau:"),
            lst("Paren", [("Tiếp nhận chỉ định;", ["từ HIS", "từ máy trạm"]),
                          "Trả kết quả;", "Lưu trữ hình ảnh."]),
            lst("Dieu", [("Hiệu lực thi hành", [
                "Thông tư này có hiệu lực từ ngày 01 tháng 01 năm 2022.",
                "Trách nhiệm thi hành."])], cont="dieu"),
            signature("KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Nguyễn Trường Sơn")]
    return document("".join(body), "BỘ Y TẾ — Thông tư 12/2021/TT-BYT", "Trang 1")


def _criteria_row(name: str, need: str, basic: str, advanced: str) -> list:
    return [cell(lst("STT", [""], cont="stt")), name, need, basic, advanced]


def phu_luc() -> str:
    rows = [["STT", "Tiêu chí", "Yêu cầu", "Mức cơ bản", "Mức nâng cao"],
            [cell(p("NHÓM HẠ TẦNG", "B"), span=5)],
            [cell(lst("STT", [""], list_id="stt")), "Máy chủ", "Có", cell(p("Bắt buộc"), rows=2),
             "Dự phòng"],
            _criteria_row("Lưu trữ", "10 năm", "", "20 năm")[:3] + ["20 năm"],   # Mức cơ bản merged
            _criteria_row("Mạng", "1 Gbps", "Có", "10 Gbps"),
            [cell(p("NHÓM PHẦN MỀM", "B"), span=5)],
            _criteria_row("DICOM", "Có", "Có", "Có"),
            _criteria_row("HL7", "Có", "Không", "Có")]
    body = [p("PHỤ LỤC I", "B"), p("TIÊU CHÍ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN", "B"),
            p("(Kèm theo Thông tư số 12/2021/TT-BYT)", "C"),
            lst("RomanIV", ["TIÊU CHÍ RIS-PACS"]),
            lst("Multi", [("Hạ tầng kỹ thuật", ["Máy chủ.", ("Lưu trữ:", [
                ("Lưu trữ ngắn hạn;", ["Ổ đĩa nhanh", "Ổ đĩa dự phòng"]), "Lưu trữ dài hạn."])]),
                ("Phần mềm", ["Chức năng.", "Kết nối."]), ("Bảng tiêu chí", [])]),
            table(rows, 5, header_rows=1, name="Criteria"),
            p("Ghi chú: mức nâng cao áp dụng cho bệnh viện hạng đặc biệt.")]
    return document("".join(body), "Phụ lục I", "Trang 2")


def quyet_dinh() -> str:
    body = [layout_header("BỘ Y TẾ", "Số: 3456/QĐ-BYT", "Hà Nội, ngày 5 tháng 8 năm 2021"),
            p("QUYẾT ĐỊNH", "B"), p("Về việc ban hành Kế hoạch ứng dụng RIS-PACS", "B"),
            p("BỘ TRƯỞNG BỘ Y TẾ", "B"),
            p("Căn cứ Nghị định số 75/2017/NĐ-CP;"), p("Theo đề nghị của Cục trưởng Cục CNTT,"),
            p("QUYẾT ĐỊNH:", "B"),
            p("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ứng dụng RIS-PACS."),
            p("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
            p("Điều 3. Các ông, bà Chánh Văn phòng Bộ chịu trách nhiệm thi hành."),
            signature("KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Trần Văn Thuấn"),
            p("PHỤ LỤC", "B").replace('text:style-name="B"', 'text:style-name="Break"'),
            p("KẾ HOẠCH ỨNG DỤNG RIS-PACS", "B"),
            lst("Roman", [("MỤC TIÊU", None), ("NHIỆM VỤ", None)], list_id="roman"),
            lst("Dash", [("Triển khai tại 50 bệnh viện;", ["tuyến trung ương", "tuyến tỉnh"]),
                         "Đào tạo 500 cán bộ."]),
            lst("Roman", ["TỔ CHỨC THỰC HIỆN"], cont="roman"),
            lst("Multi", ["Cục Công nghệ thông tin chủ trì.", "Các đơn vị phối hợp."])]
    return document("".join(body), "Quyết định 3456/QĐ-BYT", "Trang 1")


def phan_thu() -> str:
    body = [p("BỘ LUẬT MẪU", "B"),
            p("Phần thứ nhất", "B"), p("NHỮNG QUY ĐỊNH CHUNG", "B"),
            p("Chương I", "B"), p("PHẠM VI", "B"),
            p("Mục 1", "B"), p("ĐỐI TƯỢNG", "B"),
            p("Điều 1. Phạm vi điều chỉnh"),
            lst("Khoan", [("Bộ luật này quy định:", ["quyền;", ("nghĩa vụ:", [
                "đối với cá nhân;", "đối với tổ chức."])]), "Áp dụng chung."]),
            p("Điều 2. Nguyên tắc"),
            lst("Dash", [("Công khai;", ["minh bạch", "đúng hạn"]), "Bình đẳng."]),
            p("Mục 2", "B"), p("KHÁC", "B"),
            p("Điều 3. Áp dụng"),
            lst("Khoan", ["Trường hợp thứ nhất.", "Trường hợp thứ hai."]),
            p("Phần thứ hai", "B"), p("NHỮNG QUY ĐỊNH CỤ THỂ", "B"),
            p("Chương II", "B"), p("QUYỀN", "B"),
            p("Điều 4. Quyền cơ bản"),
            lst("Paren", ["Quyền được thông tin;", "Quyền được góp ý."])]
    return document("".join(body), "Bộ luật mẫu", "Trang")


def sua_doi() -> str:
    body = [layout_header("BỘ Y TẾ", "Số: 20/2021/TT-BYT", "Hà Nội, ngày 1 tháng 11 năm 2021"),
            p("THÔNG TƯ", "B"),
            p("Sửa đổi, bổ sung một số điều của Thông tư số 54/2017/TT-BYT", "B"),
            p("Căn cứ Nghị định số 75/2017/NĐ-CP;"),
            lst("Dieu", [("Sửa đổi, bổ sung một số điều của Thông tư số 54/2017/TT-BYT", [
                "Sửa đổi khoản 2 Điều 3 như sau:"])], list_id="sd"),
            p("“2. Cơ sở khám bệnh, chữa bệnh phải triển khai RIS-PACS:"),
            p("a) Lưu trữ hình ảnh “DICOM” tối thiểu 10 năm;"),
            p("b) Kết nối với HIS.”"),
            lst("Dieu", [("", ["Mục IV Phụ lục I được sửa đổi như sau:"])], cont="sd")
            .replace("<text:list-item><text:p text:style-name=\"P\"></text:p>",
                     "<text:list-header>").replace("</text:list></text:list-item>",
                                                   "</text:list></text:list-header>"),
            p("“IV. TIÊU CHÍ RIS-PACS"),
            table([["STT", "Tiêu chí", "Yêu cầu"], ["1", "Máy chủ", "Có"]], 3, name="Q"),
            p("Hết mục IV.”"),
            lst("Dieu", [("Hiệu lực thi hành", ["Thông tư này có hiệu lực từ ngày ký."])],
                cont="sd"),
            signature("KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Nguyễn Trường Sơn")]
    return document("".join(body), "Thông tư sửa đổi", "Trang 1")


#: an HTML source (LibreOffice's HTML import makes yet other numbering: "a." points, "•")
KE_HOACH_HTML = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch</title></head><body>
<p align="center"><b>KẾ HOẠCH</b></p>
<p align="center"><b>Triển khai RIS-PACS năm 2022</b></p>
<ol type="I">
<li><b>MỤC ĐÍCH, YÊU CẦU</b>
<ol>
<li>Mục đích: bảo đảm lưu trữ hình ảnh.</li>
<li>Yêu cầu:
<ol type="a"><li>đúng tiến độ;</li><li>an toàn thông tin.</li></ol></li>
</ol></li>
<li><b>NỘI DUNG</b></li>
</ol>
<table border="1">
<thead><tr><th>STT</th><th>Nội dung</th><th colspan="2">Thời gian</th></tr></thead>
<tbody>
<tr><td>1</td><td>Khảo sát</td><td rowspan="2">Quý I</td><td>Tháng 1</td></tr>
<tr><td>2</td><td>Lập dự án</td><td>Tháng 3</td></tr>
<tr><td colspan="4">Giai đoạn 2</td></tr>
<tr><td>3</td><td>Triển khai</td><td>Quý II</td><td>Tháng 6</td></tr>
</tbody></table>
<ul><li>Đơn vị chủ trì: Cục CNTT;</li><li>Đơn vị phối hợp: các bệnh viện.</li></ul>
</body></html>
"""

DOCUMENTS = {"thong-tu": thong_tu, "phu-luc-tieu-chi": phu_luc, "quyet-dinh": quyet_dinh,
             "phan-thu": phan_thu, "sua-doi": sua_doi, "ke-hoach": lambda: KE_HOACH_HTML}


def build(out: Path = OUT) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed: run 'make system-deps'")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as profile:
        for name, make in DOCUMENTS.items():
            source = out / (f"{name}.html" if name == "ke-hoach" else f"{name}.fodt")
            source.write_text(make(), encoding="utf-8")
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                            str(source)], check=True, capture_output=True, timeout=180)
            written.append(out / f"{name}.docx")
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
