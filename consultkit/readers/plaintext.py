"""Markdown / plain text → blocks, the same :class:`~consultkit.readers.word.Block` as Word.

Every non-blank line is one block (legal texts put one paragraph on a line).
Markup that is not text is removed, so the block text is what a reader sees:

* ``#``…``######`` headings: the marks are dropped, ``style`` is 'Heading N';
* ``**bold**`` (and ``__bold__``): the marks are dropped; a line that is bold
  throughout gets ``bold=True``;
* ``> `` quote marks are dropped (``style`` 'Quote');
* pipe tables ``| a | b |``: one ``table_row`` block per row, cells stripped;
  the delimiter row ``|---|---|`` is dropped; the first row of each table is
  its header (``Block.header``);
* tab-separated lines with at least two non-empty cells (the ``.txt`` form of
  tables) are table rows too; a run of them is one table whose first line is
  the header. A line "label<tab>text" outside such a table ("1.\tPhạm vi",
  "a)\tĐiểm", "Điều 2.\tTên") is a numbered paragraph, as Word copies them;
* HTML comments on a line of their own (``<!-- … -->``) are dropped.

Dash and plus bullets (``- ``, ``+ ``) are part of Vietnamese legal text and
are kept in the text. ``location`` is 'line N' (1-based) for paragraphs and
't1.r3' for table rows.
"""

from __future__ import annotations

import re

from ..text import normalize
from .files import Source, read_text
from .word import Block

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_DELIMITER = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
#: a list label followed by a tab and the text, as Word copies numbered paragraphs
_LABEL = re.compile(r"^(?:\d{1,3}[a-zđ]?(?:\.\d{1,3}[a-zđ]?)*[.)]|[a-zđ]\d{0,2}[.)]|[IVXLC]+\.|[-–+•·*]"
                    r"|Điều\s+\d+[a-zđ]?[.:])\t+[^\t]+$")


def _strip_bold(text: str) -> tuple[str, bool]:
    stripped = text.strip()
    whole = bool(re.fullmatch(r"(\*\*|__)(.+)\1", stripped)) and "**" not in stripped[2:-2]
    return _BOLD.sub(lambda m: m.group(1) or m.group(2), text), whole


def _split_pipes(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [normalize(_strip_bold(c.replace("\\|", "|"))[0]) for c in cells]


def text_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown/plain text string (see the module docstring)."""
    blocks: list[Block] = []
    n_tables = 0
    table_kind = None      # 'pipe' | 'tab' | None: the table being read
    header: tuple[str, ...] = ()
    row = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or _COMMENT.match(line):
            table_kind = None
            continue
        stripped = line.strip()
        tab_cells = [normalize(c) for c in line.split("\t")]
        kind = None
        if stripped.startswith("|") and stripped.count("|") >= 2:
            kind = "pipe"
        elif "\t" in stripped and sum(1 for c in tab_cells if c) >= 2 and not (
                table_kind != "tab" and _LABEL.match(stripped)):
            kind = "tab"
        elif "\t" in stripped:
            stripped = " ".join(c for c in tab_cells if c)   # "1.<tab>Text": a numbered line
        if kind is None:
            table_kind = None
            style = ""
            heading = _HEADING.match(stripped)
            if heading:
                style = f"Heading {len(heading.group(1))}"
                stripped = heading.group(2)
            if stripped.startswith(">"):
                style = style or "Quote"
                stripped = stripped.lstrip(">").strip()
            content, bold = _strip_bold(stripped)
            content = normalize(content)
            if content:
                blocks.append(Block(kind="paragraph", text=content, style=style, bold=bold,
                                    location=f"line {number}"))
            continue
        if kind == "pipe" and _DELIMITER.match(stripped):
            continue
        cells = _split_pipes(stripped) if kind == "pipe" else tab_cells
        if kind == "tab":
            while cells and not cells[0]:   # leading tabs are indentation
                cells.pop(0)
            while cells and not cells[-1]:
                cells.pop()
        if table_kind != kind:
            table_kind = kind
            n_tables += 1
            row = 0
            header = tuple(cells)
        row += 1
        blocks.append(Block(kind="table_row", text=" | ".join(c for c in cells if c),
                            location=f"t{n_tables}.r{row}", cells=tuple(cells), header=header,
                            meta={"table": n_tables, "row": row, "line": number}))
    return blocks


def read_text_blocks(source: Source) -> list[Block]:
    """Blocks of a .md/.txt file or text stream."""
    return text_blocks(read_text(source))
