"""PDF reply letters with a text layer (văn bản điện tử ký số) → letter blocks.

Since Nghị định 30/2020 many replies arrive as digitally signed PDF files made
from Word: the text is there, laid out on the page. :func:`pdf_blocks` reads
the text layer with pypdf in layout mode (columns kept apart by runs of
spaces) and rebuilds what :func:`consultkit.readers.letters.letter_from_blocks`
consumes, the same blocks a .docx gives:

* the header (everything above "Kính gửi") as one two-column table: the left
  column (organ, number, subject) and the right (national motto, place and
  date), each line joined to the next when that one goes on in lower case
  ("…, ngày 09 tháng 06" / "năm 2021");
* the body as paragraphs: lines are joined until a blank line, a line that
  opens a list item ("1.", "-", "a)", "II."), or a line ending a sentence
  well short of the right margin;
* a ruled table (borders drawn around its cells, as Word and LibreOffice
  print tables) as a table, cell by cell, merged cells included
  (:mod:`consultkit.readers.pdf_tables`), in place of its lines of text;
* otherwise, a table whose header row names a comment column ("Nội dung góp
  ý", "Ý kiến") as a table, its cells cut at the header's column positions
  and a new row at each filled first cell;
* page numbers (a line that is only a number) and the printed stamp of a
  digital signature ("Ký bởi: …", "Thời gian ký: …") dropped.

A PDF without text (a scan), an encrypted PDF that cannot be opened without a
password, and a damaged PDF raise :class:`~consultkit.errors.ConsultkitError`
with a Vietnamese reason; pypdf's own exceptions never escape.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib

from ..errors import CorruptFileError, LimitError, ParseError
from ..text import fold, normalize
from .files import Source, read_bytes, source_name
from .limits import check_pages

SCANNED = "bản quét không có lớp chữ: cần nhập lại hoặc OCR"
_GAP = re.compile(r"\S+(?: \S+)*")          # runs of text separated by 2+ spaces
_ITEM = re.compile(r"^(?:[-+•*–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][.)]\s|[IVX]+[.)]\s)")
_TABLE_HEAD = ("noi dung", "y kien", "gop y", "de xuat")
_AFTER_TABLE = ("noi nhan", "tran trong", "tren day", "xin tran trong", "kt ", "tm ", "giam doc")
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[IVXivx]{1,5})[.)]?|[a-zđ][.)]?")


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:4] == b"%PDF"


def pdf_text(source: Source, *, name: str | None = None) -> list[str]:
    """The text layer, one string per page (layout mode); raises on scans, locks, damage."""
    name = name or source_name(source)
    data = read_bytes(source)
    if not is_pdf(data):
        raise CorruptFileError("không phải tệp PDF", path=name,
                               hint="Lưu lại văn bản dưới dạng PDF hoặc .docx")
    try:
        import pypdf
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise CorruptFileError("cần gói pypdf để đọc tệp PDF", path=name,
                               hint="Cài gói: pip install 'pypdf>=5'") from exc
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # missing crypto backend, unknown algorithm
                opened = 0
            if not opened:
                raise CorruptFileError("tệp PDF được đặt mật khẩu, không đọc được", path=name,
                                       hint="Đề nghị đơn vị gửi lại bản không đặt mật khẩu")
        check_pages(len(reader.pages), name)
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (CorruptFileError, LimitError):
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, ZeroDivisionError, OSError, LookupError, NotImplementedError,
            OverflowError, zlib.error, struct.error) as exc:
        raise CorruptFileError(f"tệp PDF bị hỏng, không đọc được ({type(exc).__name__})",
                               path=name, hint="Đề nghị đơn vị gửi lại tệp") from exc
    if sum(len(p.strip()) for p in pages) < 20:
        raise ParseError(SCANNED, path=name, hint="Nhập lại nội dung công văn hoặc nhận dạng "
                                                  "chữ (OCR) rồi lưu dưới dạng .docx")
    return pages


def _segments(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run of text separated by two or more spaces."""
    out = []
    pos = 0
    for part in re.split(r"( {2,})", line):
        if part and not part.startswith("  "):
            out.append((pos, part.strip()))
        pos += len(part)
    return [(p, t) for p, t in out if t]


