"""A document as a list of :class:`Line` s: the common input of the dispatch parser.

Two sources give the same shape:

* :func:`markdown_lines` — a ``.md``/``.txt`` transcription: one line per text
  line, Markdown emphasis and simple HTML tags stripped (``**x**``, ``*x*``,
  ``<b>x</b>``, ``#### x``, ``[x](mailto:x)``), tab- or pipe-separated rows
  kept as ``cells``;
* :func:`docx_lines` — a Word file, in body order: each paragraph is a line
  (a line break inside a paragraph starts a new line), with its automatic
  number or bullet shown as printed ("1. …", "- …");
  a *data* table (a row starts with a number or "STT") gives one line per row
  with its cells; a *layout* table (the header issuer | Quốc hiệu, the
  signature block) is read cell by cell, each cell's paragraphs as lines and a
  blank line after each cell.

Every text is :func:`consultkit.text.normalize` d (NFC, one space). Blank lines
are kept (text ``""``): they separate blocks as in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold, normalize
from .files import Source, open_docx, read_text

__all__ = ["Line", "strip_markup", "markdown_lines", "docx_lines", "where_vi"]


@dataclass(frozen=True)
class Line:
    """One line (paragraph or table row) of a source document."""

    text: str                              # normalised text; cells joined by a space
    location: str                          # "line 12", "p7", "t2.r5", "t1.r1.c2.p3"
    cells: tuple[str, ...] | None = None   # for table rows: the cells, normalised
    heading: bool = False                  # a Markdown heading (#…) or a Word heading style

    @property
    def blank(self) -> bool:
        return not self.text


def where_vi(location: str) -> str:
    """A :attr:`Line.location` in Vietnamese, for messages users read.

    >>> where_vi("line 101"), where_vi("p12"), where_vi("t3.r5"), where_vi("t1.r2.c1.p2")
    ('dòng 101', 'đoạn 12', 'bảng 3, hàng 5', 'bảng 1, hàng 2, ô 1, đoạn 2')
    """
    if match := re.fullmatch(r"line (\d+)", location):
        return f"dòng {match.group(1)}"
    if match := re.fullmatch(r"p(\d+)", location):
        return f"đoạn {match.group(1)}"
    if match := re.fullmatch(r"t(\d+)\.r(\d+)(?:\.c(\d+))?(?:\.p(\d+))?", location):
        t, r, c, p = match.groups()
        return f"bảng {t}, hàng {r}" + (f", ô {c}" if c else "") + (f", đoạn {p}" if p else "")
    return location


_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|sup|sub|br|p|font)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def strip_markup(text: str) -> str:
    """Remove Markdown emphasis, links and simple HTML tags; keep the words.

    >>> strip_markup("trước **ngày 18 tháng 06 năm 2021** để")
    'trước ngày 18 tháng 06 năm 2021 để'
    >>> strip_markup("email: [a@b.vn](mailto:a@b.vn)")
    'email: a@b.vn'
    >>> strip_markup("*(Sau đây gọi tắt là các Đơn vị)*")
    '(Sau đây gọi tắt là các Đơn vị)'
    >>> strip_markup("<b>STT</b>")
    'STT'
    >>> strip_markup("- Như trên; 2 * 3")
    '- Như trên; 2 * 3'
    """
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return text


def markdown_lines(source: Source) -> list[Line]:
    """Lines of a ``.md``/``.txt`` file (path, file object or the text itself via StringIO)."""
    raw = read_text(source)
    lines: list[Line] = []
    for number, row in enumerate(raw.splitlines(), start=1):
        where = f"line {number}"
        heading = bool(_HEADING.match(row))
        if heading:
            row = _HEADING.sub("", row)
        stripped = row.strip()
        if "\t" in stripped:
            cells = tuple(normalize(strip_markup(c)) for c in stripped.split("\t"))
            cells = tuple(c for c in cells if c) or ("",)
            lines.append(Line(" ".join(cells), where, cells, heading))
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            if _PIPE_SEPARATOR.match(stripped):
                continue
            cells = tuple(normalize(strip_markup(c)) for c in stripped.strip("|").split("|"))
            lines.append(Line(" ".join(c for c in cells if c), where, cells, heading))
        else:
            lines.append(Line(normalize(strip_markup(row)), where, None, heading))
    return lines


_NUMBER_CELL = re.compile(r"^\d{1,4}\.?$")


def _is_data_table(rows: list[list[str]]) -> bool:
    for cells in rows:
        first = cells[0] if cells else ""
        if _NUMBER_CELL.match(first) or fold(first) in {"stt", "tt", "so tt", "so thu tu"}:
            return True
    return False


def _numberer(document):
    """A function giving a paragraph's text with its automatic Word number or bullet shown
    ("1. Bệnh viện E", "- Bộ Tài chính;"), as the reader of the printed page sees it."""
    from .numbering import BULLET, Numbering

    try:
        numbering = Numbering.from_document(document)
    except (AttributeError, KeyError, ValueError, TypeError):   # no usable numbering part
        numbering = None

    def text_of(paragraph) -> str:
        text = paragraph.text
        if numbering is None:
            return text
        try:
            label, _ = numbering.resolve(paragraph._p.pPr, paragraph._p.style)
        except (AttributeError, KeyError, ValueError, TypeError):
            return text
        label = (label or "").strip()
        bullet = label == BULLET or not any(ch.isalnum() for ch in label)
        if not label or (bullet and not text.strip()):
            return text
        if bullet:
            return f"- {text}"                                   # a bullet: "-", "•", "–"
        return f"{label} {text}".strip()                          # an empty STT cell shows "1."

    return text_of


def docx_lines(source: Source) -> list[Line]:
    """Lines of a ``.docx`` file in body order (see the module docstring)."""
    from docx.table import Table

    document = open_docx(source)
    numbered = _numberer(document)
    lines: list[Line] = []
    p_index = t_index = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            t_index += 1
            rows: list[list[object]] = []
            for row in block.rows:
                seen: list[object] = []
                for cell in row.cells:          # merged cells repeat: keep one
                    if not any(cell._tc is s._tc for s in seen):
                        seen.append(cell)
                rows.append(seen)
            texts = [[normalize("\n".join(numbered(p) for p in c.paragraphs)) for c in row]
                     for row in rows]
            if _is_data_table(texts):
                for r, cells in enumerate(texts, start=1):
                    lines.append(Line(" ".join(c for c in cells if c), f"t{t_index}.r{r}",
                                      tuple(cells)))
            else:
                for r, row in enumerate(rows, start=1):
                    for c, cell in enumerate(row, start=1):
                        for p, paragraph in enumerate(cell.paragraphs, start=1):
                            for part in numbered(paragraph).split("\n"):
                                lines.append(Line(normalize(part), f"t{t_index}.r{r}.c{c}.p{p}"))
                        lines.append(Line("", f"t{t_index}.r{r}.c{c}"))
        else:
            p_index += 1
            style = (block.style.name if block.style is not None else "") or ""
            # a line break (Shift+Enter) starts a new line, as in the text form
            for part in numbered(block).split("\n"):
                lines.append(Line(normalize(part), f"p{p_index}",
                                  heading=style.lower().startswith("heading")))
    return lines
