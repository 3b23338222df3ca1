"""Build the Word version of the bundled dispatch with LibreOffice.

The seed (data/consultations/ris-pacs-2021/dispatch/cong-van-xin-y-kien.txt) is a
plain transcription of the 2021 dispatch. This script lays it out as a real
công văn would be (Nghị định 30/2020, Phụ lục I): a header table with the
issuer ("BỘ Y TẾ / CỤC CÔNG NGHỆ THÔNG TIN", which the transcription lacks),
the number and subject on the left and the Quốc hiệu, Tiêu ngữ, place and date
on the right; the body; a signature table (Nơi nhận | signer); the annex on a
new page with the "STT | Tên đơn vị" tables. It writes HTML and lets
LibreOffice convert it (``soffice --headless --convert-to docx``), so the
.docx comes from a producer other than consultkit's own writer.

Usage: python scripts/build_dispatch_docx.py [SEED] [OUT.docx]
It does not import consultkit on purpose (the reader is tested on its output).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "consultations" / "ris-pacs-2021" / "dispatch"
SEED = FOLDER / "cong-van-xin-y-kien.txt"
OUT = FOLDER / "cong-van-xin-y-kien.docx"

ISSUER = ("BỘ Y TẾ", "CỤC CÔNG NGHỆ THÔNG TIN")   # not in the transcription; see data/README.md
NBSP = "\u00a0"


def inline(text: str) -> str:
    """Markdown emphasis and links of one line → HTML (the rest escaped)."""
    text = text.strip()
    links: list[str] = []

    def keep_link(m: re.Match[str]) -> str:
        links.append(f'<a href="{html.escape(m.group(2))}">{html.escape(m.group(1))}</a>')
        return f"\x00{len(links) - 1}\x00"

    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", keep_link, text)
    text = re.sub(r"</?b>", "", text)
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def p(content: str, align: str = "justify", indent: bool = False, extra: str = "") -> str:
    style = f"text-align:{align};margin:0 0 6pt 0;" + ("text-indent:1cm;" if indent else "") + extra
    return f'<p style="{style}">{content}</p>'


def build_html(seed: str) -> str:
    lines = seed.splitlines()
    find = lambda prefix, start=0: next(i for i in range(start, len(lines))  # noqa: E731
                                        if lines[i].strip().startswith(prefix))
    kinh_gui = find("Kính gửi")
    number = next(l.strip() for l in lines[:kinh_gui] if l.strip().startswith("Số:"))
    date = next(l.strip() for l in lines[:kinh_gui] if ", ngày" in l)
    subject_at = find("V/v")
    subject = []
    for line in lines[subject_at:kinh_gui]:
        if not line.strip():
            break
        subject.append(html.escape(line.strip()))
    date = date.replace("ngày tháng năm", f"ngày{NBSP * 4} tháng{NBSP * 4} năm")

    out = ['<html><head><meta charset="utf-8"><style>'
           'body{font-family:"Times New Roman";font-size:13pt}'
           'td{vertical-align:top;font-family:"Times New Roman";font-size:13pt}'
           '</style></head><body>']
    # header table: issuer | Quốc hiệu, Tiêu ngữ; number, subject | place and date
    out.append('<table width="100%" cellpadding="0" cellspacing="0" style="border:none">')
    out.append("<tr><td width=\"40%\">" + p(ISSUER[0], "center") + p(f"<b>{ISSUER[1]}</b>", "center")
               + '</td><td width="60%">'
               + p("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", "center")
               + p("<b>Độc lập - Tự do - Hạnh phúc</b>", "center") + "</td></tr>")
    out.append("<tr><td>" + p(html.escape(number).replace(": /", f": {NBSP * 6}/"), "center")
               + p("<br>".join(subject), "center", extra="font-size:12pt;")
               + "</td><td>" + p(f"<i>{html.escape(date)}</i>", "center") + "</td></tr></table>")

    # addressees and body, up to the signer's title
    i = kinh_gui
    title_at = find("**CỤC TRƯỞNG**", kinh_gui)
    out.append(p("Kính gửi:", "center"))
    i += 1
    while i < title_at:
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if line.startswith("- "):
            out.append(p(html.escape(line), "left", extra="margin-left:4cm;"))
        else:
            out.append(p(inline(line), "justify", indent=True))

    # signature table: Nơi nhận | signer
    annex_at = find("**DANH SÁCH", title_at)
    title = inline(lines[title_at])
    cc_at = find("**Nơi nhận:**", title_at)
    cc = [l.strip() for l in lines[cc_at + 1:annex_at] if l.strip().startswith("- ")]
    signer = next(l.strip() for l in lines[cc_at + 1:annex_at]
                  if l.strip() and not l.strip().startswith("- "))
    left = p("<b><i>Nơi nhận:</i></b>", "left") + "".join(
        p(html.escape(c), "left", extra="font-size:11pt;margin:0;") for c in cc)
    right = (p(title, "center") + p(NBSP, "center") + p(NBSP, "center") + p(NBSP, "center")
             + p(inline(signer), "center"))
    out.append('<table width="100%" cellpadding="0" cellspacing="0"><tr>'
               f'<td width="50%">{left}</td><td width="50%">{right}</td></tr></table>')

    # annex, on a new page
    out.append(p(inline(lines[annex_at]), "center", extra="page-break-before:always;"))
    out.append(p(f"<i>{html.escape(lines[annex_at + 1].strip())}</i>", "center"))
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.append('<table width="100%" border="1" cellspacing="0" cellpadding="3">')
            for cells in rows:
                first = '<td width="12%" align="center">'
                out.append("<tr>" + "".join(
                    (first if k == 0 else "<td>") + inline(c) + "</td>"
                    for k, c in enumerate(cells)) + "</tr>")
            out.append("</table>")
            rows.clear()

    for raw in lines[annex_at + 2:]:
        line = raw.strip()
        if not line:
            continue                       # a blank line inside a list keeps the table going
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        line = re.sub(r"^#+\s*|^- ", "", line)
        out.append(p(f"<b>{inline(line)}</b>", "left"))
    flush()
    out.append("</body></html>")
    return "\n".join(out)


def convert(html_text: str, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is not installed: run 'make system-deps'")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (out.stem + ".html")
        src.write_text(html_text, encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        produced = Path(tmp) / (out.stem + ".docx")
        if not produced.exists():
            sys.exit("LibreOffice did not produce a .docx")
        shutil.copyfile(produced, out)
    return out


def main(argv: list[str]) -> None:
    seed = Path(argv[1]) if len(argv) > 1 else SEED
    out = Path(argv[2]) if len(argv) > 2 else OUT
    convert(build_html(seed.read_text(encoding="utf-8")), out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
