"""A lean streaming reader of .xlsx cell values, for large comment sheets.

openpyxl in read-only mode reads about 10,000 rows a second here; this reader
walks the same XML with ``lxml.etree.iterparse`` and gives the same values
as ``openpyxl.load_workbook(read_only=True, data_only=False)`` for what a
comment sheet holds: shared and inline strings, numbers (int when integral),
booleans, error codes, dates (numbers with a date format; 1900 and 1904
date systems) and formulas: a formula cell is its cached value (what Excel or
LibreOffice showed when the file was saved), never evaluated here; a formula
never calculated (no cached value) is its text ``"=…"``. Anything it does not handle (a shared formula written only once,
a sheet part it cannot find) raises :class:`Unsupported`, and the caller
falls back to openpyxl. ``tests/test_sheets.py`` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from typing import Iterator

from lxml import etree

from ..errors import LimitError
from .limits import bounded, check_rows, current, read_part

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: built-in number formats that are dates or times
DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_TOKEN = re.compile(r"[dmyhs]", re.IGNORECASE)
_REF = re.compile(r"([A-Z]+)(\d+)")
_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False)
#: Excel's last column (XFD)
MAX_COLUMNS = 16384


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of every merged range in a sheet's XML."""
    out = []
    for c1, r1, c2, r2 in _MERGE.findall(xml):
        c2, r2 = c2 or c1, r2 or r1
        out.append((int(r1), _column_index(c1.decode()), int(r2), _column_index(c2.decode())))
    return out


class Unsupported(Exception):
    """Something this reader does not handle; use openpyxl instead."""


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _text(element) -> str:
    """Text of a string item: its <t> and rich-text runs, without phonetic runs."""
    parts = []
    for node in element.iter(f"{NS}t"):
        parent = node.getparent()
        if parent is not None and parent.tag == f"{NS}rPh":
            continue
        parts.append(node.text or "")
    return "".join(parts)


def _is_date_format(code: str) -> bool:
    return bool(_DATE_TOKEN.search(_QUOTED.sub("", code)))


class Workbook:
    """Sheets of an .xlsx package, read lazily."""

    def __init__(self, data: bytes, name: str = "<workbook>"):
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.zip.namelist())
            workbook = etree.fromstring(self._read("xl/workbook.xml"), etree.XMLParser(**_PARSER))
            rels = etree.fromstring(self._read("xl/_rels/workbook.xml.rels"),
                                    etree.XMLParser(**_PARSER))
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
            raise Unsupported(str(exc)) from exc
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PKG_REL}Relationship")}
        self.sheets: list[tuple[str, str]] = []
        for sheet in workbook.iter(f"{NS}sheet"):
            target = targets.get(sheet.get(f"{REL_NS}id"))
            if not target:
                raise Unsupported("sheet without a target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            if path not in names:
                raise Unsupported(f"missing part {path}")
            self.sheets.append((sheet.get("name"), path))
        pr = workbook.find(f"{NS}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self.shared = self._shared_strings(names)
        self.date_styles = self._date_styles(names)

    def _read(self, part: str) -> bytes:
        """A whole part, read through the part budget (limits.read_part)."""
        return read_part(self.zip, part, self.name)

    def _open(self, part: str):
        """A part for streaming, stopped at the part budget (limits.bounded)."""
        return bounded(self.zip, part, self.name)

    def _shared_strings(self, names) -> list[str]:
        if "xl/sharedStrings.xml" not in names:
            return []
        out = []
        with self._open("xl/sharedStrings.xml") as handle:
            for _, element in etree.iterparse(handle, tag=f"{NS}si", **_PARSER):
                out.append(_text(element))
                element.clear()
        return out

    def _date_styles(self, names) -> set[int]:
        if "xl/styles.xml" not in names:
            return set()
        styles = etree.fromstring(self._read("xl/styles.xml"), etree.XMLParser(**_PARSER))
        custom = {int(f.get("numFmtId")): f.get("formatCode", "")
                  for f in styles.iter(f"{NS}numFmt")}
        dates = set()
        xfs = styles.find(f"{NS}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else ()):
            fmt = int(xf.get("numFmtId", "0"))
            if fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
                dates.add(index)
        return dates

    def _date(self, value: float):
        """A serial day number as openpyxl converts it (millisecond precision)."""
        day, fraction = divmod(value, 1)
        diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
        if 0 <= value < 1 and diff.days == 0:
            seconds = diff.seconds
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
        if 0 < value < 60 and self.epoch == dt.datetime(1899, 12, 30):
            day += 1
        return self.epoch + dt.timedelta(days=day) + diff

    def _value(self, cell):
        kind = cell.get("t", "n")
        formula = cell.find(f"{NS}f")
        cached = cell.find(f"{NS}v")
        if formula is not None and (cached is None or not cached.text):
            # a formula never calculated (no cached value): its text, never evaluated
            if not formula.text:
                raise Unsupported("shared formula")
            return "=" + formula.text
        if kind == "inlineStr":
            inline = cell.find(f"{NS}is")
            return _text(inline) if inline is not None else None
        v = cell.find(f"{NS}v")
        if v is None or v.text is None:
            return None
        raw = v.text
        if kind == "s":
            return self.shared[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return dt.datetime.fromisoformat(raw)
        number = float(raw)
        if int(cell.get("s", "0")) in self.date_styles:
            return self._date(number)
        if number.is_integer() and not any(ch in raw for ch in ".eE"):
            return int(raw)
        return number

    def merged(self, path: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet as (first row, first column, last row, last column),
        1-based rows, 0-based columns (the ``<mergeCell>`` elements after the cells)."""
        return merged_ranges(self.zip.read(path))

    def rows(self, path: str) -> Iterator[tuple[int, list]]:
        """(row number, cell values) for every row, gaps included as empty rows."""
        expected = 1
        most = current().sheet_rows
        with self._open(path) as handle:
            for _, row in etree.iterparse(handle, tag=f"{NS}row", **_PARSER):
                number = int(row.get("r") or expected)
                if number > most:                 # a compact sheet of a million rows stops here
                    check_rows(number, self.name)
                while expected < number:
                    yield expected, []
                    expected += 1
                cells: list = []
                column = 0
                for cell in row.iter(f"{NS}c"):
                    ref = cell.get("r")
                    if ref:
                        match = _REF.match(ref)
                        if not match:
                            raise Unsupported(f"cell reference {ref}")
                        column = _column_index(match.group(1))
                        if column >= MAX_COLUMNS:
                            raise LimitError(f"trang tính “{path}” có ô {ref} ngoài cột cuối cùng "
                                             f"của Excel (giới hạn {MAX_COLUMNS} cột)", path=self.name,
                                             hint="Tệp hỏng hoặc được tạo bất thường; mở và lưu lại "
                                                  "bằng Excel")
                    while len(cells) < column:
                        cells.append(None)
                    cells.append(self._value(cell))
                    column += 1
                yield number, cells
                expected = number + 1
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
