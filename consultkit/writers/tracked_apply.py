"""Accept or reject every revision of a Word file, in its XML, keeping the document.

:func:`resolve` applies the revisions of a body (``accept=True``: the inserted content
stays, the deleted goes, ``w:pPrChange``/``w:rPrChange`` are dropped; ``accept=False``:
the reverse, and the recorded old paragraph and run properties come back). A paragraph
whose mark goes joins the next paragraph (its remaining content goes in front, the
next paragraph's properties stay), as in Word; a row whose ``w:trPr`` holds the
revision that goes is removed. :func:`resolved_docx` writes the result as a .docx.

:func:`document_items` lists a body as the word processor shows it: each paragraph's
text, and each table as its rows of cell texts, in document order (paragraphs that are
empty count too), so two documents can be compared paragraph for paragraph.
"""

from __future__ import annotations

from pathlib import Path

from ..readers.files import open_docx
from .tracked_leaves import P, TBL, W, cell_paragraphs, cells_of, paragraph_text, rows_of

_PPR, _RPR, _TRPR = W + "pPr", W + "rPr", W + "trPr"
_MARK_PARENTS = {_RPR, _TRPR}
_TEXT_BOX = W + "txbxContent"

__all__ = ["resolve", "resolved_docx", "document_items", "paragraph_properties"]


def _unwrap(el) -> None:
    for sub in list(el):
        el.addprevious(sub)
    el.getparent().remove(el)


def _restore(holder, change) -> None:
    """Put the properties recorded in ``change`` (a w:pPrChange/w:rPrChange) back."""
    record = change[0] if len(change) else None
    keep = {_RPR, W + "sectPr"} if holder.tag == _PPR else set()
    for child in list(holder):
        if child.tag not in keep:
            holder.remove(child)
    if record is not None:
        first_kept = next((c for c in holder if c.tag in keep), None)
        for child in list(record):
            if first_kept is not None:
                first_kept.addprevious(child)
            else:
                holder.append(child)


def resolve(body, accept: bool) -> None:
    """Accept (or reject) every revision of ``body`` in place."""
    drop = {W + "del", W + "moveFrom"} if accept else {W + "ins", W + "moveTo"}
    keep = {W + "ins", W + "moveTo"} if accept else {W + "del", W + "moveFrom"}
    removed_marks, removed_rows = set(), []
    for el in list(body.iter(*drop, *keep, W + "pPrChange", W + "rPrChange")):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in (W + "pPrChange", W + "rPrChange"):
            if not accept:
                _restore(parent, el)
            else:
                parent.remove(el)
        elif parent.tag in _MARK_PARENTS:
            if el.tag in drop:
                if parent.tag == _TRPR:
                    removed_rows.append(parent.getparent())
                else:
                    removed_marks.add(parent.getparent().getparent())
            parent.remove(el)
        elif el.tag in drop:
            parent.remove(el)
        else:
            _unwrap(el)
    if not accept:
        for el in body.iter(W + "delText", W + "delInstrText"):
            el.tag = W + "t" if el.tag == W + "delText" else W + "instrText"
    for tr in removed_rows:
        if tr.getparent() is not None:
            tr.getparent().remove(tr)
    for p in [p for p in body.iter(P) if p in removed_marks]:
        parent = p.getparent()
        if parent is None:
            continue
        content = [c for c in p if c.tag != _PPR]
        nxt = p.getnext()
        if nxt is not None and nxt.tag == P:
            ppr = nxt.find(_PPR)
            for c in reversed(content):
                if ppr is not None:
                    ppr.addnext(c)
                else:
                    nxt.insert(0, c)
            parent.remove(p)
        elif not paragraph_text(p):
            parent.remove(p)
    for tbl in list(body.iter(TBL)):
        if not rows_of(tbl) and tbl.getparent() is not None:
            tbl.getparent().remove(tbl)


def resolved_docx(src, dst: str | Path, *, accept: bool) -> Path:
    """A copy of the Word file ``src`` with every revision accepted (or rejected)."""
    doc = open_docx(src)
    resolve(doc.element.body, accept)
    dst = Path(dst)
    doc.save(str(dst))
    return dst


def _items(element, out: list) -> None:
    for child in element:
        if child.tag == P:
            out.append(paragraph_text(child))
        elif child.tag == TBL:
            out.append([["\n".join(paragraph_text(p) for p in cell_paragraphs(tc))
                         for tc in cells_of(tr)] for tr in rows_of(child)])
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent")
            _items(content if content is not None else child, out)


def document_items(src_or_body) -> list:
    """Paragraph texts and tables (lists of rows of cell texts) of a body, in order."""
    body = src_or_body
    if not hasattr(body, "tag"):
        body = open_docx(src_or_body).element.body
    out: list = []
    _items(body, out)
    return out


def paragraph_properties(src_or_body, *, mark: bool = True) -> list[bytes]:
    """Each body paragraph's ``w:pPr``, serialised, for comparing paragraph properties
    after accepting or rejecting; ``mark=False`` leaves out what the paragraph mark holds
    besides paragraph formatting: its run properties (``w:pPr/w:rPr``, the formatting of
    the pilcrow) and the section break it may end (``w:pPr/w:sectPr``; a section break the
    drafter deleted is not restored by rejecting)."""
    from lxml import etree
    body = src_or_body
    if not hasattr(body, "tag"):
        body = open_docx(src_or_body).element.body
    out = []
    for p in body.iter(P):
        if any(a.tag == _TEXT_BOX for a in p.iterancestors()):
            continue  # text boxes are drawings, not the body's paragraphs
        ppr = p.find(_PPR)
        if ppr is not None:
            rpr = ppr.find(_RPR)
            if rpr is not None and (not mark or (not len(rpr) and not rpr.attrib)):
                ppr = etree.fromstring(etree.tostring(ppr))
                ppr.remove(ppr.find(_RPR))
            if not mark and ppr.find(W + "sectPr") is not None:
                ppr = etree.fromstring(etree.tostring(ppr))
                ppr.remove(ppr.find(W + "sectPr"))
        if ppr is None or (not len(ppr) and not ppr.attrib):
            out.append(b"")
            continue
        out.append(etree.tostring(ppr, method="c14n", exclusive=True))
    return out

