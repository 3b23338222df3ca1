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
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000

COMMENT_COLUMNS = (
    "comment_id", "unit_raw", "unit_id", "match_score", "match_method", "received",
    "letter_number", "channel", "text", "refs_raw", "clause_ids", "clause_suggestions",
    "stance", "duplicate_of", "group_id", "source",
)

STATUSES = ("pending", "accepted", "partly_accepted", "explained")

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
    # public consultations: one disposition per cluster of comments (consultkit.public);
    # its audit entries go to the audit table with comment_id 'cluster:<id>'
    2: [
        f"""CREATE TABLE cluster_dispositions (
            cluster_id TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN {STATUSES!r}),
            response TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 0)""",
    ],
}


def now() -> str:
    """ISO timestamp (UTC, microseconds) used for every change."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create or migrate) the register database at ``path``."""
    if not path.parent.is_dir():
        raise RegisterError("the folder of the register does not exist", path=path,
                            hint="Create the workspace folder first")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"cannot open the register ({exc})", path=path,
                            hint="The file is not a consultkit register or is damaged; "
                                 "restore it from a backup or move it away to start a new one") from exc
    if str(mode).lower() != "wal":
        conn.close()
        raise RegisterError(f"the register cannot use WAL journaling (got {mode})", path=path,
                            hint="Keep the workspace on a local disk, not a network share")
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
            raise RegisterError(f"the register has schema version {current}, newer than this "
                                f"consultkit understands ({SCHEMA_VERSION})", path=path,
                                hint="Upgrade consultkit")
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
        raise RegisterError(f"the register is busy ({exc})",
                            hint="Another program holds it; try again in a moment") from exc
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
