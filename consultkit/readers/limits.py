"""Size budgets for every input, so a hostile or careless file is a quick, clear reject.

Each reader checks its input against :class:`Limits` twice: **before reading**,
from the sizes a file or a zip package declares (the file's size on disk, each
zip entry's uncompressed size and compression ratio, the number of entries),
and **while reading**, on the bytes actually produced (a zip entry that
inflates beyond what it declared or beyond the budget is stopped at the
budget: :func:`bounded`). A breach raises :class:`~consultkit.errors.LimitError`,
whose Vietnamese message names the file, the part, the size met and the limit
with the setting that raises it; the inbox reader turns it into a reject and
goes on with the other files.

========================  =========  ==========================================================
setting (environment)      default    what it bounds
========================  =========  ==========================================================
CONSULTKIT_MAX_FILE_MB     100        any input file (.docx, .xlsx, .csv, .pdf, .eml, .md, .txt)
CONSULTKIT_MAX_PART_MB     64         one unpacked part of a .docx/.xlsx package
CONSULTKIT_MAX_UNPACKED_MB 256        all unpacked parts of one package together
CONSULTKIT_MAX_RATIO       100        unpacked / packed size of one part (parts over 1 MB)
CONSULTKIT_MAX_PARTS       5000       entries in one package
CONSULTKIT_MAX_ATTACHMENT_MB 25       one e-mail attachment, decoded
CONSULTKIT_MAX_BODY_CHARS  200000     the text of one e-mail body
CONSULTKIT_MAX_SHEET_ROWS  200000     row numbers of a comment sheet (.xlsx, .csv)
CONSULTKIT_MAX_PARAGRAPHS  5000       paragraphs and tables of one reply letter (.docx)
CONSULTKIT_MAX_PDF_PAGES   300        pages of one PDF letter
========================  =========  ==========================================================

The row and paragraph budgets bound the work on a file that is small packed
but long unpacked (a compact sheet of a million rows): the reading stops at
the budget and the file is rejected whole.

The settings are read when a file is read, so ``CONSULTKIT_MAX_FILE_MB=300
consultkit ingest …`` raises one budget for one run; in Python,
``with limits.override(file_mb=300): …`` does the same.
"""

from __future__ import annotations

import io
import os
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import IO, Iterator

from ..errors import LimitError

MB = 1024 * 1024
#: parts smaller than this are never judged by their compression ratio (small XML packs well)
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class Limits:
    """The budgets (see the module docstring for the settings and defaults)."""

    file_mb: float = 100
    part_mb: float = 64
    unpacked_mb: float = 256
    ratio: float = 100
    parts: int = 5000
    attachment_mb: float = 25
    body_chars: int = 200_000
    sheet_rows: int = 200_000
    paragraphs: int = 5_000
    pdf_pages: int = 300


#: field → environment variable
SETTINGS = {"file_mb": "CONSULTKIT_MAX_FILE_MB", "part_mb": "CONSULTKIT_MAX_PART_MB",
            "unpacked_mb": "CONSULTKIT_MAX_UNPACKED_MB", "ratio": "CONSULTKIT_MAX_RATIO",
            "parts": "CONSULTKIT_MAX_PARTS", "attachment_mb": "CONSULTKIT_MAX_ATTACHMENT_MB",
            "body_chars": "CONSULTKIT_MAX_BODY_CHARS", "sheet_rows": "CONSULTKIT_MAX_SHEET_ROWS",
            "paragraphs": "CONSULTKIT_MAX_PARAGRAPHS", "pdf_pages": "CONSULTKIT_MAX_PDF_PAGES"}
DEFAULTS = Limits()
_override: Limits | None = None


def current() -> Limits:
    """The budgets in force: :func:`override`, else the environment, else the defaults."""
    if _override is not None:
        return _override
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(SETTINGS[f.name])
        if raw:
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                raise LimitError(f"giá trị “{raw}” của {SETTINGS[f.name]} không phải là số",
                                 hint=f"Đặt một số, ví dụ {SETTINGS[f.name]}="
                                      f"{getattr(DEFAULTS, f.name)}") from None
            values[f.name] = int(value) if f.type in (int, "int") else value
    return replace(DEFAULTS, **values)


@contextmanager
def override(**budgets) -> Iterator[Limits]:
    """Use other budgets inside a ``with`` block (e.g. ``override(file_mb=300)``)."""
    global _override
    before = _override
    _override = replace(current(), **budgets)
    try:
        yield _override
    finally:
        _override = before


