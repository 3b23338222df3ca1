"""The comments register: one SQLite file per workspace that never loses an edit.

It holds the comments (every ``schema.COMMENTS`` column; tuples stored as
JSON), the drafters' disposition of each (``schema.DISPOSITIONS``), an
append-only audit log of every change (SQLite triggers refuse UPDATE and
DELETE on it), a log of imports and the rows each import rejected.

Concurrency: each edit is one ``BEGIN IMMEDIATE`` transaction that compares
the version the editor read with the stored one (compare-and-set); a stale
edit raises :class:`~consultkit.errors.StaleEditError` naming the comment and
who changed it. Batches of comments are added in one transaction, so a
process killed mid-import leaves all of the batch or none of it.

>>> reg = Register("register.sqlite")                         # doctest: +SKIP
>>> reg.add_comments(frame)                                   # doctest: +SKIP
AddResult(new=12, known=0, rejected=0, import_id=1)
>>> d = reg.disposition(cid)                                  # doctest: +SKIP
>>> reg.set_disposition(cid, status="accepted", response="Tiếp thu", who="lan",
...                     expected_version=d["version"])       # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import schema
from ..errors import RegisterError, SchemaError, StaleEditError
from ..text import fold
from . import _db
from ._db import COMMENT_COLUMNS, STATUSES
from .edits import EditsMixin, edit_key
from .clusters import ClusterDispositions

__all__ = ["Register", "AddResult", "STATUSES", "status_key", "empty_comments", "edit_key"]

AUDIT_COLUMNS: schema.Columns = {
    "id": ("int64", "order of the change"),
    "comment_id": ("str", "the comment changed"),
    "field": ("str", "status, response, unit_id"),
    "old_value": ("str", "value before"),
    "new_value": ("str", "value after"),
    "who": ("str", "who changed it"),
    "at": ("str", "ISO timestamp (UTC)"),
}
IMPORT_COLUMNS: schema.Columns = {
    "import_id": ("int64", "import number"),
    "at": ("str", "ISO timestamp (UTC)"),
    "files": ("object", "tuple of the files or folders read"),
    "read": ("int64", "rows read (new + known + rejected)"),
    "new": ("int64", "comments added"),
    "known": ("int64", "comments already in the register"),
    "rejected": ("int64", "rows rejected, with reasons in rejects()"),
}
REJECT_COLUMNS: schema.Columns = {
    "source": ("str", "file and place of the rejected row"),
    "reason": ("str", "why it was rejected"),
    "import_id": ("int64", "the latest import that rejected it"),
}


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Register.add_comments` did."""

    new: int
    known: int
    rejected: int = 0
    import_id: int | None = None


def status_key(status: str) -> str:
    """'accepted' or its Vietnamese label 'Tiếp thu' → 'accepted'; else a clear error."""
    wanted = fold(status)
    for key, label in schema.DISPOSITION_STATUSES.items():
        if wanted in (fold(key), fold(label)):
            return key
    valid = ", ".join(f"{k} ({v})" for k, v in schema.DISPOSITION_STATUSES.items())
    raise RegisterError(f"không có tình trạng {status!r}", hint=f"Dùng một trong: {valid}")


def _missing(value) -> bool:
    """None, NaN, NaT, pd.NA: every spelling of "no value" a frame can hold."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes, tuple, list)) else False
    except (TypeError, ValueError):   # arrays: not a missing scalar
        return False


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _date_in(value) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return dt.date.fromisoformat(text[:10]).isoformat() if text else None


def _date_out(value) -> dt.date | None:
    """A stored date back: ISO text → date; NULL, '' or anything unreadable → None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _json_in(value) -> str:
    if _missing(value):
        return "[]"
    if isinstance(value, str):
        return json.dumps([value] if value else [], ensure_ascii=False)
    return json.dumps([list(v) if isinstance(v, (tuple, list)) else
                       (v.item() if hasattr(v, "item") else v) for v in value],
                      ensure_ascii=False)


