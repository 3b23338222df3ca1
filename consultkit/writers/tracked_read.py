"""Accept or reject every revision of a .docx, in its XML, and return the text.

The text of a document is one line per non-empty body paragraph and one line per
table row (its cells' texts joined by ``" | "``), in document order; paragraphs of
the title block (style :data:`~consultkit.writers.tracked_xml.TITLE_STYLE`) are not
part of it. Accepting drops ``w:del`` and ``w:moveFrom`` content, paragraphs whose
mark is deleted or moved away, and rows whose ``w:trPr`` holds ``w:del``; rejecting
drops ``w:ins`` and ``w:moveTo`` content, and inserted or moved-here paragraphs and
rows. A paragraph whose mark goes but whose text stays joins the next paragraph, as
in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from ..readers.files import open_docx
from .tracked_xml import TITLE_STYLE

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _DELTEXT, _TAB, _BR = qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br")
_INS, _DEL, _FROM, _TO = qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")


class _Rules:
    def __init__(self, accept: bool, skip_styles: set[str]):
        self.drop = {_DEL, _FROM} if accept else {_INS, _TO}
        self.keep = {_INS, _TO} if accept else {_DEL, _FROM}
        self.skip_styles = skip_styles

    def text(self, p) -> str:
        parts = []
        for el in p.iter(_T, _DELTEXT, _TAB, _BR):
            ancestors = {a.tag for a in el.iterancestors()}
            if ancestors & self.drop:
                continue
            if el.tag == _DELTEXT and not ancestors & self.keep:
                continue
            if el.tag == _TAB:
                parts.append("\t")
            elif el.tag == _BR:
                parts.append("\n")
            else:
                parts.append(el.text or "")
        return "".join(parts)

    def mark_removed(self, p) -> bool:
        ppr = p.find(qn("w:pPr"))
        rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
        return rpr is not None and any(rpr.find(t) is not None for t in self.drop)

    def skipped_style(self, p) -> bool:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return ps is not None and ps.get(qn("w:val")) in self.skip_styles

    def row(self, tr) -> str | None:
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None and any(trpr.find(t) is not None for t in self.drop & {_INS, _DEL}):
            return None
        cells = []
        for tc in tr.iter(_TC):
            cells.append("\n".join(self.text(p) for p in tc.findall(_P)))
        return " | ".join(cells)


def _title_style_ids(doc) -> set[str]:
    ids = set()
    for s in doc.styles.element.findall(qn("w:style")):
        name = s.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) == TITLE_STYLE:
            ids.add(s.get(qn("w:styleId")))
    return ids


def document_text(docx_path: str | Path, accept: bool) -> str:
    """The text of the document with every revision accepted (or rejected)."""
    doc = open_docx(docx_path)
    rules = _Rules(accept, _title_style_ids(doc))
    lines: list[str] = []
    carry = ""
    for child in doc.element.body:
        if child.tag == _P:
            if rules.skipped_style(child):
                continue
            text = carry + rules.text(child)
            if rules.mark_removed(child):
                carry = text
                continue
            carry = ""
            if text:
                lines.append(text)
        elif child.tag == _TBL:
            if carry:
                lines.append(carry)
                carry = ""
            for tr in child.iter(_TR):
                line = rules.row(tr)
                if line is not None:
                    lines.append(line)
    if carry:
        lines.append(carry)
    return "\n".join(lines)
