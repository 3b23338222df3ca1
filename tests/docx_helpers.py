"""Reading back the .docx files we write: text, fonts, sizes, margins; rendering with LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_doc(path):
    return docx.Document(str(path))


def all_text(doc) -> str:
    """Every paragraph's text, body and tables, in document order (one per line)."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(W + "t"))
        for p in doc.element.body.iter(W + "p"))


def paragraphs_with(doc, needle: str):
    """python-docx paragraphs (body and table cells) whose text contains ``needle``."""
    found = [p for p in doc.paragraphs if needle in p.text]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p for p in cell.paragraphs if needle in p.text and p not in found]
    return found


def assert_house_fonts(doc) -> None:
    """Times New Roman in the defaults and every style (four scripts, no theme fonts) and runs."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            assert fonts.get(qn(attr)) is None, f"theme font left in styles: {attr}"
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert default.get(qn(attr)) == "Times New Roman", attr
    for r in doc.element.body.iter(W + "r"):
        fonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts")) if r.find(qn("w:rPr")) is not None else None
        if fonts is not None:
            assert fonts.get(qn("w:ascii")) in (None, "Times New Roman")


def assert_nd30_page(doc, *, landscape: bool) -> None:
    for section in doc.sections:
        w, h = section.page_width, section.page_height
        if landscape:
            w, h = h, w
        assert abs(w - Mm(210)) < Mm(1) and abs(h - Mm(297)) < Mm(1)
        assert (section.page_width > section.page_height) == landscape
        assert Mm(20) <= section.top_margin <= Mm(25)
        assert Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35)
        assert Mm(15) <= section.right_margin <= Mm(20)


def run_sizes(paragraph) -> set[float]:
    return {r.font.size.pt for r in paragraph.runs if r.text.strip() and r.font.size is not None}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(path: Path, outdir: Path) -> Path:
    """Convert with LibreOffice (own profile, so parallel runs do not collide)."""
    profile = outdir / f"lo-{uuid.uuid4().hex[:8]}"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = outdir / (Path(path).stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000
    return pdf


def pdf_text(pdf: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_page_size(pdf: Path) -> tuple[float, float] | None:
    """(width, height) in points of the first page, via pdfinfo."""
    if not shutil.which("pdfinfo"):
        return None
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return float(parts[2]), float(parts[4])
    return None
