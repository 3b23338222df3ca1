"""The house style of Nghị định 30/2020/NĐ-CP, Phụ lục I, in one module.

Every document consultkit writes is built with these functions, so paper,
margins, font and the size and weight of each part are decided here once:

* A4 (210 × 297 mm), portrait, or landscape when a wide table needs it
  (Phụ lục I, I.2);
* margins inside the ranges of I.3 — see :data:`MARGINS_MM`;
* Times New Roman everywhere, in the styles' ``w:rFonts`` for the four
  scripts (ascii, hAnsi, eastAsia, cs) with theme fonts removed;
* the header table (issuer, Quốc hiệu and Tiêu ngữ, số/ký hiệu, place and
  date, trích yếu "V/v …"), the addressees, the body, "Nơi nhận:" and the
  signature with the sizes and weights of Phụ lục I, II and V;
* page numbers centred in the top margin from page 2 (I.7).

Tables are built by cloning one prepared row (:func:`add_table`), which is
many times faster than python-docx's ``add_row`` for a thousand rows.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from .. import text as vt

from .style_base import (A4_MM, BLANK, BODY_INDENT, FONT, MARGIN_RANGES_MM, MARGINS_MM,  # noqa: F401
                         MOTTO, NATIONAL_NAME, SIZE, page_text_width, save_document)
from .style_check import check_document  # noqa: F401  (re-exported)
from .style_table import _fixed_layout, add_table, set_tblpr, xml_safe  # noqa: F401  (re-exported)

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


# ---------------------------------------------------------------- the document

def _set_fonts(rpr) -> None:
    """Times New Roman for all four scripts on an ``w:rPr``; no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _rpr_of(element):
    rpr = element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.append(rpr)
    return rpr


def new_document(landscape: bool = False):
    """A blank A4 document in the house style (``docx.document.Document``)."""
    doc = Document()
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag, val in (("w:sz", "28"), ("w:szCs", "28")):
        rpr.find(qn(tag)).set(qn("w:val"), val)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    # Every style that names fonts (headings use theme fonts): Times New Roman, black.
    for fonts in styles.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent())
    for color in list(styles.iter(qn("w:color"))):
        color.set(qn("w:val"), "000000")
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
    normal = doc.styles["Normal"]
    _set_fonts(_rpr_of(normal.element))
    normal.font.size = Pt(SIZE["body"])
    section = doc.sections[0]
    _page_setup(section, landscape)
    _page_numbers(section)
    return doc


def _twips_up(mm: float):
    return Twips(math.ceil(mm * 1440 / 25.4))


