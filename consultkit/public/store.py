"""The public comments of a consultation on disk: Parquet partitions + a DuckDB database.

Layout, inside the workspace folder (no server to start)::

    public/
      public.duckdb                  exports, committed chunks, rejects, clusters
      comments/<export>/<chunk>.parquet   one file per committed chunk (chunk.COMMENT_COLUMNS)
      texts/<export>/<chunk>.parquet      the chunk's distinct normalised texts (chunk.TEXT_COLUMNS)

A chunk is committed in this order: its two Parquet files are written under
temporary names and renamed, then ONE DuckDB transaction records the chunk
(row range, counts) and its rejects. A process killed before the commit
leaves files of an uncommitted chunk, which the next ingest deletes and
writes again; killed after, the chunk is complete. So an ingest resumes from
the last committed chunk with no duplicates and no loss.

Queries go through :meth:`PublicStore.connect`, whose connection has the
views ``comments``, ``texts`` (Parquet, read in place) over the committed
chunks, next to the tables.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from ..errors import ConsultkitError

DB_NAME = "public.duckdb"
#: DuckDB's memory limit (it spills to disk beyond); CONSULTKIT_DUCKDB_MEMORY overrides it
MEMORY_LIMIT = "1GB"

_TABLES = [
    """CREATE TABLE IF NOT EXISTS exports (
        export_id VARCHAR PRIMARY KEY, name VARCHAR, path VARCHAR, chunk_rows INTEGER,
        started_at TIMESTAMP, completed_at TIMESTAMP, n_read BIGINT, n_stored BIGINT,
        n_rejected BIGINT)""",
    """CREATE TABLE IF NOT EXISTS chunks (
        export_id VARCHAR, chunk INTEGER, first_row BIGINT, n_read INTEGER, n_stored INTEGER,
        n_rejected INTEGER, committed_at TIMESTAMP, PRIMARY KEY (export_id, chunk))""",
    """CREATE TABLE IF NOT EXISTS rejects (
        export_id VARCHAR, chunk INTEGER, "row" BIGINT, line BIGINT, reason VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS text_clusters (text_hash BIGINT PRIMARY KEY, cluster_id BIGINT,
        n BIGINT)""",
    """CREATE TABLE IF NOT EXISTS clause_clusters (clause_id VARCHAR, cluster_id BIGINT, n BIGINT)""",
    """CREATE TABLE IF NOT EXISTS clusters (
        cluster_id BIGINT PRIMARY KEY, size BIGINT, n_texts BIGINT, representative VARCHAR,
        agree BIGINT, substantive BIGINT, general BIGINT, clause_ids VARCHAR[],
        provinces VARCHAR[], first_time TIMESTAMP, last_time TIMESTAMP)""",
]


class StoreError(ConsultkitError):
    """The public comments store is busy, damaged or inconsistent."""


def _empty_glob_guard(folder: Path) -> bool:
    return any(folder.glob("*/*.parquet")) if folder.is_dir() else False


class PublicStore:
    """The store in ``folder`` (``<workspace>/public``), created on first use."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser().resolve()
        self.db_path = self.folder / DB_NAME

    def __repr__(self) -> str:
        return f"PublicStore({str(self.folder)!r})"

    @classmethod
    def of(cls, workspace) -> "PublicStore":
        """The store of a workspace (a :class:`~consultkit.workspace.Consultation` or its folder)."""
        root = getattr(workspace, "path", workspace)
        return cls(Path(root) / "public")

    def exists(self) -> bool:
        return self.db_path.is_file()

    def _raw_connect(self, read_only: bool = False):
        import duckdb

        if not read_only:
            self.folder.mkdir(parents=True, exist_ok=True)
        try:
            conn = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"không mở được kho góp ý công khai ({exc})", path=self.db_path,
                             hint="Một chương trình khác đang ghi kho này; chờ nó xong rồi thử lại") \
                from exc
        conn.execute(f"SET memory_limit = '{os.environ.get('CONSULTKIT_DUCKDB_MEMORY', MEMORY_LIMIT)}'")
        if not read_only:
            for sql in _TABLES:
                conn.execute(sql)
        return conn

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator:
        """A DuckDB connection with the views ``comments`` and ``texts``; closed after use."""
        if read_only and not self.exists():
            raise StoreError("chưa có góp ý công khai nào trong không gian làm việc", path=self.folder,
                             hint="Chạy 'consultkit ingest WORKSPACE --public TỆP_XUẤT' trước")
        conn = self._raw_connect(read_only)
        try:
            self._views(conn)
            yield conn
        finally:
            conn.close()

    def _views(self, conn) -> None:
        for name, cols in (("comments", _COMMENT_SQL_TYPES), ("texts", _TEXT_SQL_TYPES)):
            folder = self.folder / name
            if _empty_glob_guard(folder):
                glob = str(folder / "*" / "*.parquet").replace("'", "''")
                conn.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "
                             f"read_parquet('{glob}')")
            else:
                columns = ", ".join(f"CAST(NULL AS {t}) AS \"{c}\"" for c, t in cols.items())
                conn.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {columns} WHERE false")

    # -- chunks ------------------------------------------------------------------------------
    def chunk_paths(self, export_id: str, chunk: int) -> dict[str, Path]:
        return {kind: self.folder / kind / export_id / f"{chunk:06d}.parquet"
                for kind in ("comments", "texts")}

    def committed(self, conn, export_id: str) -> set[int]:
        return {r[0] for r in conn.execute("SELECT chunk FROM chunks WHERE export_id = ?",
                                           [export_id]).fetchall()}

    def remove_uncommitted(self, conn, export_id: str) -> int:
        """Delete the files of chunks a killed ingest wrote but did not commit."""
        done = self.committed(conn, export_id)
        removed = 0
        for kind in ("comments", "texts"):
            folder = self.folder / kind / export_id
            for path in folder.glob("*.parquet*") if folder.is_dir() else ():
                stem = path.name.split(".")[0]
                if not stem.isdigit() or int(stem) not in done or ".tmp" in path.name:
                    path.unlink()
                    removed += 1
        return removed

    def write_chunk(self, conn, export_id: str, chunk: int, first_row: int, n_read: int,
                    result: dict[str, pd.DataFrame]) -> None:
        """Write one processed chunk and commit it (see the module docstring)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        comments, texts, rejects = result["comments"], result["texts"], result["rejects"]
        if len(comments) + len(rejects) != n_read:
            raise StoreError(f"phần {chunk}: đọc {n_read} dòng nhưng lưu {len(comments)} và loại "
                             f"{len(rejects)}", path=self.folder, hint="Báo lỗi này cho nhóm phát triển")
        for kind, frame in (("comments", comments), ("texts", texts)):
            frame = frame.assign(export=export_id, chunk=chunk)
            path = self.chunk_paths(export_id, chunk)[kind]
            path.parent.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pandas(frame[_SCHEMAS[kind].names], schema=_SCHEMAS[kind],
                                         preserve_index=False)
            tmp = path.with_name(path.name + ".tmp")
            pq.write_table(table, tmp, compression="zstd", row_group_size=max(len(frame), 1))
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        conn.execute("BEGIN TRANSACTION")
        try:
            if len(rejects):
                frame = rejects.assign(export_id=export_id, chunk=chunk)[
                    ["export_id", "chunk", "row", "line", "reason"]]
                conn.register("_rejects_in", frame)
                conn.execute("INSERT INTO rejects SELECT * FROM _rejects_in")
                conn.unregister("_rejects_in")
            conn.execute("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [export_id, chunk, first_row, n_read, len(comments), len(rejects),
                          dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- summaries ---------------------------------------------------------------------------
    def counts(self, conn, export_id: str | None = None) -> dict[str, int]:
        """read / stored / rejected recorded for the committed chunks (of one export or all),
        and the rows actually in the Parquet files and the rejects table."""
        self._views(conn)
        where, params = ("WHERE export_id = ?", [export_id]) if export_id else ("", [])
        read, stored, rejected = conn.execute(
            f"SELECT COALESCE(SUM(n_read), 0), COALESCE(SUM(n_stored), 0), "
            f"COALESCE(SUM(n_rejected), 0) FROM chunks {where}", params).fetchone()
        in_files = conn.execute(
            "SELECT COUNT(*) FROM comments" + (" WHERE export = ?" if export_id else ""),
            params).fetchone()[0]
        in_rejects = conn.execute(f"SELECT COUNT(*) FROM rejects {where}", params).fetchone()[0]
        return {"read": int(read), "stored": int(stored), "rejected": int(rejected),
                "stored_in_files": int(in_files), "rejected_listed": int(in_rejects)}


_COMMENT_SQL_TYPES = {
    "export": "VARCHAR", "chunk": "INTEGER", "row": "BIGINT", "line": "BIGINT", "source_id": "VARCHAR",
    "time": "TIMESTAMP", "kind": "VARCHAR", "province_code": "VARCHAR", "province": "VARCHAR",
    "province_raw": "VARCHAR", "organisation": "VARCHAR", "has_name": "BOOLEAN", "part": "VARCHAR",
    "text": "VARCHAR", "text_hash": "BIGINT", "stance": "VARCHAR", "clause_ids": "VARCHAR[]"}
_TEXT_SQL_TYPES = {
    "export": "VARCHAR", "chunk": "INTEGER", "text_hash": "BIGINT", "norm": "VARCHAR", "text": "VARCHAR",
    "words": "INTEGER", "stance": "VARCHAR", "clause_ids": "VARCHAR[]", "sig": "BLOB"}


def _schemas():
    import pyarrow as pa

    arrow = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
             "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()),
             "BLOB": pa.binary()}
    return {kind: pa.schema([(c, arrow[t]) for c, t in cols.items()])
            for kind, cols in (("comments", _COMMENT_SQL_TYPES), ("texts", _TEXT_SQL_TYPES))}


class _LazySchemas(dict):
    def __missing__(self, key):
        self.update(_schemas())
        return dict.__getitem__(self, key)


_SCHEMAS = _LazySchemas()
