"""What slow readers found, kept per file in the register, so an interrupted ingest resumes.

Recognising a folder of scans (OCR) or converting legacy .doc files (LibreOffice)
takes seconds per page. The comments themselves are added to the register in one
transaction at the end of an ingest; if the ingest is interrupted before that,
:class:`ReadCache` keeps each slow file's result as soon as it is read (table
``read_cache``, one short transaction per file), keyed by the file's label, its
SHA-1 and :data:`READER_VERSION`. The next ingest takes those results instead of
reading the files again, and the register adds each comment once (stable ids).

Only results without rejects are kept: a scan rejected because Tesseract was
missing is read again once it is installed. A changed file has another SHA-1
and is read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..readers.rows import ReadResult

#: bump when a slow reader changes what it returns (old cached results are then ignored)
READER_VERSION = "1"
#: file kinds whose reading is slow enough to keep
SLOW = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".doc", ".rtf", ".odt")


def _key(path: Path, label: str) -> str:
    digest = hashlib.sha1(path.read_bytes()).hexdigest()
    return f"{READER_VERSION}:{label}:{digest}"


def _encode(result: ReadResult) -> str:
    def value(v):
        if isinstance(v, dt.date):
            return {"date": v.isoformat()}
        if isinstance(v, tuple):
            return {"tuple": [value(x) for x in v]}
        return v
    return json.dumps({"rows": [{k: value(v) for k, v in row.items()} for row in result.rows],
                       "empty": result.empty}, ensure_ascii=False)


def _decode(text: str) -> ReadResult:
    def value(v):
        if isinstance(v, dict) and "date" in v:
            return dt.date.fromisoformat(v["date"])
        if isinstance(v, dict) and "tuple" in v:
            return tuple(value(x) for x in v["tuple"])
        return v
    data = json.loads(text)
    return ReadResult(rows=[{k: value(v) for k, v in row.items()} for row in data["rows"]],
                      empty=int(data.get("empty", 0)))


class ReadCache:
    """Per-file results of slow readers, in the register's database."""

    def __init__(self, register):
        self.register = register
        self.hits = 0

    def get(self, path: Path, label: str) -> ReadResult | None:
        if Path(path).suffix.lower() not in SLOW or not Path(path).is_file():
            return None
        row = self.register.conn().execute("SELECT result FROM read_cache WHERE key = ?",
                                           (_key(Path(path), label),)).fetchone()
        if row is None:
            return None
        self.hits += 1
        return _decode(row[0])

    def put(self, path: Path, label: str, result: ReadResult) -> None:
        if Path(path).suffix.lower() not in SLOW or result.rejects or not Path(path).is_file():
            return
        from ..register import _db

        with _db.transaction(self.register.conn()) as conn:
            conn.execute("INSERT OR REPLACE INTO read_cache (key, label, result, at) VALUES (?, ?, ?, ?)",
                         (_key(Path(path), label), label, _encode(result), _db.now()))
