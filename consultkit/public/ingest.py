"""Ingest a public-comment export into the workspace's store, embedded or on Dask.

:func:`ingest_public` streams the export in chunks (:mod:`.read`), sends each
chunk through :func:`.chunk.process_chunk` and commits it (:mod:`.store`);
then clusters the distinct texts (:mod:`.clusters`).

* Embedded (default): the chunks are processed one after another in this
  process; only one chunk is in memory at a time.
* ``cluster="local"``: a ``dask.distributed.LocalCluster`` on this machine;
  ``cluster="tcp://host:8786"``: an existing Dask scheduler (its workers need
  consultkit installed); or ``client=`` an open ``distributed.Client``. The
  same chunk function runs on the workers (the context — the draft's clauses
  and the province lists — is scattered to them once), a few chunks in
  flight at a time; this process reads the export and commits what comes
  back. The store and the clusters are the same as the embedded run's.

Recovery: chunks already committed for this export (same content
fingerprint) are skipped, so a killed ingest resumes from the last committed
chunk and re-ingesting an export adds nothing. Conservation is checked at the
end: rows read = stored + rejected, and the Parquet files and the rejects
table hold exactly those rows; otherwise :class:`~.store.StoreError`.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InputFileError
from .chunk import Context, process_chunk
from .read import DEFAULT_CHUNK_ROWS, fingerprint, read_export
from .store import PublicStore, StoreError

LABELS = {
    "read": "Số dòng đã đọc",
    "stored": "Góp ý đã lưu",
    "rejected": "Bị loại (kèm số dòng và lý do)",
    "new": "Lưu mới trong lần này",
    "skipped": "Phần đã có từ trước (bỏ qua)",
    "clusters": "Nhóm ý kiến (mẫu chung và gần trùng)",
}


@dataclass
class PublicIngestReport:
    """What one public ingest did; ``read == stored + rejected`` for the export."""

    export_id: str
    read: int
    stored: int
    rejected: int
    new: int
    skipped_chunks: int
    chunks: int
    clusters: dict = field(default_factory=dict)
    seconds: float = 0.0
    engine: str = "embedded"

    def lines(self) -> list[str]:
        out = [f"{LABELS['read']}: {_n(self.read)}", f"{LABELS['stored']}: {_n(self.stored)}",
               f"{LABELS['rejected']}: {_n(self.rejected)}", f"{LABELS['new']}: {_n(self.new)}"]
        if self.skipped_chunks:
            out.append(f"{LABELS['skipped']}: {_n(self.skipped_chunks)}")
        if self.clusters:
            out.append(f"{LABELS['clusters']}: {_n(self.clusters.get('multi', 0))} nhóm từ hai ý kiến "
                       f"trở lên; {_n(self.clusters.get('clusters', 0))} nhóm tính cả ý kiến riêng lẻ")
        return out


def _n(value: int) -> str:
    """1234567 → '1.234.567' (Vietnamese digit grouping)."""
    return f"{int(value):,}".replace(",", ".")


def _clauses_of(workspace):
    """The latest version's clause frame of a workspace (None when it has no versions)."""
    from ..workspace import Consultation, open_consultation

    consultation = workspace if isinstance(workspace, Consultation) else open_consultation(workspace)
    names = consultation.version_names
    return consultation, (consultation.versions[names[-1]] if names else None)


def _dask_client(cluster):
    from distributed import Client, LocalCluster

    if cluster == "local":
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                             memory_limit="1.5GiB", dashboard_address=None)
        return Client(local), local
    return Client(cluster), None