def _json_out(value) -> tuple:
    """A stored JSON list back as a tuple (inner lists as tuples); unreadable → ()."""
    if value == "[]" or not value:
        return ()
    try:
        items = json.loads(value) if isinstance(value, str) and value else []
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    return tuple(tuple(x) if isinstance(x, list) else x for x in items)


def _float_in(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def empty_comments() -> pd.DataFrame:
    """What :meth:`Register.comments` returns for a register with no comments."""
    frame = schema.empty(schema.COMMENTS)
    for col in ("status", "response", "updated_by", "updated_at"):
        frame[col] = pd.Series(dtype=str)
    frame["version"] = pd.Series(dtype="int64")
    return frame


class Register(EditsMixin, ClusterDispositions):
    """The comments register in the SQLite file ``path`` (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser().resolve()
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self.conn()   # create/migrate now, so errors surface at once

    def __repr__(self) -> str:
        return f"Register({str(self.path)!r})"

    def conn(self) -> sqlite3.Connection:
        """This process's connection (a forked child opens its own)."""
        if self._conn is None or self._pid != os.getpid():
            self._conn = _db.connect(self.path)
            self._pid = os.getpid()
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- comments ---------------------------------------------------------------------------
    def add_comments(self, frame: pd.DataFrame, *, rejects: pd.DataFrame | None = None,
                     files=()) -> AddResult:
        """Add the comments not yet in the register (by ``comment_id``), in one transaction.

        ``rejects`` (columns source, reason) and ``files`` are recorded in the
        import log in the same transaction: read = new + known + rejected.
        """
        if "comment_id" not in frame.columns:
            raise SchemaError("bảng góp ý không có cột 'comment_id'",
                              hint="Tạo bảng bằng consultkit.load_comments")
        ids = frame["comment_id"].map(_text)
        if (ids == "").any():
            rows = [int(i) for i in ids.index[ids == ""][:5]]
            raise SchemaError(f"có góp ý không có comment_id (các dòng {rows})",
                              hint="Mỗi góp ý cần mã định danh ổn định của nó")
        rejects = rejects if rejects is not None else pd.DataFrame(columns=["source", "reason"])
        stamp = _db.now()
        conn = self.conn()
        with _db.transaction(conn):
            cur = conn.execute("INSERT INTO import_log (at, files, n_read, n_new, n_known, n_rejected)"
                               " VALUES (?, ?, 0, 0, 0, 0)",
                               (stamp, json.dumps([str(f) for f in files], ensure_ascii=False)))
            import_id = cur.lastrowid
            before = conn.total_changes
            conn.executemany(
                f"INSERT OR IGNORE INTO comments ({', '.join(COMMENT_COLUMNS)}, import_id, added_at)"
                f" VALUES ({', '.join('?' * (len(COMMENT_COLUMNS) + 2))})",
                (self._row_in(row, import_id, stamp) for row in frame.to_dict("records")))
            new = conn.total_changes - before
            conn.execute("INSERT OR IGNORE INTO dispositions (comment_id) "
                         "SELECT comment_id FROM comments WHERE import_id = ?", (import_id,))
            conn.executemany("INSERT INTO rejects (import_id, source, reason) VALUES (?, ?, ?)",
                             ((import_id, _text(r.get("source")), _text(r.get("reason")))
                              for r in rejects.to_dict("records")))
            known, rejected = len(frame) - new, len(rejects)
            conn.execute("UPDATE import_log SET n_read = ?, n_new = ?, n_known = ?, n_rejected = ?"
                         " WHERE import_id = ?", (new + known + rejected, new, known, rejected,
                                                  import_id))
        return AddResult(new=new, known=known, rejected=rejected, import_id=import_id)

    @staticmethod
    def _row_in(row: dict, import_id: int, stamp: str) -> tuple:
        values = []
        for col in COMMENT_COLUMNS:
            value = row.get(col)
            if col == "received":
                try:
                    values.append(_date_in(value))
                except ValueError as exc:
                    raise SchemaError(f"góp ý {row.get('comment_id')}: 'received' không phải là ngày "
                                      f"({value!r})") from exc
            elif col in ("clause_ids", "clause_suggestions", "doubtful"):
                values.append(_json_in(value))
            elif col in ("match_score", "confidence"):
                values.append(_float_in(value))
            else:
                values.append(_text(value))
        return (*values, import_id, stamp)

    def comments(self) -> pd.DataFrame:
        """Comments joined with their dispositions: COMMENTS columns + status, response,
        updated_by, updated_at, version; in the order they were added."""
        extra = ("status", "response", "updated_by", "updated_at", "version")
        rows = self.conn().execute(
            f"SELECT {', '.join('c.' + c for c in COMMENT_COLUMNS)}, d.status, d.response, "
            "d.updated_by, d.updated_at, d.version FROM comments c "
            "JOIN dispositions d USING (comment_id) ORDER BY c.rowid").fetchall()
        if not rows:
            return empty_comments()
        columns = list(COMMENT_COLUMNS) + list(extra)
        data = {col: [row[i] for row in rows] for i, col in enumerate(columns)}
        # every column's missing value handled here, whatever SQLite holds (NULL, '', junk)
        data["received"] = [_date_out(v) for v in data["received"]]
        data["clause_ids"] = [_json_out(v) for v in data["clause_ids"]]
        data["clause_suggestions"] = [_json_out(v) for v in data["clause_suggestions"]]
        data["doubtful"] = [_json_out(v) for v in data["doubtful"]]
        data["match_score"] = [_float_in(v) for v in data["match_score"]]
        data["confidence"] = [_float_in(v) for v in data["confidence"]]
        data["version"] = [int(v or 0) for v in data["version"]]
        for col in columns:
            if col not in ("received", "clause_ids", "clause_suggestions", "doubtful",
                           "match_score", "confidence", "version"):
                # SQLite gives str or None here (a register edited by hand: anything)
                data[col] = [v if type(v) is str else _text(v) for v in data[col]]
        frame = pd.DataFrame(data)
        frame["match_score"] = frame["match_score"].astype("float64")
        frame["confidence"] = frame["confidence"].astype("float64")
        frame["version"] = frame["version"].astype("int64")
        frame = schema.conform(frame, schema.COMMENTS)
        for col in extra[:-1]:
            frame[col] = frame[col].astype(str)
        return frame

    def __len__(self) -> int:
        return self.conn().execute("SELECT COUNT(*) FROM comments").fetchone()[0]

    # -- dispositions -----------------------------------------------------------------------
    def disposition(self, comment_id: str) -> dict:
        """The disposition of one comment as a dict (DISPOSITIONS keys)."""
        row = self.conn().execute(
            "SELECT comment_id, status, response, updated_by, updated_at, version "
            "FROM dispositions WHERE comment_id = ?", (comment_id,)).fetchone()
        if row is None:
            raise RegisterError(f"không có góp ý {comment_id!r} trong sổ", path=self.path,
                                hint="Kiểm tra lại mã góp ý (xem Register.comments())")
        return dict(zip(schema.DISPOSITIONS, row))

    def dispositions(self) -> pd.DataFrame:
        """Every disposition (schema.DISPOSITIONS)."""
        frame = pd.read_sql_query("SELECT comment_id, status, response, updated_by, updated_at, "
                                  "version FROM dispositions ORDER BY rowid", self.conn())
        return schema.conform(frame, schema.DISPOSITIONS)

    def _check_version(self, conn, comment_id: str, expected_version: int) -> tuple:
        row = conn.execute("SELECT status, response, updated_by, updated_at, version "
                           "FROM dispositions WHERE comment_id = ?", (comment_id,)).fetchone()
        if row is None:
            raise RegisterError(f"không có góp ý {comment_id!r} trong sổ", path=self.path,
                                hint="Kiểm tra lại mã góp ý (xem Register.comments())")
        if row[4] != int(expected_version):
            raise StaleEditError(comment_id, row[2] or None, row[3] or None, path=self.path)
        return row

    @staticmethod
    def _who(who: str) -> str:
        who = _text(who).strip()
        if not who:
            raise RegisterError("mỗi lần sửa cần tên người sửa ('who')")
        return who

    def set_disposition(self, comment_id: str, *, status: str | None = None,
                        response: str | None = None, who: str, expected_version: int) -> dict:
        """Change the status and/or response of a comment; returns the new disposition.

        ``expected_version`` is the ``version`` the editor read; if someone
        changed the comment since, :class:`StaleEditError` is raised and
        nothing is written. Each changed field gets an audit entry.
        """
        who = self._who(who)
        new_status = status_key(status) if status is not None else None
        conn = self.conn()
        with _db.transaction(conn):
            old_status, old_response, _, _, _ = self._check_version(conn, comment_id, expected_version)
            _db.write_disposition(conn, "dispositions", "comment_id", comment_id, comment_id,
                                  (old_status, old_response), new_status, response, who)
        return self.disposition(comment_id)

    def set_unit(self, comment_id: str, unit_id: str, who: str, expected_version: int) -> dict:
        """Record a person's decision on the unit that sent a comment (method 'manual')."""
        who = self._who(who)
        conn = self.conn()
        with _db.transaction(conn):
            self._check_version(conn, comment_id, expected_version)
            old = conn.execute("SELECT unit_id FROM comments WHERE comment_id = ?",
                               (comment_id,)).fetchone()[0]
            stamp = _db.now()
            conn.execute("UPDATE comments SET unit_id = ?, match_method = 'manual', "
                         "match_score = 100.0 WHERE comment_id = ?", (_text(unit_id), comment_id))
            conn.execute("UPDATE dispositions SET updated_by = ?, updated_at = ?, "
                         "version = version + 1 WHERE comment_id = ?", (who, stamp, comment_id))
            conn.execute("INSERT INTO audit (comment_id, field, old_value, new_value, who, at) "
                         "VALUES (?, 'unit_id', ?, ?, ?, ?)",
                         (comment_id, old, _text(unit_id), who, stamp))
        return self.disposition(comment_id)

    # -- logs -------------------------------------------------------------------------------
    def audit(self, comment_id: str | None = None) -> pd.DataFrame:
        """The audit log (all comments, or one), oldest first."""
        sql = "SELECT id, comment_id, field, old_value, new_value, who, at FROM audit"
        params: tuple = ()
        if comment_id is not None:
            sql, params = sql + " WHERE comment_id = ?", (comment_id,)
        frame = pd.read_sql_query(sql + " ORDER BY id", self.conn(), params=params)
        return schema.conform(frame, AUDIT_COLUMNS)

    def import_log(self) -> pd.DataFrame:
        """One row per import: when, files, read/new/known/rejected counts."""
        frame = pd.read_sql_query("SELECT import_id, at, files, n_read AS read, n_new AS new, "
                                  "n_known AS known, n_rejected AS rejected FROM import_log "
                                  "ORDER BY import_id", self.conn())
        frame["files"] = [tuple(json.loads(v)) for v in frame["files"]]
        return schema.conform(frame, IMPORT_COLUMNS)

    def rejects(self, import_id: int | None = None) -> pd.DataFrame:
        """Rejected rows with their reasons: of one import, or every distinct one (latest)."""
        if import_id is not None:
            frame = pd.read_sql_query("SELECT source, reason, import_id FROM rejects "
                                      "WHERE import_id = ? ORDER BY id", self.conn(),
                                      params=(int(import_id),))
        else:
            frame = pd.read_sql_query("SELECT source, reason, MAX(import_id) AS import_id "
                                      "FROM rejects GROUP BY source, reason ORDER BY MIN(id)",
                                      self.conn())
        return schema.conform(frame, REJECT_COLUMNS)

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ('ok' when sound)."""
        return self.conn().execute("PRAGMA integrity_check").fetchone()[0]
