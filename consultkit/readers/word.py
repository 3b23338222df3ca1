"""Word (.docx) → blocks in document order: paragraphs and table rows.

:func:`read_blocks` walks the body of a .docx (opened through
:func:`consultkit.readers.files.open_docx`) and returns one :class:`Block` per
non-empty paragraph and one per table row, in document order.

What is read, and what is not:

* paragraph text is the text of its runs (including inserted revisions,
  hyperlinks, fields' results and content controls), NFC, with white space
  collapsed (:func:`consultkit.text.normalize`); tabs and line breaks become
  spaces. Deleted revisions (``w:del``) are not read;
* **automatic numbering** is resolved (:mod:`consultkit.readers.numbering`):
  ``Block.number`` is the number Word displays ("1.2.", "a)", "IV.", "•"),
  kept apart from ``Block.text``; :attr:`Block.display` joins them;
* tables: one block per row (a one-cell table is a box drawn around body
  text: its paragraphs and tables are read as body blocks); ``cells`` holds each cell's text once (a cell
  merged across columns with ``w:gridSpan`` is one cell; a cell continuing a
  vertical merge (``w:vMerge`` without ``restart``) is ""), a cell's
  paragraphs joined by a space; nested tables are flattened into the text of
  the cell that holds them; rows and cells inside content controls
  (``w:sdt``) or inserted revisions are read, and a row's ``w:gridBefore``
  shifts its cells to their grid columns. ``header`` holds the texts of the table's first
  row for every row, aligned on grid columns, so ``cells_by_header`` works on
  merged rows too;
* **ignored**: text boxes (``w:txbxContent``), shapes and drawings, headers
  and footers of the page, footnotes and endnotes, comments. Their text is not
  part of the blocks, so it is not part of the round-trip text either.

Empty paragraphs (no text and no displayed number) are skipped; paragraphs
are still counted, so ``location`` 'p12' is the 12th body paragraph (1-based)
as Word shows it, and 't1.r3' the 3rd row of the 1st top-level table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import normalize
from .files import Source, open_docx
from .numbering import W, Numbering

_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", W + "drawing", W + "pict", W + "object",
         W + "footnoteReference", W + "endnoteReference", W + "commentReference",
         W + "instrText", W + "delText", W + "rPr", W + "pPr",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_BREAKS = {W + "tab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-",
           W + "softHyphen": ""}


@dataclass
class Block:
    """One paragraph or one table row of a document."""

    kind: str                    # 'paragraph' | 'table_row'
    text: str                    # paragraph text (NFC); for rows the cells joined by ' | '
    number: str = ""             # the number Word displays for an auto-numbered paragraph
    style: str = ""              # paragraph style name ('Heading 1'), '' for rows
    bold: bool = False           # every run with text is bold (directly or by style)
    alignment: str = ""          # 'center', 'both', 'left', 'right' or ''
    location: str = ""           # 'p12' or 't1.r3'
    cells: tuple[str, ...] = ()  # for table rows: the cells' texts, merged cells once
    header: tuple[str, ...] = ()  # for table rows: the header row's texts, aligned on cells
    level: int | None = None     # numbering level (ilvl) of an auto-numbered paragraph
    meta: dict = field(default_factory=dict)

    @property
    def display(self) -> str:
        """The text as displayed: number and text joined by a space."""
        if self.kind == "table_row":
            return " | ".join(c for c in self.cells if c)
        return f"{self.number} {self.text}".strip() if self.number else self.text

    def cells_by_header(self) -> dict[str, str]:
        """Cells keyed by the header row's texts (duplicate/empty headers get 'cột N')."""
        out: dict[str, str] = {}
        for index, cell in enumerate(self.cells):
            name = self.header[index] if index < len(self.header) else ""
            if not name or name in out:
                name = f"cột {index + 1}"
            out[name] = cell
        return out


