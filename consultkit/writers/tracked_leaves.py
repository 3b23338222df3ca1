"""The body of a Word file as *leaves*: paragraphs and table rows, in document order.

Used by the tracked-changes writer on Word inputs (:mod:`.tracked_docx`). A leaf is a
body paragraph (``kind`` "p") or a row of a table (``kind`` "r"), with the element
itself, its visible text and its place named the way
:func:`consultkit.readers.word.read_blocks` names it (``p12``: the 12th body paragraph,
counting empty ones; ``t2.r3``: the 3rd row of the 2nd table), so the clause frame's
``location`` column maps each clause unit onto its leaves. A one-cell table is a box
around body text: the reader counts its paragraphs as body paragraphs; here the box is
one leaf (``kind`` "b") that answers to their places, so a box is paired, inserted or
deleted whole and its paragraphs are aligned inside it. Content controls (``w:sdt``)
are looked through.

The text of a paragraph (:func:`run_pieces`) is what the reader of a revision-free
file shows: ``w:t`` text, a tab as ``"\\t"``, a line break as ``"\\n"``; deleted
revisions, field instructions and text boxes are not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, R, TBL, TR, TC = W + "p", W + "r", W + "tbl", W + "tr", W + "tc"

#: containers whose runs belong to the paragraph (looked through)
RUN_CONTAINERS = {W + "hyperlink", W + "smartTag", W + "sdt", W + "sdtContent", W + "customXml",
                  W + "fldSimple", W + "ins", W + "moveTo", W + "dir", W + "bdo"}
#: containers at body level that hold paragraphs and tables
_BODY_WRAPPERS = {W + "sdt", W + "customXml", W + "ins", W + "smartTag", W + "moveTo"}
#: the length each run child adds to the text
TEXT_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
              W + "noBreakHyphen": "-"}
_LOCATION = re.compile(r"^(p\d+|t\d+\.r\d+)(?:-(p\d+|t\d+\.r\d+))?$")


@dataclass
class Leaf:
    kind: str                   # "p", "r", or "b" (a box: a one-cell table around text)
    el: object                  # the w:p or w:tr element (a box: its row)
    text: str                   # the paragraph's text; for a row its cells' texts joined by " | "
    loc: str                    # "p12" or "t2.r3"
    table: object = None        # the w:tbl of a row
    unit: str = ""              # the clause unit this leaf belongs to ("" if none)
    clause: bool = False        # the unit is a clause (not a header, title, signature …)
    index: int = 0              # position among the document's leaves
    cells: list = field(default_factory=list)  # for rows: each cell's paragraph elements
    box: bool = False           # a paragraph inside a one-cell table (a box around text)
    aliases: list = field(default_factory=list)  # a box: the places of the paragraphs in it


def runs(p):
    """The ``w:r`` elements of a paragraph in order, through hyperlinks, fields, content
    controls and inserted revisions (not deleted ones)."""
    for child in p:
        tag = child.tag
        if tag == R:
            yield child
        elif tag in RUN_CONTAINERS:
            yield from runs(child)


def run_pieces(run) -> list[tuple[object, str]]:
    """The children of a run that carry text, with the text each one shows."""
    out = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            if child.text:
                out.append((child, child.text))
        elif tag in TEXT_CHARS:
            if tag == W + "br" and child.get(W + "type") in ("page", "column"):
                continue
            out.append((child, TEXT_CHARS[tag]))
    return out


def run_text(run) -> str:
    return "".join(t for _, t in run_pieces(run))


def paragraph_text(p) -> str:
    """The visible text of a paragraph (see the module docstring)."""
    return "".join(run_text(r) for r in runs(p))


def _children(element, tag) -> list:
    """The children of ``element`` with ``tag``, looking through content controls (w:sdt)."""
    out = []
    for child in element:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _BODY_WRAPPERS:
            content = child.find(W + "sdtContent")
            out.extend(_children(content if content is not None else child, tag))
    return out


def cells_of(tr) -> list:
    """The cells of a row (through content controls)."""
    return _children(tr, TC)


def rows_of(tbl) -> list:
    return _children(tbl, TR)


def cell_paragraphs(tc) -> list:
    """The paragraphs directly in a cell (nested tables are left as they are)."""
    return _children(tc, P)


def row_text(cells: list[list]) -> str:
    return " | ".join("\n".join(paragraph_text(p) for p in ps) for ps in cells)


def _single_cell(tbl):
    rows = rows_of(tbl)
    if len(rows) != 1:
        return None
    cells = cells_of(rows[0])
    return cells[0] if len(cells) == 1 else None


class _Walker:
    def __init__(self):
        self.leaves: list[Leaf] = []
        self.n_par = self.n_tbl = 0

    def body(self, element, in_box: bool = False) -> None:
        for child in element:
            tag = child.tag
            if tag == P:
                self.n_par += 1
                self._add(Leaf("p", child, paragraph_text(child), f"p{self.n_par}", box=in_box))
            elif tag == TBL:
                box = _single_cell(child)
                if box is not None:
                    # one leaf for the box (paired, inserted or deleted whole, its text
                    # aligned inside); the reader counts its paragraphs as body paragraphs
                    inner = _Walker()
                    inner.n_par, inner.n_tbl = self.n_par, self.n_tbl
                    inner.body(box, True)
                    self.n_par, self.n_tbl = inner.n_par, inner.n_tbl
                    paragraphs = cell_paragraphs(box)
                    leaf = Leaf("b", rows_of(child)[0], row_text([paragraphs]),
                                inner.leaves[0].loc if inner.leaves else f"p{self.n_par}",
                                table=child, cells=[paragraphs],
                                aliases=[loc for x in inner.leaves for loc in (x.loc, *x.aliases)])
                    self._add(leaf)
                    continue
                self.n_tbl += 1
                for r, tr in enumerate(rows_of(child), start=1):
                    cells = [cell_paragraphs(tc) for tc in cells_of(tr)]
                    self._add(Leaf("r", tr, row_text(cells), f"t{self.n_tbl}.r{r}", table=child,
                                   cells=cells))
            elif tag in _BODY_WRAPPERS:
                content = child.find(W + "sdtContent")
                self.body(content if content is not None else child, in_box)

    def _add(self, leaf: Leaf) -> None:
        leaf.index = len(self.leaves)
        self.leaves.append(leaf)


def read_leaves(body) -> list[Leaf]:
    """The leaves of a ``w:body`` element in document order."""
    walker = _Walker()
    walker.body(body)
    return walker.leaves


def assign_units(leaves: list[Leaf], frame) -> dict[str, list[Leaf]]:
    """Give each leaf the clause unit whose ``location`` range covers it.

    A unit covers the leaves from the start of its location to its end (``p13-p14``);
    a leaf covered by two units (a table row holding the recipients and the signature)
    goes to the first. Returns the leaves of each unit, in order. Units whose location
    is not a Word location (a text file's ``line 40``) cover nothing.
    """
    where = {leaf.loc: leaf.index for leaf in leaves}
    for leaf in leaves:
        for alias in leaf.aliases:  # places inside a box are the box
            where.setdefault(alias, leaf.index)
    out: dict[str, list[Leaf]] = {}
    cols = ["clause_id", "location", "kind"]
    for cid, location, kind in frame.sort_values("order", kind="stable")[cols].itertuples(index=False):
        m = _LOCATION.match(str(location or ""))
        if not m or m.group(1) not in where:
            continue
        start = where[m.group(1)]
        end = where.get(m.group(2) or m.group(1), start)
        mine = []
        clause = not str(cid).startswith("_")
        for k in range(start, max(start, end) + 1):
            leaf = leaves[k]
            if not leaf.unit:
                leaf.unit, leaf.clause = cid, clause
                mine.append(leaf)
        if mine:
            out[cid] = mine
    return out
