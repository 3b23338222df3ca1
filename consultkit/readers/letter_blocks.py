"""The .docx side of the letter reader: a document's paragraphs and tables in reading order.

:func:`docx_blocks` gives the blocks :func:`consultkit.readers.letters.letter_from_blocks`
reads (as :func:`consultkit.readers.pdf.pdf_blocks` does for a PDF): each paragraph with
its automatic numbering level (:func:`_list_level`), each table as rows of cells
(:func:`_cell_lines`, nested tables included).
"""

from __future__ import annotations

import weakref

from ..text import normalize

#: per document part: paragraph style id → the pPr of the style and its bases (python-docx
#: finds a paragraph's style by scanning every style: once per style, not once per paragraph)
_STYLE_CHAINS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _style_chain(paragraph) -> list:
    chains = _STYLE_CHAINS.setdefault(paragraph.part, {})
    key = paragraph._p.style
    if key not in chains:
        chain, style = [], paragraph.style
        while style is not None:
            chain.append(style.element.pPr)
            style = style.base_style
        chains[key] = chain
    return chains[key]


def _list_level(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of an auto-numbered paragraph, directly or by its style; else None."""
    candidates = [paragraph._p.pPr, *_style_chain(paragraph)]
    for ppr in candidates:
        num = ppr.numPr if ppr is not None else None
        if num is not None and num.numId is not None:
            if num.numId.val == 0:
                return None
            return (num.numId.val, num.ilvl.val if num.ilvl is not None else 0)
    return None


def _cell_lines(cell) -> list[str]:
    """The lines of a table cell, nested tables included (row by row)."""
    lines = [normalize(line) for par in cell.paragraphs for line in par.text.split("\n")
             if normalize(line)]
    for inner in cell.tables:
        for row in inner.rows:
            seen = set()
            for sub in row.cells:
                if id(sub._tc) not in seen:
                    seen.add(id(sub._tc))
                    lines.extend(_cell_lines(sub))
    return lines


def docx_blocks(document, name: str = "<letter>"):
    """(kind, index, lines, level) in document order: ('p', i, [text], numbering level or None)
    or ('t', i, rows of cells, None); :func:`consultkit.readers.pdf.pdf_blocks` gives the same.

    A merged cell is the same list object in every row and column it covers (python-docx
    gives the same cell there), so readers can tell "merged with the cell above" from
    "the same text written again". More paragraphs and tables than the paragraphs budget
    (limits) is a LimitError."""
    from docx.table import Table

    from .limits import check_paragraphs, current
    from .numbering import W, Numbering

    most = current().paragraphs
    numbering = Numbering.from_document(document)
    p_index = t_index = 0
    for item in document.iter_inner_content():
        if p_index + t_index >= most:
            check_paragraphs(p_index + t_index, name)
        if isinstance(item, Table):
            t_index += 1
            rows = []
            seen: dict = {}
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    key = cell._tc
                    if key not in seen:
                        seen[key] = _cell_lines(cell)
                    cells.append(seen[key])
                rows.append(cells)
            yield "t", t_index, rows, None
        else:
            p_index += 1
            level = _list_level(item)
            ppr = item._p.pPr
            style = ppr.find(W + "pStyle") if ppr is not None else None
            shown, _ = numbering.resolve(ppr, style.get(W + "val") if style is not None else "Normal")
            number = normalize(shown)
            for line in item.text.split("\n"):
                if normalize(line):
                    # the number Word displays is part of what the reader sees ("1. …", "a) …")
                    text = f"{number} {normalize(line)}" if number else normalize(line)
                    yield "p", p_index, [text], level
                    level = None
                    number = ""
