"""The new version as a Word file with real revision marks (``w:ins`` / ``w:del``).

python-docx has no API for revisions, so this module writes them on its XML
layer. One paragraph per unit (clause or other block): ``number + text``.

* A pair of units kept in place gets one paragraph whose changed words are
  ``w:ins`` / ``w:del`` runs (deleted text in ``w:delText``).
* A deleted unit is a paragraph whose runs are all in ``w:del`` and whose
  paragraph mark is deleted too (``w:pPr/w:rPr/w:del``), so "Reject all"
  restores it as its own paragraph; an added unit likewise with ``w:ins``.
* Units that moved out of order, splits and merges are written as deleted
  paragraphs at the old place and inserted paragraphs at the new place, so
  "Accept all" gives exactly the new version's paragraphs and "Reject all"
  exactly the old version's (:func:`version_text` gives both texts).
* Each revision has ``w:id`` (unique), ``w:author`` and ``w:date``; the
  settings turn on ``w:trackRevisions`` so further edits are tracked too.
* A final empty paragraph without marks ends the body (Word cannot delete the
  last paragraph mark of a document).

:func:`accept_all` and :func:`reject_all` apply the revisions to the XML and
return the text (paragraphs joined by newlines, trailing empty ones dropped).
House style (A4, Times New Roman 14, ND 30 margins) comes from
:func:`consultkit.writers.style.new_document`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pandas as pd
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..compare import worddiff as wd
from ..compare.align import content_of
from ..readers.files import open_docx
from . import style

if TYPE_CHECKING:
    from ..compare.core import Comparison

__all__ = ["write_tracked_changes", "accept_all", "reject_all", "version_text", "unit_line",
           "write_amending_docx"]

_BOLD_KINDS = {"part", "chapter", "section", "article", "annex", "annex_section", "title"}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def unit_line(number: str, heading: str, text: str) -> str:
    """The paragraph text of a unit: its number as written, then heading and text.

    Characters XML cannot hold (control characters other than tab and line feed) are
    dropped, here and so in the file.
    """
    content = _NOT_XML.sub("", content_of(heading, text))
    number = _NOT_XML.sub("", (number or "").strip())
    if not number or content.startswith(number):
        return content
    if not content:
        return number
    return f"{number}. {content}" if number[-1].isalnum() else f"{number} {content}"


def _lines(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(clause_id, kind, line) in document order."""
    frame = frame.sort_values("order", kind="stable")
    return [(r.clause_id, r.kind, unit_line(r.number, r.heading, r.text))
            for r in frame.itertuples(index=False)]


def version_text(frame: pd.DataFrame) -> str:
    """The text accept-all (new frame) or reject-all (old frame) must give."""
    return "\n".join(line for _, _, line in _lines(frame)).rstrip("\n")


class _Writer:
    def __init__(self, doc, author: str, date: str):
        self.body = doc.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.author, self.date, self.next_id = author, date, 1

    def _mark(self, tag: str):
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el

    def paragraph(self, pieces: Iterable[tuple[int, str]], *, bold: bool = False,
                  mark: int = wd.EQUAL):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "both")
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), "120")
        ppr.append(spacing)
        ppr.append(jc)
        if mark != wd.EQUAL:
            rpr = OxmlElement("w:rPr")
            rpr.append(self._mark("w:ins" if mark == wd.INSERT else "w:del"))
            ppr.append(rpr)
        p.append(ppr)
        for op, text in pieces:
            if not text:
                continue
            run = OxmlElement("w:r")
            if bold:
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:b"))
                run.append(rpr)
            for k, piece in enumerate(text.split("\n")):
                if k:  # a line break inside the unit's text
                    run.append(OxmlElement("w:br"))
                if piece:
                    t = OxmlElement("w:delText" if op == wd.DELETE else "w:t")
                    t.set(qn("xml:space"), "preserve")
                    t.text = piece
                    run.append(t)
            if op == wd.EQUAL:
                p.append(run)
            else:
                wrapper = self._mark("w:ins" if op == wd.INSERT else "w:del")
                wrapper.append(run)
                p.append(wrapper)
        if self.sect is not None:
            self.sect.addprevious(p)
        else:
            self.body.append(p)
        return p


