"""Comment sheets (.xlsx, .csv) → raw comment rows and rejects.

Drafters keep a running log of the comments received, one row per comment.
Headers may be Vietnamese or English, in any case, with or without
diacritics; they are matched on :func:`consultkit.text.fold` against
:data:`HEADER_ALIASES` (exact, or a multi-word alias followed by more words,
e.g. "Nội dung góp ý (ghi rõ)"). The header row is the first of the first
15 rows that names both required columns, so title or note rows above it
(e.g. "Dữ liệu mẫu tổng hợp") are allowed.

Rules, so that every input row ends somewhere:

* required columns: the unit (Đơn vị / Cơ quan góp ý / Unit) and the
  comment (Nội dung góp ý / Ý kiến / Comment); without them the file raises
  :class:`~consultkit.errors.SchemaError` naming the columns found and expected;
* a proposal column ("Đề xuất sửa đổi") is part of the opinion: its text goes
  after the comment's on a line of its own (alone, it is the comment); the
  quoted draft ("Nội dung dự thảo") and the reason ("Lý do", "Giải thích")
  go to ``quoted_text`` and ``rationale``;
* the date column is optional. When present, a blank cell gives
  ``received=None`` and the row is kept; a cell that is not a date sends the
  row to the rejects, with the row number and column, so a typo is fixed at
  the source rather than silently losing the date;
* a row whose recognised cells are all blank is skipped and counted in
  ``ReadResult.empty``; a row with a unit but no comment text is rejected;
* a blank unit, date, number or channel cell is taken from the first row of
  a merged range covering it (cells merged in Excel read as blank after the
  first row of the merge) — only through a merge, never from "the row
  above": a row without a unit after a blank row, or in a .csv (which has no
  merges), keeps an empty unit and goes to the register unmatched, for a
  person to decide;
* cell values are read, never evaluated: a formula cell is the value Excel
  or LibreOffice cached when saving (a unit written ``=B2`` is that unit's
  name); a formula never calculated (no cached value, as openpyxl writes
  them) such as ``=HYPERLINK("…")`` is kept as its text; HTML is kept as
  text (escaping is the views' job).
"""

from __future__ import annotations

import csv
import io
from itertools import zip_longest
from functools import lru_cache
from pathlib import Path

from ..errors import ConsultkitError, CorruptFileError, SchemaError
from ..text import fold, normalize
from .files import Source, read_bytes, read_text, source_name
from .limits import check_rows, current
from .rows import ReadResult, parse_date, raw_row

#: field -> folded header spellings
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit_raw": ("don vi", "co quan gop y", "don vi gop y", "ten don vi", "co quan", "co quan don vi",
                 "ten co quan", "noi gui", "don vi gui", "unit", "sender", "organisation",
                 "organization", "from"),
    "received": ("ngay nhan", "ngay", "ngay gop y", "ngay van ban", "ngay den", "ngay gui",
                 "date received", "date", "received", "received on"),
    "letter_number": ("so van ban", "so cong van", "so ky hieu", "so ky hieu van ban", "so hieu",
                      "so hieu van ban", "so", "so cv", "letter number", "letter no", "number",
                      "reference"),
    "refs_raw": ("dieu khoan", "dieu", "khoan", "dieu khoan gop y", "dieu khoan du thao", "vi tri",
                 "muc", "tieu chi", "clause", "clauses", "article", "provision"),
    "text": ("noi dung gop y", "y kien", "y kien gop y", "noi dung", "noi dung y kien", "gop y",
             "comment", "comments", "comment text", "text"),
    "channel": ("kenh", "kenh nhan", "hinh thuc", "hinh thuc gui", "channel", "via"),
    "proposal": ("de xuat", "de xuat sua doi", "noi dung de xuat", "de nghi sua doi", "noi dung sua doi",
                 "kien nghi", "de nghi sua thanh", "proposed wording", "proposal"),
    "quoted_text": ("noi dung du thao", "noi dung tai du thao", "noi dung quy dinh tai du thao",
                    "trich noi dung du thao", "du thao", "quoted text", "draft text"),
    "rationale": ("ly do", "giai thich", "ly do giai trinh", "giai trinh", "thuyet minh", "ly do de xuat",
                  "rationale", "reason"),
}
REQUIRED = ("unit_raw", "text")
#: how each field is called in messages
LABELS = {"unit_raw": "Đơn vị", "received": "Ngày nhận", "letter_number": "Số văn bản",
          "refs_raw": "Điều khoản", "text": "Nội dung góp ý", "channel": "Kênh",
          "quoted_text": "Nội dung dự thảo", "rationale": "Lý do", "proposal": "Đề xuất sửa đổi"}
