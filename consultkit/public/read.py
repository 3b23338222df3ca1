"""Public comment exports read in streaming chunks: CSV, JSON Lines, Parquet.

A portal's export has one row per comment. Its columns are found by their
header, folded (:func:`consultkit.text.fold`) and matched against
:data:`FIELD_ALIASES` like the sheet reader's: time, commenter kind (citizen
or organisation), province, name (where given), the part of the draft cited,
the text, and an optional id. ``text`` is required; a file without it raises
:class:`~consultkit.errors.SchemaError` naming the columns found.

* CSV: UTF-8, UTF-8 with BOM or UTF-16 (by its BOM); ``;`` or ``,`` (or tab),
  whichever the header line uses; note lines starting with ``#`` before the
  header (a "synthetic data" label, a portal's title) are skipped.
* JSON Lines: one object per line; an object whose only key is ``#`` is a note.
* Parquet: read by row group batches.

Every data record gets its number ``row`` (1-based, header and notes not
counted) and the ``line`` where it ends in the file (CSV, JSON Lines; 0 for
Parquet). A record that cannot be read as fields (wrong number of CSV fields,
a line that is not JSON) is still yielded, with its ``problem`` set, so that
the chunk function can list it as a reject: every record read ends somewhere.

>>> for chunk in read_export("gop-y.csv", chunk_rows=100_000):   # doctest: +SKIP
...     chunk.first_row, len(chunk.frame)
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from ..errors import CorruptFileError, InputFileError, SchemaError, UnsupportedFormatError
from ..text import fold

#: field -> folded header spellings
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("thoi gian", "thoi gian gui", "thoi gian gop y", "ngay gui", "ngay gop y", "ngay",
             "thoi diem", "time", "timestamp", "created at", "submitted at", "date", "thoi gian tao"),
    "kind": ("doi tuong", "loai", "loai nguoi gop y", "doi tuong gop y", "ca nhan to chuc",
             "commenter kind", "commenter type", "kind", "type"),
    "province": ("tinh thanh pho", "tinh thanh", "tinh", "dia phuong", "tinh tp", "province",
                 "location", "noi o"),
    "name": ("ho va ten", "ho ten", "ten", "nguoi gop y", "ten nguoi gop y", "ten to chuc",
             "ho ten ten to chuc", "name", "commenter", "full name"),
    "part": ("phan du thao gop y", "phan du thao", "dieu khoan", "dieu khoan gop y", "vi tri",
             "noi dung du thao", "muc", "part", "section", "clause", "provision"),
    "text": ("noi dung gop y", "noi dung", "y kien", "y kien gop y", "gop y", "comment", "text",
             "comment text", "body"),
    "source_id": ("stt", "ma gop y", "ma", "id", "comment id", "so thu tu"),
}
FIELDS = ("time", "kind", "province", "name", "part", "text")
#: columns of a chunk's frame
CHUNK_COLUMNS = ("row", "line", "source_id", *FIELDS, "problem")
DEFAULT_CHUNK_ROWS = 100_000
SUFFIXES = (".csv", ".txt", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")


@dataclass(frozen=True)
class Chunk:
    """Consecutive records of an export: ``frame`` has :data:`CHUNK_COLUMNS` (str, except
    the int64 ``row`` and ``line``); ``number`` counts chunks from 0."""

    number: int
    first_row: int
    frame: pd.DataFrame


def header_field(header) -> str | None:
    """The field a header names (:data:`FIELD_ALIASES`), or None."""
    key = fold(header)
    for name, aliases in FIELD_ALIASES.items():
        if key in aliases:
            return name
    return None


def column_map(headers: list[str], path) -> dict[str, int]:
    """field → column index; SchemaError when there is no text column."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = header_field(header)
        if name and name not in found:
            found[name] = index
    if "text" not in found:
        raise SchemaError(f"không thấy cột nội dung góp ý; các cột có: {', '.join(map(str, headers))}",
                          path=path, where="dòng tiêu đề",
                          hint="Đặt tên cột nội dung là 'Nội dung góp ý' (hoặc 'Ý kiến', 'text')")
    return found


def fingerprint(path: str | Path) -> str:
    """A stable id of an export's content: BLAKE2b of its size, first and last MiB."""
    path = Path(path)
    size = path.stat().st_size
    digest = hashlib.blake2b(str(size).encode(), digest_size=12)
    with open(path, "rb") as fh:
        digest.update(fh.read(1 << 20))
        if size > 2 << 20:
            fh.seek(size - (1 << 20))
            digest.update(fh.read())
    return digest.hexdigest()


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


