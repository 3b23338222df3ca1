"""The drafters' edits of a draft, kept in the register like dispositions.

A drafter who takes a comment in ("tiếp thu") rewords a unit of the latest
draft, adds a unit after it (numbered the amending way, ``1a.``, ``d1)``,
``2.2a.``) or repeals it, and says why and which comments the edit answers.
Each edit is one row of ``clause_edits`` (``schema.CLAUSE_EDITS``) keyed by
``'<base>|<clause id>'`` (the inserted unit's own id for an insertion), changed
only by :meth:`EditsMixin.set_clause_edit`, a compare-and-set on its
``version`` in one ``BEGIN IMMEDIATE`` transaction: two drafters editing the
same unit get :class:`~consultkit.errors.StaleEditError` for the later one,
and nothing is lost. Every changed field is an audit entry whose
``comment_id`` is ``'edit:<edit_id>'`` (the audit log stays append-only).

:meth:`consultkit.workspace.Consultation.new_draft` turns a base's edits into
the next version.
"""

from __future__ import annotations

import json
from typing import Iterable

import pandas as pd

from .. import schema
from ..errors import RegisterError, StaleEditError
from . import _db
from ._db import EDIT_ACTIONS

_FIELDS = ("action", "number", "new_id", "text", "reason", "comment_ids")
_SELECT = ("SELECT edit_id, base, clause_id, action, number, new_id, text, reason, comment_ids, "
           "updated_by, updated_at, version FROM clause_edits")


def edit_key(base: str, clause_id: str) -> str:
    """The id of the edit of ``clause_id`` (or of the inserted unit ``clause_id``) in ``base``."""
    return f"{base}|{clause_id}"


def _ids_json(comment_ids: Iterable[str] | str | None) -> str:
    if comment_ids is None:
        return "[]"
    if isinstance(comment_ids, str):
        comment_ids = [comment_ids] if comment_ids else []
    return json.dumps(list(dict.fromkeys(str(c) for c in comment_ids if c)), ensure_ascii=False)


def _record(row: tuple) -> dict:
    record = dict(zip(schema.CLAUSE_EDITS, row))
    record["comment_ids"] = tuple(json.loads(record["comment_ids"] or "[]"))
    record["version"] = int(record["version"])
    return record


class EditsMixin:
    """Methods of :class:`~consultkit.register.Register` for the drafters' edits."""

    def edit_records(self, base: str | None = None, *, include_withdrawn: bool = False) -> list[dict]:
        """The edits as dicts (CLAUSE_EDITS keys), in the order they were first made."""
        sql, params = _SELECT, []
        where = []
        if base is not None:
            where.append("base = ?")
            params.append(base)
        if not include_withdrawn:
            where.append("action != 'withdrawn'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_record(row) for row in self.conn().execute(sql + " ORDER BY seq, rowid", params)]

    def clause_edits(self, base: str | None = None, *, include_withdrawn: bool = False) -> pd.DataFrame:
        """The edits (of one base version, or all) as a CLAUSE_EDITS frame, oldest first."""
        records = self.edit_records(base, include_withdrawn=include_withdrawn)
        if not records:
            return schema.empty(schema.CLAUSE_EDITS)
        return schema.conform(pd.DataFrame(records, columns=list(schema.CLAUSE_EDITS)),
                              schema.CLAUSE_EDITS)

    def clause_edit(self, edit_id: str) -> dict | None:
        """One edit as a dict (CLAUSE_EDITS keys), None if there is none."""
        row = self.conn().execute(_SELECT + " WHERE edit_id = ?", (edit_id,)).fetchone()
        return None if row is None else _record(row)

    def set_clause_edit(self, base: str, clause_id: str, *, action: str, who: str,
                        expected_version: int = 0, text: str = "", reason: str | None = None,
                        comment_ids: Iterable[str] | None = None, number: str = "",
                        new_id: str = "") -> dict:
        """Record (or change) a drafter's edit; returns the stored edit.

        ``action``: ``edit`` (``text`` is the unit's new text), ``insert`` (a new
        unit ``new_id`` numbered ``number`` after ``clause_id``), ``repeal`` or
        ``withdrawn`` (take an edit back). ``reason`` and ``comment_ids`` left
        as None keep what the edit had. ``expected_version`` is the edit's
        ``version`` the drafter read (0 for a new one); a stale edit raises
        :class:`StaleEditError` and writes nothing.
        """
        who = self._who(who)
        if action not in EDIT_ACTIONS:
            raise RegisterError(f"không rõ việc chỉnh sửa {action!r}",
                                hint=f"Dùng một trong: {', '.join(EDIT_ACTIONS)}")
        if action == "insert" and not (new_id and number):
            raise RegisterError("đơn vị bổ sung cần có số và mã (clause id)",
                                hint="Đánh số bằng consultkit.redraft.next_number")
        if action in ("edit", "insert") and not str(text).strip():
            raise RegisterError("nội dung mới của điều khoản đang để trống",
                                hint="Nhập nội dung điều khoản, hoặc chọn bãi bỏ điều khoản")
        edit_id = edit_key(base, new_id if action == "insert" else clause_id)
        values = {"action": action, "number": number if action == "insert" else "",
                  "new_id": new_id if action == "insert" else "",
                  "text": "" if action == "repeal" else str(text),
                  "reason": None if reason is None else str(reason),
                  "comment_ids": None if comment_ids is None else _ids_json(comment_ids)}
        conn = self.conn()
        with _db.transaction(conn):
            row = conn.execute("SELECT action, number, new_id, text, reason, comment_ids, "
                               "updated_by, updated_at, version FROM clause_edits WHERE edit_id = ?",
                               (edit_id,)).fetchone()
            current = 0 if row is None else row[8]
            if current != int(expected_version):
                raise StaleEditError(edit_id, row[6] or None, row[7] or None, path=self.path)
            old = dict(zip(_FIELDS, row[:6])) if row is not None else dict.fromkeys(_FIELDS, "")
            if action == "withdrawn":
                values = {**old, "action": "withdrawn"}
            for kept in ("reason", "comment_ids"):
                if values[kept] is None:
                    values[kept] = old[kept] if row is not None else ("[]" if kept == "comment_ids" else "")
            changes = [(f, old[f], values[f]) for f in _FIELDS if str(old[f]) != str(values[f])]
            if changes:
                stamp = _db.now()
                if row is None:
                    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM clause_edits").fetchone()[0]
                    conn.execute(
                        "INSERT INTO clause_edits (edit_id, base, clause_id, action, number, new_id, "
                        "text, reason, comment_ids, updated_by, updated_at, version, seq) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                        (edit_id, base, clause_id, values["action"], values["number"],
                         values["new_id"], values["text"], values["reason"], values["comment_ids"],
                         who, stamp, seq))
                else:
                    conn.execute(
                        "UPDATE clause_edits SET action = ?, number = ?, new_id = ?, text = ?, "
                        "reason = ?, comment_ids = ?, updated_by = ?, updated_at = ?, "
                        "version = version + 1 WHERE edit_id = ?",
                        (values["action"], values["number"], values["new_id"], values["text"],
                         values["reason"], values["comment_ids"], who, stamp, edit_id))
                conn.executemany(
                    "INSERT INTO audit (comment_id, field, old_value, new_value, who, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(f"edit:{edit_id}", f, str(o), str(n), who, stamp) for f, o, n in changes])
        return self.clause_edit(edit_id)
