"""Real Word footnotes (``word/footnotes.xml``) for python-docx documents.

python-docx has no footnote API. :class:`Footnotes` collects footnote texts while the
body is written — :meth:`Footnotes.reference` adds the superscript
``w:footnoteReference`` run to a paragraph — and :meth:`Footnotes.attach` creates the
footnotes part (the two separator footnotes Word expects, ids -1 and 0, then one
``w:footnote`` per note, Times New Roman 12) and relates it to the document part, so
Word and LibreOffice number them and put them at the foot of the page.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .style_table import xml_safe

__all__ = ["Footnotes"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FONT = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
         'w:eastAsia="Times New Roman" w:cs="Times New Roman"/>')


class Footnotes:
    """The footnotes of one document (see the module docstring)."""

    def __init__(self, size_pt: float = 12):
        self.notes: list[str] = []
        self.half_points = int(round(size_pt * 2))

    def reference(self, paragraph, text: str) -> int:
        """Add footnote ``text`` and its reference mark at the end of ``paragraph``."""
        self.notes.append(text)
        number = len(self.notes)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        rpr.append(align)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        run._r.append(ref)
        return number

    def _xml(self) -> bytes:
        sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
               'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
               'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
               '</w:r></w:p></w:footnote>')
        size = f'<w:sz w:val="{self.half_points}"/><w:szCs w:val="{self.half_points}"/>'
        body = []
        for number, text in enumerate(self.notes, 1):
            body.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
                f'<w:r><w:rPr>{_FONT}{size}<w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteRef/></w:r>'
                f'<w:r><w:rPr>{_FONT}{size}</w:rPr><w:t xml:space="preserve"> '
                f'{escape(xml_safe(text))}</w:t></w:r></w:p></w:footnote>')
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<w:footnotes xmlns:w="{_W}">{sep}{"".join(body)}</w:footnotes>')
        return xml.encode("utf-8")

    def attach(self, doc) -> None:
        """Create the footnotes part of ``doc`` (call once, after the body is written)."""
        if not self.notes:
            return
        package = doc.part.package
        part = Part(PackURI("/word/footnotes.xml"), _CONTENT_TYPE, self._xml(), package)
        doc.part.relate_to(part, RT.FOOTNOTES)
        settings = doc.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = OxmlElement("w:footnotePr")
            for tag, val in (("w:footnote", "-1"), ("w:footnote", "0")):
                item = OxmlElement(tag)
                item.set(qn("w:id"), val)
                pr.append(item)
            settings.insert(0, pr) if len(settings) == 0 else _insert_footnote_pr(settings, pr)


def _insert_footnote_pr(settings, pr) -> None:
    """w:footnotePr goes before w:endnotePr / w:compat in w:settings (schema order)."""
    for later in ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
                  "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults", "w:decimalSymbol",
                  "w:listSeparator"):
        found = settings.find(qn(later)) if not later.startswith("m:") else None
        if found is not None:
            found.addprevious(pr)
            return
    settings.append(pr)
