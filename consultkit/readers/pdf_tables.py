"""Ruled tables of a PDF page, cell by cell, from the lines drawn around the cells.

Word and LibreOffice print a table's borders as thin filled rectangles or
strokes, one per cell side. :func:`page_tables` reads them with pypdfium2:
horizontal and vertical rules are grouped into tables (rules that touch), the
rule positions give the grid, a grid cell with no rule between it and its
neighbour is merged with it (a cell merged across columns or down rows is one
list object in every grid position it covers, as
:func:`consultkit.readers.letters.docx_blocks` gives it), and each cell's text
is the text inside its box. Tables without borders (letter headers,
signature blocks) are not found here; the layout text handles them.
"""

from __future__ import annotations

import re

RULE = 2.0        # a rule is thinner than this (points)
TOUCH = 2.5       # rules this close belong to one table


def _rules(page):
    import pypdfium2.raw as raw

    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if height <= RULE and width > 4:
            horizontal.append(((top + bottom) / 2, left, right))
        elif width <= RULE and height > 4:
            vertical.append(((left + right) / 2, bottom, top))
    return horizontal, vertical


def _groups(horizontal, vertical):
    """Tables: connected groups of rules (a horizontal and a vertical rule touch when
    they cross or meet within :data:`TOUCH`)."""
    items = [("h", r) for r in horizontal] + [("v", r) for r in vertical]
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, (k, _) in enumerate(items) if k == "h"]
    vs = [i for i, (k, _) in enumerate(items) if k == "v"]
    for i in hs:
        y, x1, x2 = items[i][1]
        for j in vs:
            x, y1, y2 = items[j][1]
            if x1 - TOUCH <= x <= x2 + TOUCH and y1 - TOUCH <= y <= y2 + TOUCH:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, rule) in enumerate(items):
        h, v = groups.setdefault(find(i), ([], []))
        (h if kind == "h" else v).append(rule)
    out = []
    for h, v in groups.values():
        out.extend(_split_stacked(h, v))
    return [g for g in out if len(g[0]) >= 2 and len(g[1]) >= 2]


def _split_stacked(horizontal, vertical):
    """Two tables written one right under the other share a rule: cut them apart where the
    column rules change (a band's rules neither a subset nor a superset of the band above;
    a row merged across the table only drops rules, so it does not cut)."""
    ys = _positions([y for y, _, _ in horizontal])[::-1]
    bands = []
    for top, bottom in zip(ys, ys[1:]):
        mid = (top + bottom) / 2
        bands.append(frozenset(round(x) for x, y1, y2 in vertical if y1 - TOUCH <= mid <= y2 + TOUCH))
    cuts = [ys[0]]
    for k in range(1, len(bands)):
        a, b = bands[k - 1], bands[k]
        if a and b and not (a <= b or b <= a) and not _near_subset(a, b):
            cuts.append(ys[k])
    cuts.append(ys[-1])
    if len(cuts) == 2:
        return [(horizontal, vertical)]
    parts = []
    for top, bottom in zip(cuts, cuts[1:]):
        h = [r for r in horizontal if bottom - TOUCH <= r[0] <= top + TOUCH]
        v = [(x, max(y1, bottom), min(y2, top)) for x, y1, y2 in vertical
             if y2 > bottom + TOUCH and y1 < top - TOUCH]
        parts.append((h, v))
    return parts


def _near_subset(a: frozenset, b: frozenset) -> bool:
    """Rule sets equal but for rounding (a rule drawn at 84.5 in one row and 85 in the next)."""
    def within(xs, ys):
        return all(any(abs(x - y) <= TOUCH for y in ys) for x in xs)
    return within(a, b) or within(b, a)


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > TOUCH:
            out.append(value)
    return out


def _covered(rules, at: float, lo: float, hi: float) -> bool:
    """Whether a rule at ``at`` covers the middle of the span lo..hi."""
    mid = (lo + hi) / 2
    return any(abs(pos - at) <= TOUCH and a - TOUCH <= mid <= b + TOUCH for pos, a, b in rules)


def _grid(horizontal, vertical):
    """(row tops, column lefts, grid position -> merged cell key) of one table."""
    ys = _positions([y for y, _, _ in horizontal])[::-1]          # top to bottom
    xs = _positions([x for x, _, _ in vertical])
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vertical, xs[c + 1], ys[r + 1], ys[r]):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < rows and not _covered(horizontal, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1, c))] = find((r, c))
    return ys, xs, {key: find(key) for key in parent}


def _locate(ys, xs, x: float, y: float):
    """(row, column) of a point inside a table; a point beyond the left or right rule
    (text running past a too-wide table's edge) goes to the outer column."""
    if not ys[-1] - TOUCH <= y <= ys[0] + TOUCH:
        return None
    row = next((r for r in range(len(ys) - 1) if ys[r + 1] <= y <= ys[r] + TOUCH), len(ys) - 2)
    col = next((c for c in range(len(xs) - 1) if x < xs[c + 1]), len(xs) - 2)
    return row, col


def _cell_lines(chars: list[tuple[str, float]]) -> list[str]:
    """Characters of one cell (text, baseline) → its lines, split where the baseline moves."""
    lines: list[str] = []
    current, base = "", None
    for ch, y in chars:
        if base is not None and abs(y - base) > 3 and current.strip():
            lines.append(current)
            current = ""
        if ch.strip() or current:
            current += ch
        base = y if ch.strip() else base
    if current.strip():
        lines.append(current)
    out: list[str] = []
    for line in (re.sub(r"\s+", " ", line).strip() for line in lines):
        if out and (out[-1].endswith("\ufffe") or re.search(r"\S-$", out[-1])):
            # a line broken after a hyphen ("TT-" / "BYT"; pdfium marks it U+FFFE): one word
            out[-1] = out[-1].replace("\ufffe", "-") + line
        else:
            out.append(line)
    return [line.replace("\ufffe", "-") for line in out]


def page_tables(data: bytes) -> list[list[list]]:
    """For each page, its ruled tables from top to bottom: rows of cells, each cell a list
    of lines (a merged cell the same list in every position it covers)."""
    import pypdfium2 as pdfium

    out = []
    document = pdfium.PdfDocument(data)
    try:
        for page in document:
            grids = [g for g in (_grid(h, v) for h, v in _groups(*_rules(page))) if g is not None]
            grids.sort(key=lambda g: -g[0][0])
            chars: list[dict] = [{} for _ in grids]
            if grids:
                textpage = page.get_textpage()
                count = textpage.count_chars()
                text = textpage.get_text_range(0, count)
                for k in range(min(count, len(text))):
                    ch = text[k]
                    if ch in "\r\n":
                        continue
                    left, bottom, right, top = textpage.get_charbox(k, loose=True)
                    x, y = (left + right) / 2, (top + bottom) / 2
                    for g, (ys, xs, cells) in enumerate(grids):
                        at = _locate(ys, xs, x, y)
                        if at is not None:
                            chars[g].setdefault(cells[at], []).append((ch, bottom))
                            break
            tables = []
            for (ys, xs, cells), found in zip(grids, chars):
                text_of = {key: _cell_lines(found.get(key, [])) for key in set(cells.values())}
                tables.append([[text_of[cells[(r, c)]] for c in range(len(xs) - 1)]
                               for r in range(len(ys) - 1)])
            out.append(tables)
    finally:
        document.close()
    return out
