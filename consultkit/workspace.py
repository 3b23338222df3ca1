"""A consultation workspace: one folder, described by ``consultation.toml``.

Layout of a workspace (paths in the manifest are relative to the folder)::

    consultation.toml        the manifest (below)
    dispatch/                the consultation dispatch (.md/.txt and/or .docx)
    versions/                the regulation's versions: current text and drafts
    inbox/                   incoming comments: sheets, reply letters, .eml
    register.sqlite          the comments register (created on first ingest)
    exports/                 documents written by the reports

Manifest::

    title = "Góp ý dự thảo Thông tư sửa đổi tiêu chí RIS-PACS"
    dispatch = "dispatch/cong-van-xin-y-kien.md"
    deadline = 2021-06-18          # optional; else read from the dispatch

    [roster]
    source = "dispatch"            # the dispatch's annex, or a .csv/.xlsx path

    [versions]                     # name = file, in chronological order
    "hien-hanh" = "versions/hien-hanh.md"
    "du-thao-1" = "versions/du-thao-1.md"

    [comments]
    inbox = "inbox"
    register = "register.sqlite"

Everything but the register is recomputed from the files; attributes load
lazily and are cached on the :class:`Consultation`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputFileError, ManifestError
from .resources import EXAMPLE_NAME, data

MANIFEST_NAME = "consultation.toml"

#: The example consultation shipped in the package (data/consultations/ris-pacs-2021).
BUNDLED = Path(str(data("consultations", EXAMPLE_NAME))).resolve()


@dataclass(frozen=True)
class Manifest:
    """The parsed ``consultation.toml``; paths are absolute."""

    root: Path
    title: str
    dispatch: Path | None
    deadline: dt.date | None
    roster_source: str
    versions: dict[str, Path] = field(default_factory=dict)
    inbox: Path | None = None
    register: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: str | Path) -> "Manifest":
        root = Path(folder).expanduser().resolve()
        path = root / MANIFEST_NAME
        if not root.is_dir():
            raise ManifestError("không có thư mục đợt lấy ý kiến này", path=root,
                                hint="Chỉ đến thư mục của một đợt lấy ý kiến (thư mục chứa consultation.toml)")
        if not path.is_file():
            raise ManifestError(f"thiếu tệp {MANIFEST_NAME}", path=root,
                                hint="Chạy 'consultkit new THƯ_MỤC' (hoặc 'consultkit new THƯ_MỤC "
                                     "--example') để tạo đợt lấy ý kiến")
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise ManifestError("tệp khai báo không phải văn bản UTF-8", path=path,
                                hint="Lưu lại tệp dưới dạng UTF-8") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ManifestError(f"tệp khai báo không đúng cú pháp TOML ({exc})", path=path,
                                hint="Sửa dòng được nêu, hoặc chép tệp khai báo mẫu") from exc

        def rel(value: Any, key: str) -> Path | None:
            if value in (None, ""):
                return None
            if not isinstance(value, str):
                raise ManifestError(f"'{key}' phải là một đường dẫn đặt trong dấu nháy", path=path)
            return (root / value).resolve()

        deadline = raw.get("deadline")
        if deadline is not None and not isinstance(deadline, dt.date):
            raise ManifestError("'deadline' phải là một ngày, ví dụ 2021-06-18", path=path)
        roster = raw.get("roster", {}) or {}
        comments = raw.get("comments", {}) or {}
        versions_raw = raw.get("versions", {}) or {}
        if not isinstance(versions_raw, dict):
            raise ManifestError("mục [versions] phải gán mỗi tên phiên bản với một tệp", path=path)
        versions = {str(name): rel(file, f"versions.{name}") for name, file in versions_raw.items()}
        known = {"title", "dispatch", "deadline", "roster", "versions", "comments"}
        return cls(
            root=root,
            title=str(raw.get("title", root.name)),
            dispatch=rel(raw.get("dispatch"), "dispatch"),
            deadline=deadline,
            roster_source=str(roster.get("source", "dispatch")),
            versions=versions,
            inbox=rel(comments.get("inbox", "inbox"), "comments.inbox"),
            register=rel(comments.get("register", "register.sqlite"), "comments.register"),
            extra={k: v for k, v in raw.items() if k not in known},
        )

    def require(self, path: Path | None, what: str) -> Path:
        """Return ``path`` if the file exists, else a clear :class:`ManifestError`."""
        manifest = self.root / MANIFEST_NAME
        if path is None:
            raise ManifestError(f"tệp khai báo không nêu {what}", path=manifest,
                                hint=f"Thêm {what} vào {MANIFEST_NAME}")
        if not path.exists():
            raise InputFileError(f"{what} nêu trong {MANIFEST_NAME} không tồn tại", path=path,
                                 hint=f"Đặt tệp vào đúng chỗ hoặc sửa đường dẫn trong {manifest}")
        return path


class Consultation:
    """One consultation: its dispatch, roster, versions, comments and register.

    >>> c = open_consultation(BUNDLED)          # doctest: +SKIP
    >>> c.dispatch.deadline                      # doctest: +SKIP
    datetime.date(2021, 6, 18)
    """

    def __init__(self, manifest: Manifest):
        self.manifest = manifest

    def __repr__(self) -> str:
        return f"Consultation({str(self.path)!r}, title={self.title!r})"

    @property
    def path(self) -> Path:
        return self.manifest.root

    @property
    def title(self) -> str:
        return self.manifest.title

    @cached_property
    def dispatch(self):
        """The consultation dispatch as a :class:`~consultkit.readers.dispatch.Dispatch`."""
        from .readers.dispatch import load_dispatch

        return load_dispatch(self.manifest.require(self.manifest.dispatch, "dispatch"))

    @property
    def deadline(self) -> dt.date | None:
        """The manifest's deadline, else the one the dispatch gives."""
        return self.manifest.deadline or self.dispatch.deadline

    @cached_property
    def roster(self) -> pd.DataFrame:
        """One row per recipient unit (see ``consultkit.schema.ROSTER``)."""
        from .readers.roster import load_roster

        source = self.manifest.roster_source
        if source == "dispatch":
            return load_roster(self.dispatch)
        return load_roster(self.manifest.require((self.path / source).resolve(), "roster"))

    @cached_property
    def versions(self) -> dict[str, pd.DataFrame]:
        """The regulation's versions as clause frames, by name, in manifest order."""
        from .clauses.parse import parse_clauses

        return {name: parse_clauses(self.manifest.require(path, f"version '{name}'"))
                for name, path in self.manifest.versions.items()}

    @property
    def version_names(self) -> list[str]:
        return list(self.manifest.versions)

    @property
    def register_path(self) -> Path:
        return self.manifest.register or self.path / "register.sqlite"

    @property
    def register(self):
        """The comments register (SQLite), created on first use."""
        from .register import Register

        return Register(self.register_path)

    @property
    def comments(self) -> pd.DataFrame:
        """The comments in the register joined with their dispositions.

        Reading never creates the register: before the first ingest this is an
        empty frame with the same columns. ``placed`` says where the drafters'
        edits took a comment in ('Đã chỉnh sửa tại điểm a tiểu mục 2.2 mục IV').
        """
        from .redraft import edit_labels
        from .register import empty_comments

        if not self.register_path.exists():
            frame = empty_comments()
            frame["placed"] = pd.Series(dtype=str)
            return frame
        with self.register as register:
            frame = register.comments()
            placed = edit_labels(register.clause_edits())
        frame["placed"] = [placed.get(cid, "") for cid in frame["comment_id"]]
        return frame

    def responses(self, today: dt.date | None = None) -> pd.DataFrame:
        """One row per roster unit: replied, late, comments, needs a reminder."""
        from .tracking import responses

        return responses(self.roster, self.comments, deadline=self.deadline, today=today)

    def ingest(self, paths=None, *, progress: bool = False, workers: int | None = None):
        """Read the inbox (or ``paths``) into the register; returns the ingest report.

        Re-ingesting the same files adds nothing (comment ids are stable);
        ``workers`` reads files (scans) in that many processes.
        """
        from .comments.ingest import ingest_workspace

        return ingest_workspace(self, paths, progress=progress, workers=workers)

    # -- the drafting loop (consultkit.drafting) --------------------------------------------
    def edit_clause(self, clause_id: str, text: str, **kwargs) -> dict:
        """Reword a unit of the latest draft (see :func:`consultkit.drafting.edit_clause`)."""
        from .drafting import edit_clause

        return edit_clause(self, clause_id, text, **kwargs)

    def insert_after(self, clause_id: str, text: str, **kwargs) -> dict:
        """Add a unit after ``clause_id``, numbered the amending way (``1a.``, ``d1)``)."""
        from .drafting import insert_after

        return insert_after(self, clause_id, text, **kwargs)

    def repeal_clause(self, clause_id: str, **kwargs) -> dict:
        """Take a unit out of the next draft (see :func:`consultkit.drafting.repeal_clause`)."""
        from .drafting import repeal_clause

        return repeal_clause(self, clause_id, **kwargs)

    def clause_edits(self, base: str | None = None) -> pd.DataFrame:
        """The drafters' edits (``schema.CLAUSE_EDITS``) of ``base`` (default: every version)."""
        from .register import Register
        from .schema import CLAUSE_EDITS, empty

        if not self.register_path.exists():
            return empty(CLAUSE_EDITS)
        with Register(self.register_path) as reg:
            return reg.clause_edits(base)

    def new_draft(self, name: str, based_on: str | None = None) -> dict:
        """Write the next draft from the edits (see :func:`consultkit.drafting.new_draft`)."""
        from .drafting import new_draft

        return new_draft(self, name, based_on)

    def reload_manifest(self) -> None:
        """Read ``consultation.toml`` again (after a new version was added) and forget caches."""
        self.manifest = Manifest.read(self.path)
        self.refresh()

    def refresh(self) -> None:
        """Forget cached files (after the folder changed on disk)."""
        for name in ("dispatch", "roster", "versions", "_clause_ids"):
            self.__dict__.pop(name, None)