class _Frames:
    """Collects records and cuts them into chunks."""

    def __init__(self, chunk_rows: int):
        self.chunk_rows = chunk_rows
        self.columns: dict[str, list] = {c: [] for c in CHUNK_COLUMNS}
        self.number = 0
        self.first_row = 1

    def add(self, row: int, line: int, values: dict, problem: str = "") -> Chunk | None:
        cols = self.columns
        cols["row"].append(row)
        cols["line"].append(line)
        for name in ("source_id", *FIELDS):
            value = values.get(name)
            cols[name].append("" if value is None else str(value))
        cols["problem"].append(problem)
        return self.cut() if len(cols["row"]) >= self.chunk_rows else None

    def cut(self) -> Chunk | None:
        cols = self.columns
        if not cols["row"]:
            return None
        frame = pd.DataFrame(cols)
        frame["row"] = frame["row"].astype("int64")
        frame["line"] = frame["line"].astype("int64")
        chunk = Chunk(self.number, self.first_row, frame)
        self.number += 1
        self.first_row += len(frame)
        self.columns = {c: [] for c in CHUNK_COLUMNS}
        return chunk


def _csv_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    with open(path, "rb") as raw:
        encoding = _encoding(raw.read(4))
    try:
        fh = open(path, encoding=encoding, newline="")
        with fh:
            line_no = 0
            header_line = ""
            for header_line in fh:
                line_no += 1
                if header_line.strip() and not header_line.lstrip("\ufeff").startswith("#"):
                    break
            else:
                raise SchemaError("tệp không có dòng tiêu đề", path=path,
                                  hint="Tệp xuất cần một dòng tên cột rồi các dòng góp ý")
            counts = {d: header_line.count(d) for d in (";", ",", "\t")}
            delimiter = max(counts, key=counts.get)
            headers = next(csv.reader([header_line], delimiter=delimiter))
            fields = column_map(headers, path)
            reader = csv.reader(fh, delimiter=delimiter)
            frames = _Frames(chunk_rows)
            width = len(headers)
            row = 0
            for record in reader:
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                row += 1
                end = line_no + reader.line_num
                if len(record) != width:
                    chunk = frames.add(row, end, {}, f"dòng có {len(record)} trường, tiêu đề có {width}")
                else:
                    chunk = frames.add(row, end, {f: record[i] for f, i in fields.items()})
                if chunk is not None:
                    yield chunk
            last = frames.cut()
            if last is not None:
                yield last
    except UnicodeDecodeError as exc:
        raise CorruptFileError(f"tệp không phải văn bản {encoding} ({exc.reason})", path=path,
                               hint="Lưu lại tệp ở dạng CSV UTF-8 hoặc UTF-16") from exc
    except csv.Error as exc:
        raise CorruptFileError(f"tệp CSV hỏng ({exc})", path=path,
                               hint="Kiểm tra dấu ngoặc kép chưa đóng") from exc


def _jsonl_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    frames = _Frames(chunk_rows)
    fields: dict[str, str] | None = None
    row = 0
    with open(path, "rb") as raw:
        encoding = _encoding(raw.read(4))
    with open(path, encoding=encoding) as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                problem = "" if isinstance(obj, dict) else "dòng JSON không phải một đối tượng"
            except json.JSONDecodeError as exc:
                obj, problem = {}, f"dòng không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})"
            if not problem and set(obj) == {"#"}:
                continue
            if fields is None and not problem:
                by_index = column_map(list(obj), path)
                keys = list(obj)
                fields = {f: keys[i] for f, i in by_index.items()}
            row += 1
            values = {} if problem or fields is None else \
                {f: (obj.get(k) if not isinstance(obj.get(k), (dict, list)) else json.dumps(obj.get(k)))
                 for f, k in fields.items()}
            chunk = frames.add(row, line_no, values, problem or ("" if fields else "chưa có dòng JSON hợp lệ"))
            if chunk is not None:
                yield chunk
    last = frames.cut()
    if last is not None:
        yield last


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:   # pyarrow raises ArrowInvalid / OSError for junk
        raise CorruptFileError(f"không đọc được tệp Parquet ({exc})", path=path,
                               hint="Xuất lại tệp từ cổng thông tin") from exc
    names = pf.schema_arrow.names
    fields = {f: names[i] for f, i in column_map(names, path).items()}
    frames = _Frames(chunk_rows)
    row = 0
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=list(fields.values())):
        data = {f: batch.column(k).to_pylist() for f, k in fields.items()}
        for i in range(batch.num_rows):
            row += 1
            chunk = frames.add(row, 0, {f: data[f][i] for f in fields})
            if chunk is not None:
                yield chunk
    last = frames.cut()
    if last is not None:
        yield last


def read_export(path: str | Path, *, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[Chunk]:
    """The export's records in chunks of ``chunk_rows`` (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError("không có tệp này", path=path, hint="Kiểm tra đường dẫn tệp xuất góp ý")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_chunks(path, chunk_rows)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl_chunks(path, chunk_rows)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_chunks(path, chunk_rows)
    raise UnsupportedFormatError(f"không đọc được định dạng {suffix or '(không có đuôi)'}", path=path,
                                 hint="Dùng tệp .csv, .jsonl hoặc .parquet")
