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

MANIFEST_NAME = "consultation.toml"

#: The consultation bundled with the project.
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "consultations" / "ris-pacs-2021"


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
            raise ManifestError("no such workspace folder", path=root,
                                hint="Give the folder of a consultation (it holds consultation.toml)")
        if not path.is_file():
            raise ManifestError(f"{MANIFEST_NAME} is missing", path=root,
                                hint="Copy data/consultations/ris-pacs-2021 or run "
                                     "'consultkit new DIR' to start a workspace")
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise ManifestError("the manifest is not UTF-8 text", path=path,
                                hint="Save it as UTF-8") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ManifestError(f"the manifest is not valid TOML ({exc})", path=path,
                                hint="Fix the line named, or copy the bundled manifest") from exc

        def rel(value: Any, key: str) -> Path | None:
            if value in (None, ""):
                return None
            if not isinstance(value, str):
                raise ManifestError(f"'{key}' must be a path in quotes", path=path)
            return (root / value).resolve()

        deadline = raw.get("deadline")
        if deadline is not None and not isinstance(deadline, dt.date):
            raise ManifestError("'deadline' must be a date such as 2021-06-18", path=path)
        roster = raw.get("roster", {}) or {}
        comments = raw.get("comments", {}) or {}
        versions_raw = raw.get("versions", {}) or {}
        if not isinstance(versions_raw, dict):
            raise ManifestError("[versions] must map names to files", path=path)
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
            raise ManifestError(f"the manifest names no {what}", path=manifest,
                                hint=f"Add the {what} to {MANIFEST_NAME}")
        if not path.exists():
            raise InputFileError(f"the {what} named in {MANIFEST_NAME} does not exist", path=path,
                                 hint=f"Put the file there or correct the path in {manifest}")
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
        empty frame with the same columns.
        """
        from .register import empty_comments

        if not self.register_path.exists():
            return empty_comments()
        with self.register as register:
            return register.comments()

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

    def refresh(self) -> None:
        """Forget cached files (after the folder changed on disk)."""
        for name in ("dispatch", "roster", "versions"):
            self.__dict__.pop(name, None)


def open_consultation(path: str | Path = BUNDLED) -> Consultation:
    """Open the workspace folder ``path`` (default: the bundled 2021 consultation)."""
    return Consultation(Manifest.read(path))


def new_consultation(target: str | Path, template: str | Path = BUNDLED, *,
                     with_comments: bool = False) -> Path:
    """Start a workspace in ``target`` by copying ``template``.

    The register and exports are not copied; the inbox only when
    ``with_comments`` is true. Refuses to overwrite an existing folder.
    """
    target = Path(target).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise ManifestError("the folder exists and is not empty", path=target,
                            hint="Choose a new folder name")
    Manifest.read(template)  # validate the template first

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.endswith((".sqlite", ".sqlite-journal", ".sqlite-wal",
                                                    ".sqlite-shm")) or n in {"exports", "__pycache__"}}
        if not with_comments and Path(folder).resolve() == Path(template).resolve():
            skipped |= {n for n in names if n == "inbox"}
        return skipped

    shutil.copytree(template, target, ignore=ignore, dirs_exist_ok=True)
    (target / "inbox").mkdir(exist_ok=True)
    return target