def size_text(n: float) -> str:
    """A size as people read it, in Vietnamese notation: '1,5 MB', '820 KB'."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".", ",").replace(",0 MB", " MB")
    return f"{max(1, round(n / 1024))} KB"


def number_text(n: float) -> str:
    """A whole number with Vietnamese thousands dots: 200000 → '200.000'."""
    return f"{round(n):,}".replace(",", ".")


def _setting(name: str) -> str:
    return f"tăng bằng biến môi trường {SETTINGS[name]} nếu tệp này là thật"


def check_file_size(size: int, name: str) -> None:
    """Refuse a file bigger than the file budget (from its size on disk or in memory)."""
    budget = current().file_mb * MB
    if size > budget:
        raise LimitError(f"tệp “{_base(name)}” có dung lượng {size_text(size)}, vượt giới hạn "
                         f"{size_text(budget)} cho một tệp đầu vào", path=name,
                         hint=f"Kiểm tra nguồn gốc tệp; {_setting('file_mb')}")


def check_package(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip package (.docx, .xlsx) whose declared sizes break a budget (zip bombs)."""
    budget = current()
    infos = package.infolist()
    if len(infos) > budget.parts:
        raise LimitError(f"tệp “{_base(name)}” chứa {len(infos)} phần, vượt giới hạn "
                         f"{budget.parts} phần", path=name,
                         hint=f"Tệp có thể là “bom nén”; {_setting('parts')}")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > budget.part_mb * MB:
            raise LimitError(f"tệp “{_base(name)}”: phần “{info.filename}” giải nén ra "
                             f"{size_text(size)}, vượt giới hạn {size_text(budget.part_mb * MB)} "
                             "cho một phần", path=name,
                             hint=f"Tệp có thể là “bom nén”; {_setting('part_mb')}")
        if size > RATIO_FLOOR_BYTES and size > budget.ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise LimitError(f"tệp “{_base(name)}”: phần “{info.filename}” nén với tỉ lệ "
                             f"{number_text(ratio)}:1, vượt giới hạn {number_text(budget.ratio)}:1",
                             path=name, hint=f"Tệp có thể là “bom nén”; {_setting('ratio')}")
    if total > budget.unpacked_mb * MB:
        raise LimitError(f"tệp “{_base(name)}” giải nén ra {size_text(total)}, vượt giới hạn "
                         f"{size_text(budget.unpacked_mb * MB)} cho cả tệp", path=name,
                         hint=f"Tệp có thể là “bom nén”; {_setting('unpacked_mb')}")


def check_rows(row_number: int, name: str) -> None:
    """Refuse a sheet whose rows go past the row budget (checked as the rows are read)."""
    budget = current().sheet_rows
    if row_number > budget:
        raise LimitError(f"tệp “{_base(name)}” có hơn {number_text(budget)} dòng, vượt giới hạn "
                         f"{number_text(budget)} dòng cho một bảng góp ý", path=name,
                         hint=f"Chia bảng thành nhiều tệp; {_setting('sheet_rows')}")


def check_paragraphs(count: int, name: str) -> None:
    """Refuse a letter with more paragraphs and tables than the budget (checked while reading)."""
    budget = current().paragraphs
    if count >= budget:
        raise LimitError(f"tệp “{_base(name)}” có hơn {number_text(budget)} đoạn văn, vượt giới hạn "
                         f"{number_text(budget)} đoạn cho một công văn", path=name,
                         hint=f"Kiểm tra nguồn gốc tệp; {_setting('paragraphs')}")


def check_pages(pages: int, name: str) -> None:
    """Refuse a PDF with more pages than the budget (before extracting any text)."""
    budget = current().pdf_pages
    if pages > budget:
        raise LimitError(f"tệp “{_base(name)}” có {number_text(pages)} trang, vượt giới hạn "
                         f"{number_text(budget)} trang cho một công văn PDF", path=name,
                         hint=f"Kiểm tra nguồn gốc tệp; {_setting('pdf_pages')}")


class _Bounded(io.RawIOBase):
    """A zip entry read through a byte budget: past it, :class:`LimitError` (actual bytes)."""

    def __init__(self, handle: IO[bytes], budget: int, name: str, part: str):
        self.handle, self.budget, self.name, self.part, self.seen = handle, budget, name, part, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.budget:
            raise LimitError(f"tệp “{_base(self.name)}”: phần “{self.part}” giải nén ra hơn "
                             f"{size_text(self.budget)} (giới hạn cho một phần)", path=self.name,
                             hint=f"Tệp có thể là “bom nén”; {_setting('part_mb')}")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def bounded(package: zipfile.ZipFile, part: str, name: str) -> IO[bytes]:
    """Open ``part`` of ``package`` for streaming, stopped at the part budget."""
    raw = _Bounded(package.open(part), int(current().part_mb * MB), name, part)
    return io.BufferedReader(raw, buffer_size=1 << 16)


def read_part(package: zipfile.ZipFile, part: str, name: str) -> bytes:
    """The whole of ``part``, read through the part budget."""
    with bounded(package, part, name) as handle:
        return handle.read()


def _base(name: str) -> str:
    return str(name).replace("\\", "/").rsplit("/", 1)[-1]


__all__ = ["Limits", "SETTINGS", "DEFAULTS", "current", "override", "check_file_size",
           "check_package", "check_rows", "check_paragraphs", "check_pages", "bounded", "read_part", "size_text",
           "number_text"]
