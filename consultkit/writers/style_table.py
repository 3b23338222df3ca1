"""Fast bordered tables in the house style, built by cloning one prepared row.

python-docx's ``table.add_row()`` re-reads the table grid on each call and a
thousand rows of five cells take seconds; here the header row is made with
python-docx, then one template row (cells with widths, a paragraph and a run
carrying the size) is deep-copied for each data row and only its text is set.

A cell value is either a ``str`` (``"\\n"`` starts a new paragraph) or a
sequence of segments ``(text, flags)`` where ``flags`` holds ``b`` (bold),
``i`` (italic), ``u`` (underline), ``s`` (strike-through).
"""

from __future__ import annotations

import copy
from typing import Any, Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .. import text as vt
from .style_base import SIZE, page_text_width

_NOT_XML = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}


def xml_safe(text: str) -> str:
    """NFC text without the control characters XML cannot hold (pasted from PDFs, old systems)."""
    text = vt.nfc(str(text))
    if any(ch in _NOT_XML for ch in text):
        text = "".join(ch for ch in text if ch not in _NOT_XML)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


_TBLPR_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
                "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]


def set_tblpr(table, tag: str, **attrs: str):
    """Set (replace) one child of ``w:tblPr`` keeping the schema's order (Word insists)."""
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn(tag)):
        tblPr.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    later = {qn(t) for t in _TBLPR_ORDER[_TBLPR_ORDER.index(tag) + 1:]}
    for child in tblPr:
        if child.tag in later:
            child.addprevious(el)
            return el
    tblPr.append(el)
    return el


def _fixed_layout(table, widths: Sequence[int]) -> None:
    """Fixed column widths (EMU) in the grid, the table and every cell."""
    tbl = table._tbl
    set_tblpr(table, "w:tblW", w=str(int(sum(widths) / 635)), type="dxa")
    set_tblpr(table, "w:tblLayout", type="fixed")
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width / 635)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _emu_widths(doc, widths: Sequence[Any]) -> list[int]:

    emu = [int(w) if hasattr(w, "emu") else int(Mm(float(w))) for w in widths]
    available = page_text_width(doc)
    if sum(emu) > available:
        emu = [int(w * available / sum(emu)) for w in emu]
    return emu


def _make_run_template(size: float):
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size * 2)))
        rpr.append(el)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


def _make_paragraph_template(align: str):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "40")
    spacing.set(qn("w:after"), "40")
    ppr.append(spacing)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), _JC[align])
    ppr.append(jc)
    p.append(ppr)
    return p


_FLAG_TAGS = {"b": ("w:b", None), "i": ("w:i", None), "s": ("w:strike", None),
              "u": ("w:u", "single")}
# Order of rPr children required by the schema: b, i, strike, …, sz, szCs, u.
_FLAG_ORDER = {"b": 0, "i": 1, "s": 2}


def _segments(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return [("", "")]
    if isinstance(value, str):
        return [(value, "")]
    if isinstance(value, (list, tuple)) and all(isinstance(s, (list, tuple)) and len(s) == 2
                                                 for s in value):
        return [(str(t), str(f)) for t, f in value]
    return [(str(value), "")]


def _fill_cell(tc, value: Any, p_tpl, r_tpl) -> None:
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    paragraph = copy.deepcopy(p_tpl)
    tc.append(paragraph)
    for text, flags in _segments(value):
        pieces = xml_safe(text).split("\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraph = copy.deepcopy(p_tpl)
                tc.append(paragraph)
            if not piece:
                continue
            run = copy.deepcopy(r_tpl)
            run[1].text = piece
            if flags:
                rpr = run[0]
                size_el = rpr[0]  # w:sz: b, i, strike go before it, u after szCs
                for flag in sorted(set(flags) & set(_FLAG_TAGS), key=lambda f: _FLAG_ORDER.get(f, 9)):
                    tag, val = _FLAG_TAGS[flag]
                    el = OxmlElement(tag)
                    if val:
                        el.set(qn("w:val"), val)
                    if flag == "u":
                        rpr.append(el)
                    else:
                        size_el.addprevious(el)
            paragraph.append(run)


def _merge_runs(rows: list[Sequence[Any]], columns: Iterable[int]) -> dict[tuple[int, int], str]:
    """(row, col) -> 'restart' | 'continue' for vertically merged equal values."""
    marks: dict[tuple[int, int], str] = {}
    cols = sorted(columns)
    for c in cols:
        earlier = [k for k in cols if k < c]
        for i in range(1, len(rows)):
            same = rows[i][c] == rows[i - 1][c] and rows[i][c] not in ("", None)
            same = same and all(rows[i][k] == rows[i - 1][k] for k in earlier)
            if same:
                marks.setdefault((i - 1, c), "restart")
                marks[(i, c)] = "continue"
    return marks


#: Rows with at most this many characters are kept on one page (w:cantSplit).
KEEP_ROW_CHARS = 900


def add_table(doc, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[Any], *,
              size: float | None = None, align: Sequence[str] | None = None,
              merge_columns: Iterable[int] = (), repeat_header: bool = True):
    """A bordered table: bold centred header (repeated on each page), one row per item.

    ``widths`` in millimetres (or docx Length), scaled down to the text width
    if they do not fit; ``align`` per column (left, center, right, justify);
    ``merge_columns``: columns whose equal consecutive values are merged
    vertically (e.g. the clause of several comments).
    """

    size = size or SIZE["table"]
    n = len(header)
    align = list(align or ["left"] * n)
    emu = _emu_widths(doc, widths)
    table = doc.add_table(rows=1, cols=n)
    table.style = doc.styles["Table Grid"]
    _fixed_layout(table, emu)
    head_tr = table.rows[0]._tr
    r_tpl = _make_run_template(size)
    for tc, label in zip(head_tr.findall(qn("w:tc")), header):
        _fill_cell(tc, [(label, "b")], _make_paragraph_template("center"), r_tpl)
    if repeat_header:
        trPr = head_tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:tblHeader"))
    row_tpl = copy.deepcopy(head_tr)
    trPr = row_tpl.find(qn("w:trPr"))
    if trPr is not None:
        row_tpl.remove(trPr)
    p_tpls = [_make_paragraph_template(a) for a in align]
    rows = [list(r) + [""] * (n - len(r)) for r in rows]
    marks = _merge_runs(rows, merge_columns)
    tbl = table._tbl
    for i, row in enumerate(rows):
        tr = copy.deepcopy(row_tpl)
        for j, tc in enumerate(tr.findall(qn("w:tc"))):
            mark = marks.get((i, j))
            if mark:
                vmerge = OxmlElement("w:vMerge")
                if mark == "restart":
                    vmerge.set(qn("w:val"), "restart")
                tc.find(qn("w:tcPr")).append(vmerge)
            _fill_cell(tc, "" if mark == "continue" else row[j], p_tpls[j], r_tpl)
        if sum(len(str(v)) for v in row) <= KEEP_ROW_CHARS:
            # A short row is never cut across two pages (long ones must be, or they would not fit).
            tr.insert(0, OxmlElement("w:trPr"))
            tr[0].append(OxmlElement("w:cantSplit"))
        tbl.append(tr)
    return table


__all__ = ["add_table", "xml_safe"]
