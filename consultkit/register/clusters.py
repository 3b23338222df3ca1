"""Dispositions of clusters of public comments (form letters, near-duplicates).

A public consultation brings millions of comments; the drafters answer a
cluster once (:mod:`consultkit.public.clusters`) and every member inherits
that answer. The register keeps one row per answered cluster in
``cluster_dispositions`` (a cluster never answered is ``pending``, version 0)
with the same rules as a comment's disposition: compare-and-set on the
version the editor read (:class:`~consultkit.errors.StaleEditError` when
someone changed it since), and one entry per changed field in the
append-only audit log, under ``comment_id = "cluster:<id>"``.
"""

from __future__ import annotations

import pandas as pd

from .. import schema
from ..errors import RegisterError, StaleEditError
from . import _db

AUDIT_PREFIX = "cluster:"
CLUSTER_DISPOSITION_COLUMNS: schema.Columns = {
    "cluster_id": ("str", "the cluster (text_hash of its representative)"),
    "status": ("str", "pending, accepted, partly_accepted, explained"),
    "response": ("str", "the drafters' answer, inherited by every member"),
    "updated_by": ("str", "who changed it last"),
    "updated_at": ("str", "ISO timestamp (UTC)"),
    "version": ("int64", "number of changes (compare-and-set)"),
}


class ClusterDispositions:
    """Methods of :class:`~consultkit.register.Register` for cluster dispositions."""

    def cluster_disposition(self, cluster_id) -> dict:
        """The disposition of one cluster (``pending``, version 0 when never answered)."""
        cid = str(cluster_id)
        row = self.conn().execute(
            "SELECT cluster_id, status, response, updated_by, updated_at, version "
            "FROM cluster_dispositions WHERE cluster_id = ?", (cid,)).fetchone()
        if row is None:
            return dict(zip(CLUSTER_DISPOSITION_COLUMNS, (cid, "pending", "", "", "", 0)))
        return dict(zip(CLUSTER_DISPOSITION_COLUMNS, row))

    def cluster_dispositions(self) -> pd.DataFrame:
        """Every cluster answered so far (CLUSTER_DISPOSITION_COLUMNS)."""
        frame = pd.read_sql_query("SELECT cluster_id, status, response, updated_by, updated_at, "
                                  "version FROM cluster_dispositions ORDER BY rowid", self.conn())
        return schema.conform(frame, CLUSTER_DISPOSITION_COLUMNS)

    def set_cluster_disposition(self, cluster_id, *, status: str | None = None,
                                response: str | None = None, who: str,
                                expected_version: int) -> dict:
        """Change a cluster's status and/or response (compare-and-set on ``expected_version``)."""
        from . import status_key

        cid = str(cluster_id)
        if not cid.strip():
            raise RegisterError("kết quả xử lý theo cụm cần có mã cụm (cluster id)")
        who = self._who(who)
        new_status = status_key(status) if status is not None else None
        conn = self.conn()
        with _db.transaction(conn):
            conn.execute("INSERT OR IGNORE INTO cluster_dispositions (cluster_id) VALUES (?)", (cid,))
            old_status, old_response, by, at, version = conn.execute(
                "SELECT status, response, updated_by, updated_at, version FROM cluster_dispositions "
                "WHERE cluster_id = ?", (cid,)).fetchone()
            if version != int(expected_version):
                raise StaleEditError(AUDIT_PREFIX + cid, by or None, at or None, path=self.path)
            _db.write_disposition(conn, "cluster_dispositions", "cluster_id", cid, AUDIT_PREFIX + cid,
                                  (old_status, old_response), new_status, response, who)
        return self.cluster_disposition(cid)