def _page_setup(section, landscape: bool) -> None:
    width, height = Mm(A4_MM[0]), Mm(A4_MM[1])
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    # Word stores twips: round up so that 15 mm reads back as at least 15 mm.
    section.top_margin = _twips_up(MARGINS_MM["top"])
    section.bottom_margin = _twips_up(MARGINS_MM["bottom"])
    section.left_margin = _twips_up(MARGINS_MM["left"])
    section.right_margin = _twips_up(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_numbers(section) -> None:
    """PAGE field centred in the header, not shown on the first page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, code in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(SIZE["page_number"])
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif code.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = code
            run._r.append(instr)
        else:
            run.text = code


# ---------------------------------------------------------------- paragraphs

def add_paragraph(container, text: str = "", *, size: float = SIZE["body"], bold: bool = False,
                  italic: bool = False, align: str = "left", before: float = 0,
                  after: float = 0, first_indent=None, left_indent=None, keep_next=False):
    """A paragraph with one run in the given size and weight."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = _ALIGN[align]
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    if keep_next:
        fmt.keep_with_next = True
    if text:
        add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def add_run(paragraph, text: str, *, size: float = SIZE["body"], bold: bool = False,
            italic: bool = False, underline: bool = False, strike: bool = False,
            superscript: bool = False):
    run = paragraph.add_run(xml_safe(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if underline:
        run.font.underline = True
    if strike:
        run.font.strike = True
    if superscript:
        run.font.superscript = True
    return run


def _rule(cell_or_doc, length: int, size: float) -> None:
    """A short horizontal rule (underscores raised, as the Government's own files do)."""
    paragraph = add_paragraph(cell_or_doc, align="center")
    add_run(paragraph, "_" * length, size=size, superscript=True)
    paragraph.paragraph_format.space_after = Pt(2)


def format_date_vn(date: dt.date | None, *, year: int | None = None) -> str:
    """'ngày 05 tháng 3 năm 2020' — days below 10 and months 1, 2 zero-padded (Phụ lục I, II.4.b).

    A blank date gives dots to fill in by hand: 'ngày … tháng … năm 2021'.
    """
    if date is None:
        return f"ngày {BLANK} tháng {BLANK} năm {year if year else BLANK}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def format_number(number: str | None, symbol: str | None) -> str:
    """'Số: 123/CNTT-THKCB', or 'Số: …/CNTT-THKCB' while the number is blank (numbers below 10 padded)."""
    if number:
        number = number.strip()
        if "/" in number:
            head, _, tail = number.partition("/")
            head = f"{int(head):02d}" if head.isdigit() else head
            return f"Số: {head}/{tail}"
        head = f"{int(number):02d}" if number.isdigit() else number
        return f"Số: {head}/{symbol}" if symbol else f"Số: {head}"
    return f"Số: {BLANK}/{symbol}" if symbol else f"Số: {BLANK}"


def _borderless_table(doc, widths_mm: Sequence[float]):
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    _fixed_layout(table, [Mm(w) for w in widths_mm])
    return table


def _indent_table(table, mm: float) -> None:
    set_tblpr(table, "w:tblInd", w=str(int(Mm(mm) / 635)), type="dxa")


def add_header_block(doc, issuer: str, parent_issuer: str | None, number: str | None,
                     symbol: str | None, place: str | None, date: dt.date | None,
                     subject: str | None = None, *, year: int | None = None,
                     show_number: bool = True):
    """The header table: issuer and number on the left, Quốc hiệu, Tiêu ngữ, place and date on the right.

    ``subject`` is the công văn's trích yếu, shown as "V/v …" under the number;
    ``show_number=False`` leaves out the number line (reports sent as attachments).
    """
    total = page_text_width(doc) / 36000  # mm
    left = min(80.0, total * 0.40)
    # Like the Government's own files, the header reaches a little into the margins.
    table = _borderless_table(doc, [left + 8, total - left + 8])
    _indent_table(table, -8)
    cell_l, cell_r = table.rows[0].cells
    cell_l.paragraphs[0]._p.getparent().remove(cell_l.paragraphs[0]._p)
    cell_r.paragraphs[0]._p.getparent().remove(cell_r.paragraphs[0]._p)
    if parent_issuer:
        add_paragraph(cell_l, parent_issuer.upper(), size=SIZE["parent_issuer"], align="center")
    add_paragraph(cell_l, issuer.upper(), size=SIZE["issuer"], bold=True, align="center")
    _rule(cell_l, max(8, min(16, len(issuer) // 2)), SIZE["issuer"])
    if show_number:
        add_paragraph(cell_l, format_number(number, symbol), size=SIZE["number"], align="center",
                      before=4)
    if subject:
        for i, line in enumerate(_subject_lines(subject)):
            add_paragraph(cell_l, line, size=SIZE["subject"], align="center", before=6 if i == 0 else 0)
    add_paragraph(cell_r, NATIONAL_NAME, size=SIZE["national_name"], bold=True, align="center")
    add_paragraph(cell_r, MOTTO, size=SIZE["motto"], bold=True, align="center")
    _rule(cell_r, 30, SIZE["motto"])
    when = format_date_vn(date, year=year)
    add_paragraph(cell_r, f"{place or BLANK}, {when}", size=SIZE["place_date"], italic=True,
                  align="center", before=4)
    return table


def _subject_lines(subject: str) -> list[str]:
    subject = vt.normalize(subject)
    if not subject.startswith("V/v"):
        subject = "V/v " + subject
    return [subject]


def add_title(doc, title: str, subtitle: str | None = None, *, note: str | None = None):
    """A centred title (bold caps 14) with an optional bold subtitle and an italic note line."""
    add_paragraph(doc, title.upper(), size=SIZE["title"], bold=True, align="center", before=12,
                  keep_next=True)
    if subtitle:
        add_paragraph(doc, subtitle, size=SIZE["subtitle"], bold=True, align="center",
                      keep_next=True)
    if note:
        add_paragraph(doc, note, size=SIZE["subtitle"], italic=True, align="center", keep_next=True)
    _rule(doc, 14, SIZE["title"])


def add_addressees(doc, addressees: Sequence[str]):
    """'Kính gửi: X.' on one line, or one '- X;' line per addressee aligned under the colon."""
    items = [vt.normalize(a).rstrip(";.") for a in addressees if vt.normalize(a)]
    indent = Cm(3.0)
    if len(items) <= 1:
        add_paragraph(doc, f"Kính gửi: {items[0] if items else BLANK}.", size=SIZE["addressees"],
                      align="left", left_indent=indent, before=12, after=6)
        return
    add_paragraph(doc, "Kính gửi:", size=SIZE["addressees"], left_indent=indent, before=12)
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        add_paragraph(doc, f"- {item}{end}", size=SIZE["addressees"], left_indent=Cm(5.2),
                      after=6 if end == "." else 0)


def add_body_paragraph(doc, text: str, *, bold: bool = False, italic: bool = False,
                       indent: bool = True, align: str = "justify"):
    """Body text: 14 pt, justified, first line indented 1.27 cm, 6 pt between paragraphs."""
    paragraph = add_paragraph(doc, text, size=SIZE["body"], bold=bold, italic=italic,
                              align=align, before=6, first_indent=BODY_INDENT if indent else None)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def add_recipients_and_signature(doc, cc: Sequence[str], signer_title: str | None,
                                 signer_name: str | None, *, authority: str | None = None):
    """'Nơi nhận:' (bold italic 12, entries 11) on the left; the signature block on the right."""
    total = page_text_width(doc) / 36000
    table = _borderless_table(doc, [total * 0.5, total * 0.5])
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    add_paragraph(left, "Nơi nhận:", size=SIZE["recipients_label"], bold=True, italic=True,
                  before=12)
    entries = [vt.normalize(c).rstrip(";.") for c in cc if vt.normalize(c)]
    for i, entry in enumerate(entries):
        end = "." if i == len(entries) - 1 else ";"
        add_paragraph(left, f"- {entry}{end}", size=SIZE["recipients"])
    if authority:
        add_paragraph(right, authority.upper(), size=SIZE["signer_title"], bold=True,
                      align="center", before=12)
    add_paragraph(right, (signer_title or BLANK).upper(), size=SIZE["signer_title"], bold=True,
                  align="center", before=0 if authority else 12)
    for _ in range(4):
        add_paragraph(right, "", size=SIZE["signer_name"])
    add_paragraph(right, signer_name or BLANK, size=SIZE["signer_name"], bold=True, align="center")
    # Nơi nhận and the signature stay together on one page (never the title on one page and
    # the name on the next); the paragraph before the block keeps with it.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        previous.get_or_add_pPr().keepNext_val = True
    return table


def add_section(doc, *, landscape: bool | None = None):
    """Start a new page as a new section whose page numbers restart at 1 (first page unnumbered)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    sect.find(qn("w:pgMar")).addnext(num)  # schema order: pgSz, pgMar, …, pgNumType
    section.different_first_page_header_footer = True
    if landscape is not None:
        _page_setup(section, landscape)
    return section


def add_page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


__all__ = ["save_document", 
    "FONT", "MARGINS_MM", "MARGIN_RANGES_MM", "SIZE", "NATIONAL_NAME", "MOTTO", "BLANK",
    "new_document", "add_header_block", "add_title", "add_addressees", "add_body_paragraph",
    "add_recipients_and_signature", "add_table", "add_paragraph", "add_run", "add_page_break",
    "add_section", "add_addressees", "add_signature",
    "format_date_vn", "format_number", "check_document", "page_text_width",
]

#: The name docs/architecture.md uses for the closing block.
add_signature = add_recipients_and_signature
