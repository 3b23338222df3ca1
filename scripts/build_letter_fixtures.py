"""Build tests/fixtures/letters/: reply letters (công văn góp ý) in the ND 30/2020 form.

SYNTHETIC: no unit wrote any of these letters; numbers, dates and signers are invented.
Each letter is described once (``LETTERS``) and written one of three ways:

* ``lo``    — HTML converted by LibreOffice (``soffice --headless --convert-to docx``);
* ``docx``  — written with python-docx;
* ``pdf``   — the python-docx letter converted by LibreOffice to PDF (a text layer, as a
  digitally signed "văn bản điện tử" has).

Run: ``.venv/bin/python scripts/build_letter_fixtures.py`` (needs ``soffice`` on PATH).
The expected reading of every letter is stated in ``tests/test_letter_corpus.py``.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "letters"
NOTE = "Dữ liệu mẫu tổng hợp (không phải ý kiến thật)."
ADDRESSEE = "Cục Công nghệ thông tin - Bộ Y tế."
INTRO = ("Phúc đáp Công văn số 512/CNTT-THKCB ngày 28/5/2021 của Cục Công nghệ thông tin - "
         "Bộ Y tế về việc góp ý dự thảo Thông tư sửa đổi tiêu chí RIS-PACS, {who} có ý kiến như sau:")
SUBJECT = "V/v góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí RIS-PACS"
CLOSE = "Trên đây là ý kiến góp ý của {who}, kính gửi Cục Công nghệ thông tin tổng hợp./."
TABLE_HEAD = ["STT", "Điều, khoản", "Nội dung góp ý", "Lý do / Đề xuất"]

# (file stem, how, header left lines, number line, place-date line, body, signature lines)
LETTERS = [
    ("so-y-te-nghe-an", "lo", ["UBND TỈNH NGHỆ AN", "SỞ Y TẾ"], "Số: 1234/SYT-NVY",
     "Nghệ An, ngày 10 tháng 6 năm 2021",
     [INTRO.format(who="Sở Y tế Nghệ An"),
      "1. Tại điểm a khoản 2 mục IV.2: đề nghị sửa thời gian lưu trữ hình ảnh tại cơ sở "
      "thành tối thiểu 10 năm.",
      "Lý do: phù hợp thời hạn lưu trữ hồ sơ bệnh án.",
      "2. Mục 6.2 phần IV: đề nghị quy định rõ thời gian lưu nhật ký truy cập.",
      CLOSE.format(who="Sở Y tế Nghệ An")],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]),
    ("benh-vien-bach-mai", "lo", ["BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"], "Số: 56 /BVBM-CNTT",
     "Hà Nội, ngày 08 tháng 6 năm 2021",
     [INTRO.format(who="Bệnh viện Bạch Mai"),
      "I. Ý kiến chung",
      "Bệnh viện cơ bản nhất trí với bố cục của dự thảo.",
      "II. Ý kiến cụ thể",
      "1. Đối với điểm c mục 4.3: đề nghị chuyển chức năng dựng hình ba chiều (3D) sang mức "
      "nâng cao.",
      "2. Tiêu chí số 6 tại mục 3: đề nghị ký số kết quả theo Luật Giao dịch điện tử.",
      "3. Mục 5.1: đề nghị bổ sung tiêu chuẩn HL7 FHIR.",
      "Trân trọng./."],
     ["GIÁM ĐỐC", "Trần Văn Bình"]),
    ("bao-hiem-xa-hoi-viet-nam", "docx", ["BẢO HIỂM XÃ HỘI", "VIỆT NAM"], "Số: 1890/BHXH-CNTT",
     "Hà Nội, ngày 11 tháng 6 năm 2021",
     ["Bảo hiểm xã hội Việt Nam nhất trí với nội dung dự thảo Thông tư."],
     ["KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Lê Văn Cường"]),
    ("cuc-y-te-bo-cong-an", "lo", ["BỘ CÔNG AN", "CỤC Y TẾ"], "Số: 402/CYT-NV",
     "Hà Nội, ngày 15 tháng 6 năm 2021",
     [INTRO.format(who="Cục Y tế - Bộ Công an"),
      "- Mục 2.3 phần IV: đề nghị bổ sung yêu cầu màn hình chẩn đoán đạt chuẩn DICOM GSDF.",
      "- Khoản 6.2 mục IV: đề nghị quy định sao lưu dữ liệu ít nhất hằng tuần.",
      CLOSE.format(who="Cục Y tế")],
     ["CỤC TRƯỞNG", "Phạm Văn Dũng"]),
    ("so-y-te-ho-chi-minh", "pdf", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ"],
     "Số: 3571/SYT-CNTT", "TP. Hồ Chí Minh, ngày 09 tháng 06 năm 2021",
     [INTRO.format(who="Sở Y tế Thành phố Hồ Chí Minh"),
      ("table", [TABLE_HEAD,
                 ["1", "Mục 2.2 điểm a", "Lưu trữ hình ảnh tối đa 12 tháng là quá ngắn.",
                  "Đề nghị lưu trữ tối thiểu 5 năm."],
                 ["2", "Điểm c mục 4.3", "Dựng hình 3D chưa cần thiết ở mức cơ bản.",
                  "Đề nghị chuyển sang mức nâng cao."],
                 ["3", "Mục 8.2", "Thời điểm báo cáo tháng 12 trùng kỳ tổng kết.",
                  "Đề nghị báo cáo vào tháng 11."]]),
      CLOSE.format(who="Sở Y tế")],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Võ Thị Em"]),
    ("benh-vien-cho-ray", "docx", ["BỘ Y TẾ", "BỆNH VIỆN CHỢ RẪY"], "Số: 789/BVCR-CNTT",
     "TP. Hồ Chí Minh, ngày 14 tháng 6 năm 2021",
     [INTRO.format(who="Bệnh viện Chợ Rẫy"),
      ("table", [TABLE_HEAD,
                 ["1", "Mục 7.2", "Thời hạn lưu trữ tại hệ thống tập trung chưa rõ.",
                  "Đề nghị ghi rõ số năm."],
                 ["2", "Mục 5.1", "Kết nối HIS chỉ nêu HL7.", "Đề nghị bổ sung FHIR."]]),
      "Trân trọng./."],
     ["GIÁM ĐỐC", "Nguyễn Thị Gấm"]),
    ("so-y-te-can-tho", "lo", ["UBND THÀNH PHỐ CẦN THƠ", "SỞ Y TẾ"], "Số: 2045/SYT-NVY",
     "Cần Thơ, ngày 16 tháng 6 năm 2021",
     [INTRO.format(who="Sở Y tế thành phố Cần Thơ"),
      "Sở Y tế cơ bản thống nhất với dự thảo; đề nghị tại Mục 8.2 lùi thời điểm báo cáo "
      "sang tháng 11 hằng năm.",
      CLOSE.format(who="Sở Y tế")],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đặng Văn Hải"]),
    ("benh-vien-k", "pdf", ["BỘ Y TẾ", "BỆNH VIỆN K"], "Số: 1102/BVK-CNTT",
     "Hà Nội, ngày 07 tháng 6 năm 2021",
     [INTRO.format(who="Bệnh viện K"),
      "Bệnh viện K nhất trí với nội dung dự thảo, không có ý kiến bổ sung.",
      "Trân trọng cảm ơn./."],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Khang"]),
    ("vu-bao-hiem-y-te", "docx", ["BỘ Y TẾ", "VỤ BẢO HIỂM Y TẾ"], "Số: 301/BH-TT",
     "Hà Nội, ngày 12 tháng 6 năm 2021",
     [INTRO.format(who="Vụ Bảo hiểm y tế"),
      "Mục IV.6.1.2: đề nghị kiểm tra, đánh giá an toàn thông tin hai năm một lần đối với "
      "cơ sở tuyến huyện.",
      CLOSE.format(who="Vụ Bảo hiểm y tế")],
     ["VỤ TRƯỞNG", "Lương Văn Lâm"]),
    ("so-y-te-thua-thien-hue", "lo", ["UBND TỈNH THỪA THIÊN HUẾ", "SỞ Y TẾ"], "Số: 977/SYT-KHTC",
     "Thừa Thiên Huế, ngày 17 tháng 6 năm 2021",
     [INTRO.format(who="Sở Y tế Thừa Thiên Huế"),
      "1. Tiểu mục 7.2: thời hạn lưu trữ tại hệ thống tập trung nên quy định cụ thể.",
      "2. Đề nghị Bộ Y tế ban hành lộ trình triển khai RIS-PACS cho bệnh viện tuyến huyện.",
      "- Giai đoạn 2021 - 2023: bệnh viện tuyến tỉnh;",
      "- Giai đoạn 2024 - 2025: bệnh viện tuyến huyện.",
      CLOSE.format(who="Sở Y tế")],
     ["GIÁM ĐỐC", "Mai Văn Minh"]),
    ("benh-vien-trung-uong-hue", "docx", ["BỘ Y TẾ", "BỆNH VIỆN TRUNG ƯƠNG HUẾ"],
     "Số: 1530/BVH-CNTT", "Thừa Thiên Huế, ngày 18 tháng 6 năm 2021",
     [INTRO.format(who="Bệnh viện Trung ương Huế"),
      "1. Tại điểm a mục 2.2 phần IV: đề nghị bỏ giới hạn 12 tháng.",
      "2. Mục 2.3 phần IV: đề nghị bổ sung bộ lưu điện cho máy chủ.",
      "3. Mục 8.2: đề nghị báo cáo qua phần mềm trực tuyến.",
      "Trân trọng./."],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Ngô Thị Nga"]),
    ("so-y-te-da-nang", "pdf", ["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ Y TẾ"], "Số: 2210/SYT-NVY",
     "Đà Nẵng, ngày 15 tháng 6 năm 2021",
     [INTRO.format(who="Sở Y tế thành phố Đà Nẵng"),
      "1. Mục 5.1: đề nghị bổ sung kết nối theo tiêu chuẩn HL7 FHIR.",
      "2. Mục IV.6.1.2: đề nghị đánh giá an toàn thông tin hai năm một lần.",
      CLOSE.format(who="Sở Y tế")],
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phan Văn Oanh"]),
]
RECIPIENTS = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def _html(left, number, place_date, body, signature) -> str:
    e = html.escape
    cell = "<td style='width:50%;text-align:center;vertical-align:top'>{}</td>"
    head_left = "".join(f"<p><b>{e(x)}</b></p>" if i == len(left) - 1 else f"<p>{e(x)}</p>"
                        for i, x in enumerate(left)) + f"<p>{e(number)}</p><p>{e(SUBJECT)}</p>"
    head_right = ("<p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>"
                  "<p><b>Độc lập - Tự do - Hạnh phúc</b></p>" f"<p><i>{e(place_date)}</i></p>")
    parts = ["<html><head><meta charset='utf-8'></head><body>",
             f"<table style='width:100%'><tr>{cell.format(head_left)}{cell.format(head_right)}"
             "</tr></table>", f"<p>{e(NOTE)}</p>", f"<p>Kính gửi: {e(ADDRESSEE)}</p>"]
    for item in body:
        if isinstance(item, tuple):
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                           for row in item[1])
            parts.append(f"<table border='1' style='border-collapse:collapse'>{rows}</table>")
        else:
            parts.append(f"<p>{e(item)}</p>")
    sign_left = "".join(f"<p>{e(x)}</p>" for x in RECIPIENTS)
    sign_right = "".join(f"<p><b>{e(x)}</b></p>" for x in signature)
    parts.append(f"<table style='width:100%'><tr>{cell.format(sign_left)}"
                 f"{cell.format(sign_right)}</tr></table></body></html>")
    return "".join(parts)


def _docx(path: Path, left, number, place_date, body, signature) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    doc.core_properties.title = NOTE
    header = doc.add_table(rows=1, cols=2)
    lcell, rcell = header.rows[0].cells
    lines_left = [*left, number, SUBJECT]
    lcell.paragraphs[0].text = lines_left[0]
    for line in lines_left[1:]:
        lcell.add_paragraph(line)
    rcell.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for line in ("Độc lập - Tự do - Hạnh phúc", place_date):
        rcell.add_paragraph(line)
    for par in [*lcell.paragraphs, *rcell.paragraphs]:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(NOTE)
    doc.add_paragraph(f"Kính gửi: {ADDRESSEE}")
    for item in body:
        if isinstance(item, tuple):
            rows = item[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            doc.add_paragraph(item)
    sign = doc.add_table(rows=1, cols=2)
    scell, ncell = sign.rows[0].cells
    scell.paragraphs[0].text = RECIPIENTS[0]
    for line in RECIPIENTS[1:]:
        scell.add_paragraph(line)
    ncell.paragraphs[0].text = signature[0]
    for line in signature[1:]:
        ncell.add_paragraph(line)
    doc.save(path)


def _soffice(args: list[str], cwd: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice (LibreOffice) is needed to build the letter fixtures")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", *args],
                       cwd=cwd, check=True, capture_output=True, timeout=300)


def build(out: Path = OUT) -> list[Path]:
    """Write every letter into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html_files, pdf_sources = [], []
        for stem, how, left, number, place_date, body, signature in LETTERS:
            if how == "lo":
                src = work / f"{stem}.html"
                src.write_text(_html(left, number, place_date, body, signature), encoding="utf-8")
                html_files.append(src.name)
            else:
                target = (work if how == "pdf" else out) / f"{stem}.docx"
                _docx(target, left, number, place_date, body, signature)
                if how == "pdf":
                    pdf_sources.append(target.name)
                else:
                    written.append(target)
        if html_files:
            _soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *html_files],
                     work)
            written += [out / (Path(n).stem + ".docx") for n in html_files]
        if pdf_sources:
            _soffice(["--convert-to", "pdf", "--outdir", str(out), *pdf_sources], work)
            written += [out / (Path(n).stem + ".pdf") for n in pdf_sources]
    return sorted(written)


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