def _join_wrapped(lines: list[str]) -> list[str]:
    """Header lines: a line going on in lower case belongs to the one before."""
    out: list[str] = []
    for line in lines:
        if out and (line.startswith("/") or out[-1].endswith("/")):
            out[-1] = out[-1] + line          # "Số: 56" / "/BVBM-CNTT" cut apart by spacing
        elif out and out[-1].endswith("-") and not out[-1].endswith(" -"):
            out[-1] = out[-1] + line          # "… RIS-" / "PACS"
        elif out and (line[:1].islower() or re.fullmatch(r"\d{4}\.?", line)
                    or re.search(r"(?i)\b(?:ngày|tháng|năm)$", out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _header_block(lines: list[str]):
    width = max((len(line) for line in lines), default=0)
    middle = width * 0.45
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        for start, text in _segments(line):
            (right if start >= middle and width > 40 else left).append(normalize(text))
    return "t", 0, [[_join_wrapped(left), _join_wrapped(right)]], None


def _table_columns(line: str) -> list[int] | None:
    segments = _segments(line)
    if len(segments) >= 3 and any(fold(t).startswith(_TABLE_HEAD) for _, t in segments):
        return [s for s, _ in segments]
    return None


def _fits(line: str, columns: list[int]) -> bool:
    """Every run of text starts at one of the table's columns (±2) and ends before the next."""
    for start, text in _segments(line):
        if not any(abs(start - c) <= 2 for c in columns):
            return False
        later = [c for c in columns if c > start + 2]
        if later and start + len(text) > later[0]:
            return False
    return True


def _cells(line: str, columns: list[int]) -> list[str]:
    cells = [""] * len(columns)
    for start, text in _segments(line):
        index = max(i for i, c in enumerate(columns) if c <= start + 2)
        cells[index] = f"{cells[index]} {text}".strip()
    return cells


def _unique(row: list) -> list:
    """The cells of a row, a merged cell once."""
    out: list = []
    for cell in row:
        if not any(cell is seen for seen in out):
            out.append(cell)
    return out


def _takes(line: str, words) -> bool:
    """Whether every word of a line is among the words a ruled table still has."""
    need: dict[str, int] = {}
    for w in _words(line):
        need[w] = need.get(w, 0) + 1
    return bool(need) and all(words.get(w, 0) >= k for w, k in need.items())


#: the visible stamp of a digital signature ("Ký bởi: …", "Thời gian ký: …"), printed on the page
_STAMP = re.compile(r"^(?:ký bởi|người ký|thời gian ký|ngày ký|cơ quan|email|signed by|ký số bởi|"
                    r"tổ chức|chứng thư số)\s*:", re.IGNORECASE)


#: a bullet drawn from a symbol font (Symbol, Wingdings: private-use code points) at a line's start
_SYMBOL_BULLET = re.compile(r"^(\s*)[\uf000-\uf0ff](?=\s)")


def page_lines(lines: list[str]) -> list[str]:
    """Drop page numbers ("2", "- 2 -") and the lines of a signature stamp; a symbol-font
    bullet is written "•", as Word shows it (:data:`consultkit.readers.numbering.BULLET`)."""
    out = []
    for line in lines:
        line = _SYMBOL_BULLET.sub(r"\1•", line)
        if re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*", line):
            continue
        segments = _segments(line)
        if segments and _STAMP.match(normalize(segments[-1][1])):
            line = line[:segments[-1][0]].rstrip()   # a stamp beside other text keeps the text
            if not line.strip():
                continue
        out.append(line)
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text).lower())


def _ruled_tables(data: bytes) -> list[list]:
    """Ruled tables per page (:mod:`consultkit.readers.pdf_tables`); none if it cannot tell."""
    try:
        from .pdf_tables import page_tables

        return page_tables(data)
    except Exception:  # an odd page structure: the layout text alone is read
        return []


def pdf_blocks(source: Source, *, name: str | None = None) -> list[tuple]:
    """Blocks as :func:`consultkit.readers.letters.docx_blocks` yields them."""
    data = read_bytes(source)          # once: a stream is read to its end by the first reader
    return layout_blocks(pdf_text(io.BytesIO(data), name=name or source_name(source)),
                         ruled=_ruled_tables(data))