def _kept_pairs(comparison: "Comparison") -> list[tuple[str, str]]:
    """One-to-one pairs kept in place: a longest run increasing in both orders."""
    t = comparison.table
    pairs = t[(t["old_id"] != "") & (t["new_id"] != "") & (t["group"] == "")]
    pairs = pairs.sort_values("new_order")
    olds = pairs["old_order"].tolist()
    # longest increasing subsequence on old order
    tails, idx, prev = [], [], [-1] * len(olds)
    for i, v in enumerate(olds):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            idx.append(i)
        else:
            tails[k], idx[k] = v, i
        prev[i] = idx[k - 1] if k else -1
    keep, i = [], idx[-1] if idx else -1
    while i >= 0:
        keep.append(i)
        i = prev[i]
    keep.reverse()
    ids = list(zip(pairs["old_id"], pairs["new_id"]))
    return [ids[i] for i in keep]


def write_tracked_changes(comparison: "Comparison", path: str | Path, *,
                          author: str = "consultkit", date: dt.datetime | str | None = None) -> Path:
    """Write the new version with revision marks against the old one; returns the path."""
    path = Path(path)
    if date is None:
        date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if isinstance(date, (dt.datetime, dt.date)):
        if isinstance(date, dt.datetime):
            date = date.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
            date = date.isoformat() + "Z"
        else:
            date = f"{date.isoformat()}T00:00:00Z"
    doc = style.new_document()
    settings = doc.settings.element
    track = OxmlElement("w:trackRevisions")
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        proof.addnext(track)
    else:
        settings.insert(0, track)
    doc.core_properties.title = "Dự thảo (theo dõi thay đổi)"
    doc.core_properties.author = author
    w = _Writer(doc, author, str(date))
    old = _lines(comparison.old)
    new = _lines(comparison.new)
    old_pos = {cid: i for i, (cid, _, _) in enumerate(old)}
    new_pos = {cid: i for i, (cid, _, _) in enumerate(new)}
    i = j = 0

    def flush(until_old: int, until_new: int) -> None:
        nonlocal i, j
        while i < until_old:
            _, kind, line = old[i]
            w.paragraph([(wd.DELETE, line)], bold=kind in _BOLD_KINDS, mark=wd.DELETE)
            i += 1
        while j < until_new:
            _, kind, line = new[j]
            w.paragraph([(wd.INSERT, line)], bold=kind in _BOLD_KINDS, mark=wd.INSERT)
            j += 1

    for old_id, new_id in _kept_pairs(comparison):
        oi, nj = old_pos[old_id], new_pos[new_id]
        flush(oi, nj)
        _, kind, new_line = new[nj]
        w.paragraph(wd.word_diff(old[oi][2], new_line), bold=kind in _BOLD_KINDS)
        i, j = oi + 1, nj + 1
    flush(len(old), len(new))
    w.paragraph([])  # the last paragraph mark, never tracked
    return style.save_document(doc, path, what="the tracked-changes file")


def _apply(docx_path: str | Path, accept: bool) -> str:
    doc = open_docx(docx_path)
    drop, keep = ("w:del", "w:ins") if accept else ("w:ins", "w:del")
    drop_tag, keep_tag = qn(drop), qn(keep)
    paragraphs: list[str] = []
    carry = ""
    for p in doc.element.body.iter(qn("w:p")):
        parts = [carry]
        for el in p.iter(qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br")):
            ancestors = {a.tag for a in el.iterancestors()}
            if drop_tag in ancestors:
                continue
            if el.tag == qn("w:delText") and keep_tag not in ancestors:
                continue
            if el.tag == qn("w:tab"):
                parts.append("\t")
            elif el.tag == qn("w:br"):
                parts.append("\n")
            else:
                parts.append(el.text or "")
        text = "".join(parts)
        ppr = p.find(qn("w:pPr"))
        mark = ppr.find(qn("w:rPr")) if ppr is not None else None
        removed = mark is not None and mark.find(drop_tag) is not None
        if removed:
            carry = text
        else:
            paragraphs.append(text)
            carry = ""
    if carry:
        paragraphs.append(carry)
    return "\n".join(paragraphs).rstrip("\n")


def accept_all(docx_path: str | Path) -> str:
    """The document's text with every revision accepted."""
    return _apply(docx_path, accept=True)


def reject_all(docx_path: str | Path) -> str:
    """The document's text with every revision rejected."""
    return _apply(docx_path, accept=False)


def write_amending_docx(comparison: "Comparison", path: str | Path, *, document: str = "",
                        title: str = "Dự thảo nội dung sửa đổi, bổ sung") -> Path:
    """The amending wording (``Comparison.amending_text``) as a house-style .docx."""
    from ..compare.amend import amending_text
    path = Path(path)
    doc = style.new_document()
    style.add_title(doc, title)
    lines = amending_text(comparison, document=document).split("\n")
    for k, line in enumerate(lines):
        style.add_body_paragraph(doc, line, bold=(k == 0))
    return style.save_document(doc, path, what="the amending document")
