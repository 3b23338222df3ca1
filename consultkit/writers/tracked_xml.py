"""The XML of revision marks: paragraphs, criteria tables and moves (used by ``tracked.py``).

python-docx has no API for revisions, so everything here is built on its XML layer:

* a paragraph is a list of pieces ``(op, text)``; ``op`` is one of the revision kinds
  below and says which wrapper the run goes in (``w:ins``, ``w:del`` with the text in
  ``w:delText``, ``w:moveFrom``, ``w:moveTo``, or none);
* the paragraph mark carries the paragraph's own revision (``w:pPr/w:rPr/w:ins`` …) so
  that a wholly added, deleted or moved paragraph disappears as a paragraph;
* a moved paragraph sits inside a named range (``w:moveFromRangeStart``/``End`` at the
  old place, ``w:moveToRangeStart``/``End`` at the new place, the same ``w:name``);
* a table row added or deleted carries ``w:trPr/w:ins`` or ``w:trPr/w:del``; a header
  row ``w:trPr/w:tblHeader`` (repeated on each page).

Every revision and range has a unique ``w:id``, the author and the date.
"""

from __future__ import annotations

from typing import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from . import style

# Piece and mark kinds (the first three are worddiff's DELETE, EQUAL, INSERT).
DEL, KEEP, INS, FROM, TO = -1, 0, 1, 2, 3
_WRAP = {DEL: "w:del", INS: "w:ins", FROM: "w:moveFrom", TO: "w:moveTo"}

#: Name of the paragraph style of the title block (not part of either version's text).
TITLE_STYLE = "Khối tiêu đề bản so sánh"

_BODY_HALF_POINTS = str(int(style.SIZE["body"] * 2))
_TABLE_HALF_POINTS = str(int(style.SIZE["table"] * 2))


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key if ":" in key else f"w:{key}"), value)
    return el


def _run_props(*, bold: bool, size: str):
    rpr = OxmlElement("w:rPr")
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    rpr.append(_el("w:sz", val=size))
    rpr.append(_el("w:szCs", val=size))
    return rpr