HEADER_SCAN_ROWS = 15
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")

_CHANNELS = {
    "email": ("email", "e mail", "thu dien tu", "mail", "hop thu"),
    "post": ("buu dien", "buu chinh", "cong van", "van ban giay", "post", "ban giay", "van thu"),
    "letter": ("letter",),
    "sheet": ("sheet", "bang tinh"),
}


def header_field(header) -> str | None:
    """The field a header cell names, or None."""
    key = fold(header)
    if not key:
        return None
    for name, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return name
    best, best_len = None, 0
    for name, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            if " " in alias and key.startswith(alias + " ") and len(alias) > best_len:
                best, best_len = name, len(alias)
    return best


@lru_cache(maxsize=4096)
def channel_of(value: str, default: str = "sheet") -> str:
    """Map a "Kênh" cell to email / post / letter / sheet."""
    key = fold(value)
    if not key:
        return default
    for channel, words in _CHANNELS.items():
        if any(key == w or key.startswith(w + " ") or f" {w}" in f" {key}" for w in words):
            return channel
    return default


def _header_map(cells: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = header_field(cell)
        if name and name not in found:
            found[name] = index
    if "proposal" in found and "text" not in found:
        found["text"] = found.pop("proposal")     # the proposed wording is the comment itself
    return found


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


#: fields a merged cell may spread over the rows it covers
MERGEABLE = ("unit_raw", "received", "letter_number", "channel")


def rows_to_comments(rows, *, name: str, origin: str, sheet: str | None = None,
                     default_channel: str = "sheet", merged=()) -> ReadResult:
    """Turn ``(row_number, cells)`` pairs of one table into comments and rejects.

    ``merged``: the sheet's merged ranges ``(first row, first column, last row,
    last column)`` (1-based rows, 0-based columns); a blank cell inside one
    takes the value of the range's first row.
    """
    result = ReadResult()
    covered: dict[tuple[int, int], int] = {}
    for r1, c1, r2, c2 in merged:
        for r in range(r1 + 1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered[(r, c)] = r1
    origins = set(covered.values())
    kept: dict[int, dict] = {}       # values of the first rows of merged ranges
    rows = iter(rows)
    scanned: list[tuple[int, list]] = []
    columns: dict[str, int] | None = None
    for row_number, cells in rows:
        scanned.append((row_number, list(cells)))
        mapping = _header_map(list(cells))
        if all(req in mapping for req in REQUIRED):
            columns = mapping
            break
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    where = f"trang tính {sheet}" if sheet else None
    if columns is None:
        nonblank = [r for r in scanned if any(_cell_text(c).strip() for c in r[1])]
        best = max(nonblank, key=lambda r: sum(bool(_cell_text(c).strip()) for c in r[1]),
                   default=(0, []))
        found = [normalize(_cell_text(c)) for c in best[1] if _cell_text(c).strip()]
        expected = " và ".join(f"'{LABELS[r]}'" for r in REQUIRED)
        raise SchemaError(
            f"không có dòng tiêu đề có các cột bắt buộc {expected}; các cột tìm thấy: "
            f"{', '.join(repr(f) for f in found) or 'không có'}",
            path=name, where=where,
            hint="Đặt tên cột, ví dụ 'Đơn vị', 'Ngày nhận', 'Số văn bản', 'Điều khoản', "
                 "'Nội dung góp ý', 'Kênh' (tiêu đề tiếng Anh Unit, Date received, Letter number, "
                 "Clause, Comment, Channel cũng được)")
    place = f"{name}#{sheet}!R" if sheet else f"{name}#R"

    most = current().sheet_rows
    for row_number, cells in rows:
        if row_number > most:
            check_rows(row_number, name)
        cells = list(cells)

        def get(field: str):
            index = columns.get(field)
            if index is None or index >= len(cells):
                return None
            return cells[index]

        values = {f: get(f) for f in columns}
        if row_number in origins:
            kept[row_number] = dict(values)
        for f in MERGEABLE:
            if f in columns and not _cell_text(values.get(f)).strip():
                origin_row = covered.get((row_number, columns[f]))
                if origin_row is not None and origin_row in kept:
                    values[f] = kept[origin_row].get(f)
        if not any(_cell_text(v).strip() for v in values.values()):
            result.empty += 1
            continue
        source = f"{place}{row_number}"
        text = _cell_text(values.get("text"))
        proposal = _cell_text(values.get("proposal"))
        if proposal.strip():        # "Đề xuất sửa đổi" beside "Ý kiến": part of the opinion
            text = f"{text}\n{proposal}" if text.strip() else proposal
        unit = normalize(_cell_text(values.get("unit_raw")))
        if not normalize(text):
            label = LABELS["text"]
            result.rejects.append({"source": source,
                                   "reason": f"dòng {row_number}: cột nội dung góp ý ('{label}') "
                                             "để trống; hãy điền nội dung hoặc xóa dòng"})
            continue
        raw_date = values.get("received")
        try:
            received = parse_date(raw_date if not isinstance(raw_date, str) else raw_date.strip() or None)
        except ValueError:
            col = _column_name(columns["received"], sheet is not None)
            result.rejects.append({"source": source,
                                   "reason": f"dòng {row_number}, cột {col} ('{LABELS['received']}'): "
                                             f"“{normalize(_cell_text(raw_date))}” không phải là "
                                             "ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy"})
            continue
        number = normalize(_cell_text(values.get("letter_number")))
        channel_cell = normalize(_cell_text(values.get("channel")))
        result.rows.append(raw_row(unit_raw=unit, received=received, letter_number=number,
                                   channel=channel_of(channel_cell, default_channel), text=text,
                                   refs_raw=_cell_text(values.get("refs_raw")), source=source,
                                   origin=origin, quoted_text=_cell_text(values.get("quoted_text")),
                                   rationale=_cell_text(values.get("rationale"))))
    return result


def _column_name(index: int, letters: bool) -> str:
    if not letters:
        return str(index + 1)
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def read_csv(source: Source, *, name: str | None = None) -> ReadResult:
    """Read a .csv comment sheet (UTF-8, UTF-16 with or without BOM, Windows-1258: see
    readers/encodings.py; delimiter sniffed)."""
    name = name or source_name(source)
    text = read_text(source)
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def numbered():
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise CorruptFileError(f"không phân tích được tệp CSV ({exc})", path=name,
                                   where=f"dòng {reader.line_num}",
                                   hint="Kiểm tra dấu nháy trên dòng đó, hoặc lưu lại từ Excel") from exc

    return rows_to_comments(numbered(), name=name, origin=Path(name).name)


def _dialect(text: str):
    """The delimiter whose first rows hold a header with the required columns."""
    from itertools import islice

    best, best_width = None, 0
    for delimiter in (",", ";", "\t", "|"):
        try:
            head = list(islice(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter),
                               HEADER_SCAN_ROWS))
        except csv.Error:
            continue
        for cells in head:
            mapping = _header_map(cells)
            if all(r in mapping for r in REQUIRED) and len(mapping) > best_width:
                best, best_width = delimiter, len(mapping)
    if best is not None:
        class Found(csv.excel):
            delimiter = best
        return Found
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def read_xlsx(source: Source, *, name: str | None = None, fast: bool = True) -> ReadResult:
    """Read every sheet of an .xlsx workbook that has a comment header row.

    Sheets without the required columns are listed in the rejects when
    another sheet has them; if none has, :class:`SchemaError` names what was
    found. Cells are read by :mod:`consultkit.readers.xlsx_fast` (``fast``),
    else, or when it cannot, by openpyxl in read-only mode; both give the
    cell values as stored, formulas as their text.
    """
    name = name or source_name(source)
    data = read_bytes(source)
    if not data:
        raise CorruptFileError("tệp trống", path=name, hint="Kiểm tra xem tệp đã được lưu đầy đủ chưa")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CorruptFileError("đây là tệp Excel 97–2003 (.xls) cũ hoặc tệp Excel có mật khẩu",
                               path=name, hint="Mở bằng Excel rồi lưu thành .xlsx, không đặt mật khẩu")
    _check_package(data, name)       # size budgets, before anything is inflated
    if fast:
        from .xlsx_fast import Unsupported, Workbook

        try:
            book = Workbook(data, name=name)
            sheets = [(title, (lambda path=path: book.rows(path)), book.merged(path))
                      for title, path in book.sheets if "/worksheets/" in f"/{path}"]
            return _read_sheets(sheets, name, wrap=False)
        except Unsupported:
            pass
        except ConsultkitError:
            raise
        except Exception:  # anything odd: let openpyxl have a go, it has the better errors
            pass
    return _read_with_openpyxl(data, name)


def _check_package(data: bytes, name: str) -> None:
    """Declared sizes and compression ratios of the workbook's parts (zip bombs): see limits."""
    import zipfile

    from .files import ZIP_ERRORS
    from .limits import check_package

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_package(package, name)
    except ZIP_ERRORS as exc:
        raise CorruptFileError("tệp Excel bị cắt cụt hoặc hỏng (không phải gói .xlsx hợp lệ)",
                               path=name, hint="Mở và lưu lại bằng Excel hoặc LibreOffice") from exc


def _read_with_openpyxl(data: bytes, name: str) -> ReadResult:
    """openpyxl in read-only mode, twice: cached values, and formulas where none is cached."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        cached = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, lxml errors from a damaged package
        raise CorruptFileError(f"không đọc được tệp Excel ({type(exc).__name__})", path=name,
                               hint="Mở và lưu lại bằng Excel hoặc LibreOffice") from exc
    merges = _merges_by_title(data)

    def rows(sheet, values):
        for i, (row, shown) in enumerate(zip_longest(sheet.iter_rows(values_only=True),
                                                     values.iter_rows(values_only=True),
                                                     fillvalue=()), start=1):
            yield i, [s if isinstance(v, str) and v.startswith("=") and s is not None else v
                      for v, s in zip_longest(row, shown)]

    try:
        sheets = [(sheet.title, (lambda sheet=sheet, values=values: rows(sheet, values)),
                   merges.get(sheet.title, []))
                  for sheet, values in zip(book.worksheets, cached.worksheets)]
        return _read_sheets(sheets, name)
    finally:
        book.close()
        cached.close()


def _merges_by_title(data: bytes) -> dict[str, list]:
    """Merged ranges of each sheet, read from the package (openpyxl's read-only mode has none)."""
    from .xlsx_fast import Workbook

    try:
        book = Workbook(data)
        return {title: book.merged(path) for title, path in book.sheets}
    except Exception:  # a package the lean reader cannot walk: no merges known
        return {}


def _read_sheets(sheets, name: str, *, wrap: bool = True) -> ReadResult:
    """Comments of every sheet given as (title, function giving (row number, cells), merged ranges).

    ``wrap``: turn unexpected reader failures into :class:`CorruptFileError`.
    """
    result = ReadResult()
    errors: list[SchemaError] = []
    skipped: list[dict] = []
    try:
        for title, rows, merged in sheets:
            try:
                result.extend(rows_to_comments(rows(), name=name, origin=Path(name).name, sheet=title,
                                               merged=merged))
            except SchemaError as exc:
                errors.append(exc)
                if any(any(_cell_text(c).strip() for c in cells) for _, cells in rows()):
                    skipped.append({"source": f"{name}#{title}",
                                    "reason": f"bỏ qua trang tính “{title}”: {exc.message}"})
    except ConsultkitError:
        raise
    except Exception as exc:
        if not wrap:
            raise
        raise CorruptFileError(f"tệp Excel bị hỏng ({type(exc).__name__})", path=name,
                               hint="Mở và lưu lại bằng Excel hoặc LibreOffice") from exc
    if errors and len(errors) == len(sheets):
        raise errors[0]
    result.rejects.extend(skipped)
    return result


def read_sheet(source: Source, *, name: str | None = None) -> ReadResult:
    """Read a .xlsx/.xlsm or .csv comment sheet by its extension."""
    name = name or source_name(source)
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return read_csv(source, name=name)
    return read_xlsx(source, name=name)
