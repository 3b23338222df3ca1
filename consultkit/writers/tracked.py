"""The new version as a Word file with real revision marks (``w:ins`` / ``w:del`` / moves).

When both versions are Word files (``old_docx``/``new_docx`` given), the output is the
new file itself with revision marks added (:mod:`.tracked_docx`): no title block, nothing
rebuilt. What follows describes the generated layout used for text inputs (.md/.txt)
and clause frames.

One paragraph per unit (clause or other block): ``number + text``, numbers as written;
criteria-table rows (units with ``cells``) as rows of a real Word table.

* A pair of units kept in place gets one paragraph (or table row) whose changed words
  are ``w:ins`` / ``w:del`` runs (deleted text in ``w:delText``); in a table each cell
  is diffed on its own.
* A deleted unit is a paragraph whose runs are all in ``w:del`` and whose paragraph
  mark is deleted too (``w:pPr/w:rPr/w:del``), so "Reject all" restores it as its own
  paragraph; an added unit likewise with ``w:ins``. A deleted or added table row
  carries ``w:trPr/w:del`` or ``w:trPr/w:ins``.
* A unit that moved out of order with its wording unchanged (``moved`` in the
  comparison; a changed number is fine) is a Word move: ``w:moveFrom`` at the old
  place, ``w:moveTo`` at the new one, in named ``w:moveFromRange…``/``w:moveToRange…``
  ranges; its old number is ``w:del`` at the source, its new number ``w:ins`` at the
  destination.
* Other units out of order, splits and merges are deleted paragraphs at the old place
  and inserted paragraphs at the new place.
* A table header row: the cell headers, from the header block the parser gives before
  the rows (or, with no such block, the table has no header row).
* Each revision has ``w:id`` (unique), ``w:author`` and ``w:date``; the settings turn
  on ``w:trackRevisions`` so further edits are tracked too.

So "Accept all" gives the new version and "Reject all" the old one; :func:`version_text`
gives both texts: one line per unit, a table row being its cells joined by ``" | "``,
empty units left out. :func:`accept_all` and :func:`reject_all` apply the revisions to
the XML and return that text (the title block, naming the versions, the author and the
date, is in its own paragraph style and not part of it). House style (A4, Times New
Roman 14, ND 30 margins) comes from :func:`consultkit.writers.style.new_document`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..comparison import worddiff as wd
from ..comparison.align import content_of
from ..comparison.core import longest_increasing
from . import style
from .tracked_read import document_text
from .tracked_xml import DEL, FROM, INS, KEEP, TO, Writer, column_widths, title_block

if TYPE_CHECKING:
    from ..comparison.core import Comparison

__all__ = ["write_tracked_changes", "accept_all", "reject_all", "version_text", "unit_line",
           "write_amending_docx"]

_HEADING_KINDS = {"part", "chapter", "section", "article", "annex", "title"}
_CENTRED_KINDS = {"part", "chapter", "annex", "title"}
_VIETNAM = dt.timezone(dt.timedelta(hours=7))
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


@dataclass
class _Unit:
    id: str
    kind: str
    line: str
    content: str                       # heading + text, without the number
    key: tuple[str, ...] | None = None  # table column headers
    cells: tuple[str, ...] | None = None
    header: bool = False
    heading_only: bool = False  # a heading without text of its own ("1. Phạm vi áp dụng")

    @property
    def bold(self) -> bool:
        return self.kind in _HEADING_KINDS or (self.heading_only and not self.id.startswith("_"))


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _NOT_XML.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _units(frame: pd.DataFrame) -> list[_Unit]:
    """The units of a version in document order; table rows keep their cells."""
    frame = frame.sort_values("order", kind="stable")
    has_cells = "cells" in frame.columns
    units = []
    for r in frame.itertuples(index=False):
        cells = getattr(r, "cells", None) if has_cells else None
        u = _Unit(r.clause_id, r.kind, unit_line(r.number, r.heading, r.text),
                  _NOT_XML.sub("", content_of(r.heading, r.text)),
                  heading_only=bool((r.heading or "").strip()) and not (r.text or "").strip())
        if isinstance(cells, dict) and cells:
            u.key = tuple(_cell(k) for k in cells)
            u.cells = tuple(_cell(v) for v in cells.values())
            u.line = " | ".join(u.cells)
            u.header = u.cells == u.key
        units.append(u)
    # the header block the parser gives before a table's rows becomes its header row
    for u, nxt in zip(units, units[1:]):
        if u.key is None and nxt.key is not None and u.line == " | ".join(nxt.key):
            u.key, u.cells, u.header = nxt.key, nxt.key, True
    return units


def version_text(frame: pd.DataFrame) -> str:
    """The text accept-all (new frame) or reject-all (old frame) must give."""
    return "\n".join(u.line for u in _units(frame) if u.line).rstrip("\n")


def _plan(comparison: "Comparison", old: list[_Unit], new: list[_Unit]) -> list[tuple]:
    """The stream of items ``(mode, old_unit, new_unit, move_name)`` in output order.

    Modes: ``pair`` (kept in place, diffed), ``del``, ``ins``, ``from``, ``to`` (a move).
    """
    old_pos = {u.id: i for i, u in enumerate(old)}
    new_pos = {u.id: j for j, u in enumerate(new)}
    t = comparison.table
    pairs = t[(t["old_id"] != "") & (t["new_id"] != "") & (t["group"] == "")]
    pairs = [(o, n) for o, n in zip(pairs["old_id"], pairs["new_id"])
             if o in old_pos and n in new_pos and old[old_pos[o]].key == new[new_pos[n]].key]
    pairs.sort(key=lambda p: new_pos[p[1]])
    kept = [pairs[k] for k in longest_increasing([old_pos[o] for o, _ in pairs])]
    kept_ids = {o for o, _ in kept}
    moves_old, moves_new = {}, {}
    for o, n in pairs:
        ou, nu = old[old_pos[o]], new[new_pos[n]]
        if o not in kept_ids and ou.key is None and ou.content and ou.content == nu.content:
            name = f"move{len(moves_old) + 1}"
            moves_old[o], moves_new[n] = (name, nu.line), (name, ou.line)
    items: list[tuple] = []
    i = j = 0

    def flush(until_old: int, until_new: int) -> None:
        nonlocal i, j
        for u in old[i:until_old]:
            items.append(("from", u, None, moves_old[u.id]) if u.id in moves_old
                         else ("del", u, None, None))
        for u in new[j:until_new]:
            items.append(("to", None, u, moves_new[u.id]) if u.id in moves_new
                         else ("ins", None, u, None))
        i, j = max(i, until_old), max(j, until_new)

    for o, n in kept:
        flush(old_pos[o], new_pos[n])
        items.append(("pair", old[old_pos[o]], new[new_pos[n]], None))
        i, j = old_pos[o] + 1, new_pos[n] + 1
    flush(len(old), len(new))
    return items


def _pieces(mode: str, a: str, b: str) -> list[tuple[int, str]]:
    if mode == "pair":
        return list(wd.word_diff(a, b))
    if mode == "del":
        return [(DEL, a)]
    if mode == "ins":
        return [(INS, b)]
    # a move: ``a`` and ``b`` are the old and new lines; shared words move, the rest is edited
    ops = wd.word_diff(a, b)
    if mode == "from":
        return [(FROM if op == wd.EQUAL else DEL, s) for op, s in ops if op != wd.INSERT]
    return [(TO if op == wd.EQUAL else INS, s) for op, s in ops if op != wd.DELETE]


_MARK = {"pair": KEEP, "del": DEL, "ins": INS, "from": FROM, "to": TO}


def _write_table(w: Writer, rows: list[tuple], total_mm: float) -> None:
    key = (rows[0][2] or rows[0][1]).key
    out, values = [], []
    for mode, ou, nu, _ in rows:
        n = len(key)
        olds = ou.cells if ou else ("",) * n
        news = nu.cells if nu else ("",) * n
        out.append({"cells": [_pieces(mode, a, b) for a, b in zip(olds, news)],
                    "mark": _MARK[mode], "header": (nu or ou).header})
        if not (nu or ou).header:
            values.append(news if nu else olds)
    w.table(key, out, column_widths(key, values, total_mm))


def _write_items(w: Writer, items: list[tuple], total_mm: float) -> None:
    k = 0
    while k < len(items):
        mode, ou, nu, move = items[k]
        u = nu or ou
        if u.key is not None:  # a run of rows with the same columns is one table
            end = k + 1
            while end < len(items):
                nxt = items[end][2] or items[end][1]
                if nxt.key != u.key or nxt.header:
                    break
                end += 1
            _write_table(w, items[k:end], total_mm)
            k = end
            continue
        partner = move[1] if move else ""
        a = ou.line if ou else partner
        b = nu.line if nu else partner
        pieces = _pieces(mode, a, b)
        if any(text for _, text in pieces):
            w.paragraph(pieces, bold=u.bold, keep_next=u.bold,
                        align="center" if u.kind in _CENTRED_KINDS else "both",
                        indent=not u.bold, mark=_MARK[mode],
                        move=(move[0], mode) if move else None)
        k += 1


def _iso_date(date: dt.datetime | dt.date | str | None) -> str:
    if date is None:
        date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return date.replace(microsecond=0).isoformat() + "Z"
    if isinstance(date, dt.date):
        return f"{date.isoformat()}T00:00:00Z"
    return str(date)


def _title_lines(old_name: str, new_name: str, author: str, iso: str) -> list[tuple[str, dict]]:
    try:
        when = dt.datetime.fromisoformat(iso.rstrip("Z"))
    except ValueError:
        when_text = iso
    else:
        if when.time() == dt.time(0):  # a date without a time of day
            when_text = style.format_date_vn(when.date())
        else:
            when = when.replace(tzinfo=dt.timezone.utc).astimezone(_VIETNAM)
            when_text = f"{when:%H} giờ {when:%M}, {style.format_date_vn(when.date())}"
    centred = dict(align="center", keep_next=True)
    return [
        ("BẢN THEO DÕI THAY ĐỔI", dict(bold=True, size=style.SIZE["title"], before=0, **centred)),
        (f"{new_name} so với {old_name}", dict(bold=True, size=style.SIZE["subtitle"], **centred)),
        (f"Người ghi thay đổi: {author}; thời điểm: {when_text}",
         dict(italic=True, size=13, before=6, **centred)),
        ("Chấp nhận tất cả thay đổi (Accept All) được " + new_name.lower()
         + "; từ chối tất cả (Reject All) được " + old_name.lower() + ".",
         dict(italic=True, size=13, after=12, **centred)),
    ]


def write_tracked_changes(comparison: "Comparison", path: str | Path, *,
                          author: str = "consultkit", date: dt.datetime | str | None = None,
                          old_name: str = "Văn bản hiện hành", new_name: str = "Dự thảo",
                          old_docx=None, new_docx=None) -> Path:
    """Write the new version with revision marks against the old one; returns the path.

    With ``old_docx`` and ``new_docx`` (the two Word files the comparison was made
    from), the new file itself gets the revision marks
    (:func:`consultkit.writers.tracked_docx.write_tracked_docx`). Otherwise a
    document is generated from the clause frames, and ``old_name`` and ``new_name``
    name the two versions in its title block.
    """
    path = Path(path)
    if old_docx is not None and new_docx is not None:
        from .tracked_docx import write_tracked_docx
        return write_tracked_docx(comparison, old_docx, new_docx, path, author=author, date=date)
    iso = _iso_date(date)
    doc = style.new_document()
    settings = doc.settings.element
    track = OxmlElement("w:trackRevisions")
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        proof.addnext(track)
    else:
        settings.insert(0, track)
    doc.core_properties.title = f"{new_name} (theo dõi thay đổi so với {old_name})"
    doc.core_properties.author = author
    # drop python-docx's empty first paragraph, if any
    for p in list(doc.element.body.findall(qn("w:p"))):
        doc.element.body.remove(p)
    title_block(doc, _title_lines(old_name, new_name, author, iso))
    w = Writer(doc, author, iso)
    old, new = _units(comparison.old), _units(comparison.new)
    _write_items(w, _plan(comparison, old, new), style.page_text_width(doc) / 36000)
    w.spacer()  # the last paragraph mark, never tracked
    return style.save_document(doc, path, what="the tracked-changes file")


def accept_all(docx_path: str | Path) -> str:
    """The document's text with every revision accepted."""
    return document_text(docx_path, accept=True).rstrip("\n")


def reject_all(docx_path: str | Path) -> str:
    """The document's text with every revision rejected."""
    return document_text(docx_path, accept=False).rstrip("\n")


def write_amending_docx(comparison: "Comparison", path: str | Path, *, document: str = "",
                        title: str = "Dự thảo nội dung sửa đổi, bổ sung") -> Path:
    """The amending wording (``Comparison.amending_text``) as a house-style .docx."""
    from ..comparison.amend import amending_text
    path = Path(path)
    doc = style.new_document()
    style.add_title(doc, title)
    lines = amending_text(comparison, document=document).split("\n")
    for k, line in enumerate(lines):
        style.add_body_paragraph(doc, line, bold=(k == 0))
    return style.save_document(doc, path, what="the amending document")