def ingest_public(workspace, export: str | Path, *, cluster: str | None = None, client=None,
                  chunk_rows: int | None = None, cluster_texts: bool = True,
                  progress: Callable[[int, int], None] | None = None) -> PublicIngestReport:
    """Ingest ``export`` into the public store of ``workspace`` (see the module docstring).

    ``progress(chunks_done, rows_read)`` is called after each chunk.
    """
    started = time.perf_counter()
    consultation, clauses = _clauses_of(workspace)
    store = PublicStore.of(consultation)
    export = Path(export).expanduser().resolve()
    if not export.is_file():
        raise InputFileError("không có tệp xuất góp ý này", path=export,
                             hint="Kiểm tra đường dẫn tệp (.csv, .jsonl, .parquet)")
    export_id = fingerprint(export)
    ctx = Context.for_draft(clauses)
    with store.connect() as conn:
        known = conn.execute("SELECT chunk_rows FROM exports WHERE export_id = ?",
                             [export_id]).fetchone()
        if known is None:
            rows = chunk_rows or DEFAULT_CHUNK_ROWS
            conn.execute("INSERT INTO exports (export_id, name, path, chunk_rows, started_at) "
                         "VALUES (?, ?, ?, ?, ?)", [export_id, export.name, str(export), rows,
                                                     dt.datetime.now()])
        else:
            rows = int(known[0])    # resume with the chunking the export was started with
        done = store.committed(conn, export_id)
        store.remove_uncommitted(conn, export_id)
        before = store.counts(conn, export_id)["stored"]
        chunks = read_export(export, chunk_rows=rows)
        n_read = n_chunks = skipped = 0

        def commit(chunk, result):
            store.write_chunk(conn, export_id, chunk.number, chunk.first_row, len(chunk.frame), result)

        def todo():
            nonlocal n_read, n_chunks, skipped
            for chunk in chunks:
                n_read += len(chunk.frame)
                n_chunks += 1
                if chunk.number in done:
                    skipped += 1
                    continue
                yield chunk

        engine = "embedded"
        if cluster is None and client is None:
            for chunk in todo():
                commit(chunk, process_chunk(chunk.frame, ctx))
                if progress:
                    progress(n_chunks, n_read)
        else:
            created = client is None
            local = None
            if created:
                client, local = _dask_client(cluster)
            engine = "dask"
            try:
                _run_dask(client, todo(), ctx, commit, progress, lambda: (n_chunks, n_read))
            finally:
                if created:
                    client.close()
                if local is not None:
                    local.close()
        counts = store.counts(conn, export_id)
        if not (counts["read"] == n_read == counts["stored"] + counts["rejected"]
                and counts["stored"] == counts["stored_in_files"]
                and counts["rejected"] == counts["rejected_listed"]):
            raise StoreError(f"số dòng không khớp: đọc {n_read}, ghi nhận {counts}", path=store.folder,
                             hint="Chạy lại lệnh nhập; các phần đã ghi đủ sẽ được giữ nguyên")
        conn.execute("UPDATE exports SET completed_at = ?, n_read = ?, n_stored = ?, n_rejected = ? "
                     "WHERE export_id = ?", [dt.datetime.now(), counts["read"], counts["stored"],
                                             counts["rejected"], export_id])
    summary = {}
    if cluster_texts:
        from .clusters import build_clusters

        summary = build_clusters(store)
    return PublicIngestReport(export_id=export_id, read=counts["read"], stored=counts["stored"],
                              rejected=counts["rejected"], new=counts["stored"] - before,
                              skipped_chunks=skipped, chunks=n_chunks, clusters=summary,
                              seconds=time.perf_counter() - started, engine=engine)


def _run_dask(client, chunks, ctx, commit, progress, state) -> None:
    """Process ``chunks`` on the cluster behind ``client``, a few in flight; commit each result."""
    from distributed import as_completed

    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    window = 2 * workers
    ctx_future = client.scatter(ctx, broadcast=True)
    pending = as_completed()
    by_future = {}
    source = iter(chunks)

    def submit_next() -> bool:
        chunk = next(source, None)
        if chunk is None:
            return False
        records = client.scatter(chunk.frame)          # data to a worker, not into the graph
        future = client.submit(process_chunk, records, ctx_future, pure=False)
        by_future[future] = chunk
        pending.add(future)
        return True

    for _ in range(window):
        if not submit_next():
            break
    for future in pending:
        chunk = by_future.pop(future)
        result = future.result()
        future.release()
        commit(chunk, result)
        if progress:
            progress(*state())
        submit_next()