def _run_text(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in _BREAKS:
            out.append(_BREAKS[tag])
        elif tag == W + "sym":
            out.append("")
        else:
            _run_text(child, out)


def paragraph_text(p) -> str:
    """Raw text of a ``w:p`` element (not normalised)."""
    out: list[str] = []
    _run_text(p, out)
    return "".join(out)


class _Styles:
    def __init__(self, document):
        self.names: dict[str, str] = {}
        self.bold: dict[str, bool] = {}
        self.based: dict[str, str] = {}
        try:
            root = document.part.styles.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            name = style.find(W + "name")
            self.names[sid] = name.get(W + "val") if name is not None else sid
            based = style.find(W + "basedOn")
            if based is not None:
                self.based[sid] = based.get(W + "val")
            rpr = style.find(W + "rPr")
            b = rpr.find(W + "b") if rpr is not None else None
            if b is not None:
                self.bold[sid] = b.get(W + "val", "1") not in ("0", "false")

    def is_bold(self, sid: str | None) -> bool:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.bold:
                return self.bold[sid]
            sid = self.based.get(sid)
        return False


def _is_bold(p, style_bold: bool) -> bool:
    runs = [r for r in p.iter(W + "r")
            if any((t.text or "").strip() for t in r.findall(W + "t"))]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(W + "rPr")
        b = rpr.find(W + "b") if rpr is not None else None
        if b is None:
            if not style_bold:
                return False
        elif b.get(W + "val", "1") in ("0", "false"):
            return False
    return True


_WRAPPERS = {W + "sdt", W + "customXml", W + "ins", W + "smartTag", W + "moveTo"}


def _wrapped(parent, tag: str):
    """Children ``tag`` of ``parent``, also those inside content controls and revisions
    (a row or a cell wrapped in ``w:sdt``/``w:customXml``/``w:ins``)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(W + "sdtContent")
            yield from _wrapped(content if content is not None else child, tag)


def _single_cell(tbl):
    """The only cell of a one-row, one-cell table, else None."""
    rows = list(_wrapped(tbl, W + "tr"))
    if len(rows) != 1:
        return None
    cells = list(_wrapped(rows[0], W + "tc"))
    return cells[0] if len(cells) == 1 else None


def _int(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _cell_text(tc, walker) -> str:
    parts = []
    for child in tc:
        if child.tag == W + "p":
            parts.append(walker.paragraph(child, in_table=True)[0])
        elif child.tag == W + "tbl":
            for tr in _wrapped(child, W + "tr"):
                for inner in _wrapped(tr, W + "tc"):
                    parts.append(_cell_text(inner, walker))
        elif child.tag in _WRAPPERS:
            content = child.find(W + "sdtContent")
            parts.append(_cell_text(content if content is not None else child, walker))
    return normalize(" ".join(p for p in parts if p))


class _Walker:
    def __init__(self, document):
        self.numbering = Numbering.from_document(document)
        self.styles = _Styles(document)
        self.blocks: list[Block] = []
        self.n_par = 0
        self.n_tbl = 0
        self.elements: dict[str, object] = {}   # location → w:p / w:tr element

    def paragraph(self, p, in_table: bool = False) -> tuple[str, Block]:
        ppr = p.find(W + "pPr")
        sid = None
        align = ""
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            sid = ps.get(W + "val") if ps is not None else None
            jc = ppr.find(W + "jc")
            align = jc.get(W + "val", "") if jc is not None else ""
        number, level = self.numbering.resolve(ppr, sid or "Normal")
        text = normalize(paragraph_text(p))
        block = Block(kind="paragraph", text=text, number=normalize(number),
                      style=self.styles.names.get(sid or "Normal", sid or ""),
                      bold=_is_bold(p, self.styles.is_bold(sid or "Normal")),
                      alignment=align, level=level)
        return block.display, block

    def body(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "p":
                self.n_par += 1
                self.elements[f"p{self.n_par}"] = child
                _, block = self.paragraph(child)
                if block.display:
                    block.location = f"p{self.n_par}"
                    self.blocks.append(block)
            elif tag == W + "tbl":
                box = _single_cell(child)
                if box is not None:         # a one-cell table is a box around body text
                    self.body(box)
                    continue
                self.n_tbl += 1
                self.table(child, self.n_tbl)
            elif tag in _WRAPPERS:
                content = child.find(W + "sdtContent")
                self.body(content if content is not None else child)

    def table(self, tbl, number: int) -> None:
        header_by_col: dict[int, str] = {}
        for r_index, tr in enumerate(_wrapped(tbl, W + "tr"), start=1):
            cells: list[str] = []
            cols: list[int] = []
            before = tr.find(W + "trPr/" + W + "gridBefore")
            col = _int(before.get(W + "val")) if before is not None else 0
            for tc in _wrapped(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = 1
                continued = False
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(W + "val", "1")))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(W + "vMerge")
                    continued = vm is not None and vm.get(W + "val", "continue") != "restart"
                text = "" if continued else _cell_text(tc, self)
                cells.append(text)
                cols.append(col)
                col += span
                if r_index == 1:
                    for c in range(cols[-1], col):
                        header_by_col.setdefault(c, text)
            header = tuple(header_by_col.get(c, "") for c in cols)
            self.elements[f"t{number}.r{r_index}"] = tr
            block = Block(kind="table_row", text=" | ".join(c for c in cells if c),
                          location=f"t{number}.r{r_index}", cells=tuple(cells), header=header,
                          meta={"table": number, "row": r_index})
            self.blocks.append(block)


def located_elements(document) -> dict[str, object]:
    """The XML element behind every ``location`` of a python-docx ``document``.

    'p12' → the 12th body paragraph (``w:p``), 't1.r3' → that table row
    (``w:tr``), counted exactly as :func:`read_blocks` counts them, so a
    clause frame's locations lead back to the paragraphs of the file itself
    (the drafting loop edits those).
    """
    walker = _Walker(document)
    walker.body(document.element.body)
    return walker.elements


def read_blocks(source: Source) -> list[Block]:
    """The blocks of a .docx in document order (see the module docstring)."""
    document = open_docx(source)
    walker = _Walker(document)
    walker.body(document.element.body)
    return walker.blocks
