"""The SQLite side of the register: connection settings, tables, migrations.

Every connection runs in autocommit mode; writers open their own transaction
with ``BEGIN IMMEDIATE`` so that a read-check-write (compare-and-set on a
disposition's version) is atomic across processes. The database is in WAL
mode with ``synchronous=NORMAL``: a process killed at any point leaves either
the whole of a transaction or none of it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import RegisterError

#: schema version written by this consultkit
SCHEMA_VERSION = 6
BUSY_TIMEOUT_MS = 30_000

COMMENT_COLUMNS = (
    "comment_id", "unit_raw", "unit_id", "match_score", "match_method", "received",
    "letter_number", "channel", "text", "refs_raw", "clause_ids", "clause_suggestions",
    "stance", "duplicate_of", "group_id", "source",
    "source_kind", "confidence", "doubtful", "notes", "proposed", "quoted_text", "rationale",
)

STATUSES = ("pending", "accepted", "partly_accepted", "explained")

#: what a drafter can do to a unit of a draft (consultkit.register.edits)
EDIT_ACTIONS = ("edit", "insert", "repeal", "withdrawn")

_MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE comments (
            comment_id TEXT PRIMARY KEY,
            unit_raw TEXT NOT NULL DEFAULT '', unit_id TEXT NOT NULL DEFAULT '',
            match_score REAL, match_method TEXT NOT NULL DEFAULT '',
            received TEXT, letter_number TEXT NOT NULL DEFAULT '', channel TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '', refs_raw TEXT NOT NULL DEFAULT '',
            clause_ids TEXT NOT NULL DEFAULT '[]', clause_suggestions TEXT NOT NULL DEFAULT '[]',
            stance TEXT NOT NULL DEFAULT '', duplicate_of TEXT NOT NULL DEFAULT '',
            group_id TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
            import_id INTEGER, added_at TEXT NOT NULL)""",
        f"""CREATE TABLE dispositions (
            comment_id TEXT PRIMARY KEY REFERENCES comments(comment_id),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN {STATUSES!r}),
            response TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            comment_id TEXT NOT NULL, field TEXT NOT NULL,
            old_value TEXT, new_value TEXT, who TEXT NOT NULL, at TEXT NOT NULL)""",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        "CREATE INDEX audit_comment ON audit(comment_id)",
        """CREATE TABLE import_log (
            import_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
            files TEXT NOT NULL DEFAULT '[]', n_read INTEGER NOT NULL, n_new INTEGER NOT NULL,
            n_known INTEGER NOT NULL, n_rejected INTEGER NOT NULL)""",
        """CREATE TABLE rejects (
            id INTEGER PRIMARY KEY AUTOINCREMENT, import_id INTEGER NOT NULL,
            source TEXT NOT NULL, reason TEXT NOT NULL)""",
    ],
    # 2: indexes for the per-import queries (add_comments, rejects(import_id)); the data of a
    # version-1 register is read as it is (tests/fixtures/register/v1.sqlite)
    2: [
        "CREATE INDEX IF NOT EXISTS comments_import ON comments(import_id)",
        "CREATE INDEX IF NOT EXISTS rejects_import ON rejects(import_id)",
    ],
    # 3: the drafters' edits of a draft's units (the drafting loop); audit rows for them
    #    use comment_id = 'edit:<edit_id>'.
    3: [
        f"""CREATE TABLE clause_edits (
            edit_id TEXT PRIMARY KEY,
            base TEXT NOT NULL, clause_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN {EDIT_ACTIONS!r}),
            number TEXT NOT NULL DEFAULT '', new_id TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
            comment_ids TEXT NOT NULL DEFAULT '[]',
            updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX clause_edits_base ON clause_edits(base)",
    ],
    # 4: how each comment was read (scans, returned drafts, legacy fonts)
    4: [
        "ALTER TABLE comments ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'digital'",
        "ALTER TABLE comments ADD COLUMN confidence REAL",
        "UPDATE comments SET confidence = 100.0",
        "ALTER TABLE comments ADD COLUMN doubtful TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE comments ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE comments ADD COLUMN proposed TEXT NOT NULL DEFAULT ''",
        # results of slow readers (OCR, LibreOffice) per file, so an interrupted ingest resumes
        """CREATE TABLE read_cache (
            key TEXT PRIMARY KEY, label TEXT NOT NULL, result TEXT NOT NULL, at TEXT NOT NULL)""",
    ],
    # 5: what a comment quotes of the draft and the reason it gives (comment tables by column)
    5: [
        "ALTER TABLE comments ADD COLUMN quoted_text TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE comments ADD COLUMN rationale TEXT NOT NULL DEFAULT ''",
    ],
    # 6: public consultations: one disposition per cluster of comments (consultkit.public);
    # its audit entries go to the audit table with comment_id 'cluster:<id>'
    6: [
        f"""CREATE TABLE cluster_dispositions (
            cluster_id TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN {STATUSES!r}),
            response TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 0)""",
    ],
}


def write_disposition(conn: sqlite3.Connection, table: str, key_column: str, key: str,
                      audit_key: str, old: tuple[str, str], status: str | None,
                      response: str | None, who: str) -> None:
    """Inside an open transaction: set ``status``/``response`` (None: unchanged) of the row
    ``key`` of a dispositions table whose current values are ``old``, bump its version and
    write one audit entry per changed field under ``audit_key``. Nothing when nothing changed."""
    old_status, old_response = old
    changes = []
    if status is not None and status != old_status:
        changes.append(("status", old_status, status))
    if response is not None and str(response) != old_response:
        changes.append(("response", old_response, str(response)))
    if not changes:
        return
    stamp = now()
    values = {field: new for field, _, new in changes}
    conn.execute(f"UPDATE {table} SET status = ?, response = ?, updated_by = ?, updated_at = ?, "
                 f"version = version + 1 WHERE {key_column} = ?",
                 (values.get("status", old_status), values.get("response", old_response),
                  who, stamp, key))
    conn.executemany("INSERT INTO audit (comment_id, field, old_value, new_value, who, at)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     [(audit_key, f, o, n, who, stamp) for f, o, n in changes])


def now() -> str:
    """ISO timestamp (UTC, microseconds) used for every change."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create or migrate) the register database at ``path``."""
    if not path.parent.is_dir():
        raise RegisterError("thư mục của sổ góp ý không tồn tại", path=path,
                            hint="Tạo thư mục đợt lấy ý kiến trước")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"không mở được sổ góp ý ({exc})", path=path,
                            hint="Tệp không phải sổ góp ý của consultkit hoặc đã hỏng; "
                                 "hãy khôi phục từ bản sao lưu, hoặc chuyển tệp đi để bắt đầu sổ mới") from exc
    if str(mode).lower() != "wal":
        conn.close()
        raise RegisterError(f"sổ góp ý không dùng được chế độ ghi WAL (nhận được {mode})", path=path,
                            hint="Để thư mục đợt lấy ý kiến trên ổ đĩa của máy, không trên thư mục mạng dùng chung")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
    if has_table and conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] \
            == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                     "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise RegisterError(f"sổ góp ý có phiên bản cấu trúc {current}, mới hơn phiên bản mà consultkit này "
                                f"hiểu được ({SCHEMA_VERSION})", path=path,
                                hint="Nâng cấp consultkit")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any error."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise RegisterError(f"sổ góp ý đang bận ({exc})",
                            hint="Một chương trình khác đang giữ sổ; thử lại sau giây lát") from exc
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
