"""A workspace shared by a drafting team on one Linux server (group permissions).

Several drafters open the same workspace folder from their own Jupyter server,
each as their own OS user. For that to work every member must be able to read
and write every file, including the register's SQLite file and the ``-wal`` and
``-shm`` files SQLite makes beside it while the register is open:

* every file and folder belongs to the team's group;
* folders are ``rwxrws---`` (2770): the setgid bit makes files created later
  belong to the group too, whoever creates them;
* files are ``rw-rw----`` (660). SQLite creates its ``-wal``/``-shm`` files with
  the mode of the database file itself (whatever the user's umask), so the
  register is created here, group-writable, before anyone opens it.

:func:`share_with_group` sets this up (``consultkit new --team GROUP``);
:func:`sharing_problems` checks it (``consultkit info``). Group ownership is a
POSIX notion: on Windows both raise a clear :class:`TeamError`. Each edit in the
register is recorded under the person's name (the OS login name by default).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import ConsultkitError

__all__ = ["share_with_group", "sharing_problems", "team_group", "SharingProblem", "TeamError",
           "DIR_MODE", "FILE_MODE"]

#: folders: rwxrws--- (setgid: new files take the folder's group)
DIR_MODE = 0o2770
#: files: rw-rw----
FILE_MODE = 0o660


class TeamError(ConsultkitError):
    """A team workspace cannot be set up or checked."""


@dataclass(frozen=True)
class SharingProblem:
    path: Path
    message: str          # Vietnamese, for the user

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _grp():
    try:
        import grp
    except ImportError as exc:   # Windows
        raise TeamError("group permissions exist only on a Linux/Unix server",
                        hint="Share the workspace on the team's Linux server "
                             "(docs/team.md); on Windows use a shared folder's own rights") from exc
    return grp


def group_id(group: str) -> int:
    """The numeric id of the OS group ``group`` (a clear error when there is none)."""
    grp = _grp()
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise TeamError(f"there is no OS group {group!r}",
                        hint=f"Create it and add the drafters (as root): groupadd {group}; "
                             f"usermod -aG {group} USER") from None


def team_group(manifest) -> str | None:
    """The group named in the manifest's ``[team]`` table, if any."""
    team = manifest.extra.get("team") if manifest is not None else None
    group = team.get("group") if isinstance(team, dict) else None
    return str(group) if group else None


def _walk(folder: Path):
    yield folder
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink():
            yield path


def share_with_group(folder: str | Path, group: str, register: str | Path | None = None) -> list[Path]:
    """Give the OS group ``group`` read and write access to the workspace ``folder``.

    Sets the group of every file and folder, folders to 2770, files to 660,
    and creates the register (``register``, default ``folder/register.sqlite``)
    so that SQLite's companion files inherit its mode. Returns the paths changed.
    """
    from .register import Register

    folder = Path(folder).resolve()
    gid = group_id(group)
    register = Path(register) if register else folder / "register.sqlite"
    if not register.exists():
        Register(register).close()
    changed = []
    for path in _walk(folder):
        mode = DIR_MODE if path.is_dir() else FILE_MODE
        try:
            os.chown(path, -1, gid)
            os.chmod(path, mode)
        except PermissionError as exc:
            raise TeamError(f"cannot give the group {group!r} access ({exc.strerror})", path=path,
                            hint=f"Run as the owner of the files, who must be a member of {group}, "
                                 "or as root") from exc
        changed.append(path)
    return changed


def sharing_problems(folder: str | Path, group: str,
                     register: str | Path | None = None) -> list[SharingProblem]:
    """What keeps a member of ``group`` from working in ``folder`` (empty when all is well).

    Checks every folder (group, setgid, group rwx) and every file (group, group rw),
    the register and the ``-wal``/``-shm`` files SQLite has beside it included, and
    that the register exists.
    """
    folder = Path(folder).resolve()
    gid = group_id(group)
    register = Path(register) if register else folder / "register.sqlite"
    problems: list[SharingProblem] = []
    if not register.exists():
        problems.append(SharingProblem(register, "chưa có sổ ý kiến; chạy lại "
                                                 f"'consultkit new --team {group}' hoặc "
                                                 "'consultkit ingest' với quyền của nhóm"))
    for path in _walk(folder):
        try:
            info = path.stat()
        except FileNotFoundError:      # a -wal/-shm file removed as the last user closed
            continue
        if info.st_gid != gid:
            problems.append(SharingProblem(path, f"không thuộc nhóm {group}"))
        if path.is_dir():
            if not info.st_mode & stat.S_ISGID:
                problems.append(SharingProblem(path, "thư mục thiếu bit setgid (tệp mới sẽ không "
                                                     "thuộc nhóm)"))
            if info.st_mode & 0o070 != 0o070:
                problems.append(SharingProblem(path, "nhóm không có đủ quyền đọc, ghi, mở thư mục"))
        elif info.st_mode & 0o060 != 0o060:
            problems.append(SharingProblem(path, "nhóm không có quyền đọc và ghi tệp"))
    return problems