def layout_blocks(pages: list[str], ruled: list | None = None) -> list[tuple]:
    """Blocks from pages of laid-out text (columns kept apart by runs of spaces), as
    pypdf's layout mode gives them and :mod:`consultkit.readers.ocr` rebuilds them.
    ``ruled``: the ruled tables of each page (:mod:`consultkit.readers.pdf_tables`) of a PDF
    with a text layer; none for text rebuilt by OCR."""
    from collections import Counter

    lines: list[str] = []
    line_page: list[int] = []
    for number, page in enumerate(pages):
        kept = page_lines([line.rstrip() for line in page.split("\n")])
        lines.extend(kept)
        line_page.extend([number] * len(kept))
    ruled = ruled or []
    # ruled tables waiting to be met in the text, in page order: (page, rows, words left)
    pending = [(p, rows, Counter(w for row in rows for cell in _unique(row) for line in cell
                                 for w in _words(line)))
               for p, tables in enumerate(ruled) for rows in tables]
    start = next((i for i, line in enumerate(lines) if fold(line.strip()).startswith("kinh gui")),
                 None)
    blocks: list[tuple] = []
    body = lines
    body_page = line_page
    if start is not None:
        blocks.append(_header_block([line for line in lines[:start] if line.strip()]))
        body = lines[start:]
        body_page = line_page[start:]
    width = max((len(line.strip()) for line in body), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    tables = 0

    def flush() -> None:
        if current:
            paragraphs.append(normalize(" ".join(current)))
            current.clear()

    def emit_paragraphs() -> None:
        flush()
        for text in paragraphs:
            blocks.append(("p", len(blocks) + 1, [text], None))
        paragraphs.clear()

    i = 0
    while i < len(body):
        line = body[i]
        while pending and pending[0][0] < body_page[i]:
            pending.pop(0)                    # a ruled table never met in the text
        if pending and pending[0][0] == body_page[i] and line.strip() and \
                _takes(line, pending[0][2]) and len(_segments(line)) >= 2:
            _, rows, left = pending.pop(0)
            while i < len(body) and (not body[i].strip() or _takes(body[i], left)):
                left.subtract(_words(body[i]))
                i += 1
            emit_paragraphs()
            tables += 1
            blocks.append(("t", tables, rows, None))
            continue
        columns = _table_columns(line)
        if columns:
            emit_paragraphs()
            head = _cells(line, columns)
            numbered = fold(head[0]) in ("stt", "tt", "so tt", "so thu tu")
            rows = [[[c] if c else [] for c in head]]
            i += 1
            while i < len(body) and (not body[i].strip() or _fits(body[i], columns)):
                if fold(body[i].strip()).startswith(_AFTER_TABLE):
                    break
                if body[i].strip():
                    cells = _cells(body[i], columns)
                    if numbered and cells[0] and not _ROW_NUMBER.fullmatch(cells[0]):
                        break
                    if (cells[0] if numbered else sum(bool(c) for c in cells) >= 2) or len(rows) == 1:
                        rows.append([[c] if c else [] for c in cells])
                    else:
                        for cell, text in zip(rows[-1], cells):
                            if text:
                                cell[:] = [f"{cell[0]} {text}" if cell else text]
                i += 1
            tables += 1
            blocks.append(("t", tables, [[[normalize(t) for t in cell] for cell in row]
                                         for row in rows], None))
            continue
        text = line.strip()
        if not text:
            flush()
        elif _segments(line) and len(_segments(line)) > 1 and fold(text).startswith("noi nhan"):
            flush()
            current.append(_segments(line)[0][1])
            flush()
            paragraphs.extend(t for _, t in _segments(line)[1:])
        else:
            if current and (_ITEM.match(text) or re.search(r"[.:;!?]$", current[-1])
                            and len(current[-1]) < 0.8 * width):
                flush()
            if current and current[-1].endswith("-") and not current[-1].endswith(" -"):
                current[-1] = current[-1] + text   # a word cut at the margin ("RIS-" / "PACS")
            else:
                current.append(text)
            if re.match(r"(?i)^kính gửi\b", text) and len(text) < 120:
                flush()
        i += 1
    emit_paragraphs()
    return blocks
