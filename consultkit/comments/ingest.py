"""Ingest a workspace's comment sources into its register.

``ingest_workspace(consultation)`` reads the manifest's inbox (or the given
paths) with :func:`consultkit.comments.intake.load_comments` — units matched
against the consultation's roster, citations linked to the latest version's
clauses — and adds the comments to the register. The comments, the rejected
rows with their reasons and the import log entry are written in one SQLite
transaction, so an interrupted ingest leaves nothing half-written.

Conservation, checked on every ingest: rows read = new + already known +
rejected. Re-ingesting the same files adds nothing (comment ids are stable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ConsultkitError, RegisterError

#: Vietnamese labels of the counts, for the CLI and the notebooks
LABELS = {
    "read": "Số dòng đã đọc",
    "new": "Ý kiến mới",
    "known": "Đã có trong sổ (không thêm lại)",
    "rejected": "Bị loại (kèm lý do)",
    "empty": "Dòng trống (bỏ qua)",
}


@dataclass
class IngestReport:
    """What one ingest did; ``read == new + known + rejected``."""

    read: int
    new: int
    known: int
    rejected: int
    rejects: pd.DataFrame
    empty: int = 0
    files: list[str] = field(default_factory=list)
    import_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    cached: int = 0          # slow files (scans, .doc) taken from an earlier, interrupted read

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "known": self.known,
                "rejected": self.rejected, "empty": self.empty}

    def lines(self) -> list[str]:
        """The report in Vietnamese, one line per count, then each reject with its reason."""
        out = [f"{LABELS[key]}: {value}" for key, value in self.counts().items()]
        if self.cached:
            out.append(f"Tệp lấy lại kết quả đọc từ lần trước (không đọc lại): {self.cached}")
        if len(self.rejects):
            out.append("Lý do loại:")
            out += [f"  - {row.source}: {row.reason}" for row in self.rejects.itertuples()]
        out += [f"Lưu ý: {w}" for w in self.warnings]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _latest_clauses(consultation, warnings: list[str]) -> pd.DataFrame | None:
    """The clause frame of the latest version, or None (with a warning) if unreadable."""
    names = list(getattr(consultation.manifest, "versions", {}) or {})
    if not names:
        return None
    try:
        versions = consultation.versions
    except ConsultkitError as exc:
        warnings.append(f"không đọc được các phiên bản dự thảo nên không liên kết điều khoản ({exc})")
        return None
    return versions[names[-1]] if names[-1] in versions else None


def _reply_window(consultation) -> tuple | None:
    """The dates a reply can bear: from the dispatch's date (else 90 days before the
    deadline) to today."""
    import datetime as dt

    try:
        dispatch = consultation.dispatch
    except ConsultkitError:
        dispatch = None
    start = getattr(dispatch, "date", None)
    deadline = getattr(consultation.manifest, "deadline", None) or getattr(dispatch, "deadline", None)
    if start is None and deadline is not None:
        start = deadline - dt.timedelta(days=90)
    return (start, dt.date.today()) if start is not None else None


def ingest_workspace(consultation, paths=None, *, progress: bool = False,
                     workers: int | None = None) -> IngestReport:
    """Read ``paths`` (default: the manifest's inbox) into the consultation's register.

    Slow files (scans, legacy .doc) are kept in the register's read cache as soon
    as each is read, so an ingest interrupted during OCR resumes where it
    stopped; ``workers`` reads files in that many processes.
    """
    from .intake import load_comments
    from .read_cache import ReadCache

    manifest = consultation.manifest
    if isinstance(paths, (str, Path)):
        sources = [Path(paths)]
    else:
        sources = [Path(p) for p in (paths or ())]
    if not sources:
        sources = [manifest.require(manifest.inbox, "inbox")]
    warnings: list[str] = []
    clauses = _latest_clauses(consultation, warnings)
    register = consultation.register
    cache = ReadCache(register)
    result = load_comments(sources, roster=consultation.roster, clauses=clauses, progress=progress,
                           workers=workers, cache=cache, dates=_reply_window(consultation))
    added = register.add_comments(result.comments, rejects=result.rejects,
                                  files=result.files or [str(s) for s in sources])
    report = IngestReport(read=int(result.read), new=added.new, known=added.known,
                          rejected=added.rejected, rejects=result.rejects,
                          empty=int(getattr(result, "empty", 0)), files=list(result.files),
                          import_id=added.import_id, warnings=warnings, cached=cache.hits)
    if report.read != report.new + report.known + report.rejected:
        raise RegisterError(f"nhập sổ bị mất dòng: đọc {report.read}, mới {report.new}, "
                            f"đã có {report.known}, bị loại {report.rejected}",
                            path=register.path,
                            hint="Đây là lỗi của consultkit; hãy báo lỗi kèm các tệp")
    return report