class Writer:
    """Appends tracked paragraphs and tables to a python-docx document's body."""

    def __init__(self, doc, author: str, date: str):
        self.doc = doc
        self.body = doc.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.author, self.date, self.next_id = author, date, 1
        self.last_was_table = False

    # ------------------------------------------------------------ helpers
    def _id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    def mark(self, kind: int):
        return _el(_WRAP[kind], id=self._id(), author=self.author, date=self.date)

    def _place(self, el) -> None:
        if self.sect is not None:
            self.sect.addprevious(el)
        else:
            self.body.append(el)

    def _runs(self, p, pieces, *, bold: bool, size: str) -> None:
        for op, text in pieces:
            if not text:
                continue
            run = OxmlElement("w:r")
            run.append(_run_props(bold=bold, size=size))
            for k, piece in enumerate(text.split("\n")):
                if k:  # a line break inside the unit's text
                    run.append(OxmlElement("w:br"))
                if piece:
                    t = OxmlElement("w:delText" if op == DEL else "w:t")
                    t.set(qn("xml:space"), "preserve")
                    t.text = piece
                    run.append(t)
            if op == KEEP:
                p.append(run)
            else:
                wrapper = self.mark(op)
                wrapper.append(run)
                p.append(wrapper)

    # ------------------------------------------------------------ paragraphs
    def paragraph(self, pieces: Sequence[tuple[int, str]], *, bold: bool = False,
                  align: str = "both", indent: bool = True, keep_next: bool = False,
                  mark: int = KEEP, move: tuple[str, str] | None = None):
        """One paragraph; ``mark`` is the revision of its paragraph mark, ``move`` is
        ``(name, "from"|"to")`` to wrap its content in a named move range."""
        if self.last_was_table:
            self.spacer()
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        if keep_next:
            ppr.append(OxmlElement("w:keepNext"))
        ppr.append(_el("w:spacing", before="120", after="0", line="276", lineRule="auto"))
        if indent and align == "both":
            ppr.append(_el("w:ind", firstLine=str(int(style.BODY_INDENT / 635))))
        ppr.append(_el("w:jc", val=align))
        rpr = OxmlElement("w:rPr")
        if mark != KEEP:
            rpr.append(self.mark(mark))
        if bold:
            rpr.append(OxmlElement("w:b"))
        rpr.append(_el("w:sz", val=_BODY_HALF_POINTS))
        ppr.append(rpr)
        p.append(ppr)
        range_id = None
        if move is not None:
            name, side = move
            tag = "w:moveFromRangeStart" if side == "from" else "w:moveToRangeStart"
            range_id = self._id()
            p.append(_el(tag, id=range_id, name=name, author=self.author, date=self.date))
        self._runs(p, pieces, bold=bold, size=_BODY_HALF_POINTS)
        if move is not None:
            tag = "w:moveFromRangeEnd" if move[1] == "from" else "w:moveToRangeEnd"
            p.append(_el(tag, id=range_id))
        self._place(p)
        self.last_was_table = False
        return p

    def spacer(self):
        """An empty untracked paragraph (after the last table, between two tables)."""
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(_el("w:spacing", before="0", after="0"))
        p.append(ppr)
        self._place(p)
        self.last_was_table = False
        return p

    # ------------------------------------------------------------ tables
    def table(self, header: Sequence[str], rows: Sequence[dict], widths_mm: Sequence[float]):
        """A bordered criteria table.

        ``rows``: dicts with ``cells`` (one piece list per column), ``mark`` (KEEP, INS or
        DEL for the whole row) and ``header`` (a header row, bold and repeated).
        """
        if self.last_was_table:
            self.spacer()
        n = len(header)
        table = self.doc.add_table(rows=0, cols=n)
        table.style = self.doc.styles["Table Grid"]
        emu = [int(Mm(w)) for w in widths_mm]
        style._fixed_layout(table, emu)
        tbl = table._tbl
        tbl.getparent().remove(tbl)
        self._place(tbl)
        twips = [str(int(w / 635)) for w in emu]
        centred = [_short_column(rows, j) for j in range(n)]
        for row in rows:
            tr = OxmlElement("w:tr")
            trpr = OxmlElement("w:trPr")
            trpr.append(OxmlElement("w:cantSplit"))
            if row.get("header"):
                trpr.append(OxmlElement("w:tblHeader"))
            if row["mark"] != KEEP:
                trpr.append(self.mark(row["mark"]))
            tr.append(trpr)
            for j, pieces in enumerate(row["cells"]):
                tc = OxmlElement("w:tc")
                tcpr = OxmlElement("w:tcPr")
                tcpr.append(_el("w:tcW", w=twips[j], type="dxa"))
                tc.append(tcpr)
                p = OxmlElement("w:p")
                ppr = OxmlElement("w:pPr")
                ppr.append(_el("w:spacing", before="40", after="40"))
                head = bool(row.get("header"))
                ppr.append(_el("w:jc", val="center" if head or centred[j] else "left"))
                rpr = OxmlElement("w:rPr")
                if row["mark"] != KEEP:
                    rpr.append(self.mark(row["mark"]))
                rpr.append(_el("w:sz", val=_TABLE_HALF_POINTS))
                ppr.append(rpr)
                p.append(ppr)
                self._runs(p, pieces, bold=head, size=_TABLE_HALF_POINTS)
                tc.append(p)
                tr.append(tc)
            tbl.append(tr)
        self.last_was_table = True
        return table


def _short_column(rows: Sequence[dict], j: int) -> bool:
    """A column of short values (STT, 'x' marks) is centred."""
    texts = ["".join(t for _, t in row["cells"][j]) for row in rows if not row.get("header")]
    return bool(texts) and max(len(t) for t in texts) <= 6


def column_widths(header: Sequence[str], values: Sequence[Sequence[str]], total_mm: float
                  ) -> list[float]:
    """Column widths (mm) filling ``total_mm``: narrow for short columns, the rest shared
    by the average length of the text columns."""
    n = len(header)
    longest = [max([len(header[j])] + [len(v[j]) for v in values if j < len(v)]) for j in range(n)]
    mean = [sum(len(v[j]) for v in values if j < len(v)) / max(1, len(values)) for j in range(n)]
    fixed = {}
    for j in range(n):
        if max((len(v[j]) for v in values if j < len(v)), default=0) <= 6:
            fixed[j] = min(22.0, max(12.0, 2.0 * len(header[j])))
    free = total_mm - sum(fixed.values())
    flexible = [j for j in range(n) if j not in fixed]
    if not flexible or free < 20 * len(flexible):
        return [total_mm / n] * n
    weights = {j: max(3.0, (mean[j] * longest[j]) ** 0.25) for j in flexible}
    total_w = sum(weights.values())
    return [fixed[j] if j in fixed else free * weights[j] / total_w for j in range(n)]


def title_block(doc, lines: Sequence[tuple[str, dict]]) -> None:
    """Paragraphs in :data:`TITLE_STYLE` (left out of the versions' texts)."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        block_style = doc.styles[TITLE_STYLE]
    except KeyError:
        block_style = doc.styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        block_style.style_id = "TrackedTitleBlock"  # ASCII id; the name is what is looked up
        block_style.base_style = doc.styles["Normal"]
        block_style.quick_style = True
    for text, fmt in lines:
        p = style.add_paragraph(doc, text, **fmt)
        p.style = block_style