def open_consultation(path: str | Path = BUNDLED) -> Consultation:
    """Open the workspace folder ``path`` (default: the bundled 2021 consultation)."""
    return Consultation(Manifest.read(path))


def new_consultation(target: str | Path, template: str | Path = BUNDLED, *,
                     with_comments: bool = False, notebooks: bool = True) -> Path:
    """Start a workspace in ``target`` by copying ``template``.

    The register and exports are not copied; the inbox only when
    ``with_comments`` is true. The workbench notebooks go to ``notebooks/``
    (the template's own, else those shipped in the package) unless
    ``notebooks`` is false. Refuses to overwrite an existing folder.
    """
    target = Path(target).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise ManifestError("thư mục đã có và không trống", path=target,
                            hint="Chọn một tên thư mục mới")
    Manifest.read(template)  # validate the template first

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.endswith((".sqlite", ".sqlite-journal", ".sqlite-wal",
                                                    ".sqlite-shm")) or n in {"exports", "__pycache__"}}
        skipped |= {n for n in names if n == ".ipynb_checkpoints"}
        if not with_comments and Path(folder).resolve() == Path(template).resolve():
            skipped |= {n for n in names if n == "inbox"}
        return skipped

    shutil.copytree(template, target, ignore=ignore, dirs_exist_ok=True)
    (target / "inbox").mkdir(exist_ok=True)
    if notebooks and not (target / "notebooks").is_dir():
        from .resources import notebooks_dir

        shutil.copytree(notebooks_dir(), target / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target
