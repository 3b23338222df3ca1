"""A workspace shared by a team on one server: ``consultkit new --team GROUP`` and ``info``.

The group used here is the test user's own primary group (any user may give files
to a group they belong to), so these run without root; the two-user test is in
tests/test_team_users.py.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest
from click.testing import CliRunner

from consultkit.cli import main
from consultkit.team import DIR_MODE, FILE_MODE, TeamError, share_with_group, sharing_problems
from consultkit.workspace import open_consultation

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="group ownership is POSIX (a team server runs Linux)")


@pytest.fixture
def group() -> str:
    import grp

    return grp.getgrgid(os.getgid()).gr_name


def test_new_team_sets_group_setgid_and_modes(tmp_path, group):
    target = tmp_path / "nhom"
    result = CliRunner().invoke(main, ["new", str(target), "--example", "--team", group])
    assert result.exit_code == 0, result.output
    assert f"nhóm {group}" in result.output
    consultation = open_consultation(target)
    assert consultation.manifest.extra["team"] == {"group": group}
    register = consultation.register_path
    assert register.is_file()                       # made now, so SQLite's -wal/-shm copy its mode
    for path in [target, *target.rglob("*")]:
        info = path.stat()
        assert info.st_gid == os.getgid(), path
        expected = DIR_MODE if path.is_dir() else FILE_MODE
        assert stat.S_IMODE(info.st_mode) == expected, (path, oct(info.st_mode))
    assert sharing_problems(target, group) == []


def test_sqlite_companion_files_are_group_writable_whatever_the_umask(tmp_path, group):
    target = tmp_path / "nhom"
    assert CliRunner().invoke(main, ["new", str(target), "--example", "--team", group]).exit_code == 0
    old = os.umask(0o077)                           # the strictest umask a member could have
    try:
        consultation = open_consultation(target)
        with consultation.register as register:
            consultation.ingest()
            companions = [p for p in target.iterdir() if p.name.startswith("register.sqlite-")]
            assert {p.name for p in companions} >= {"register.sqlite-wal", "register.sqlite-shm"}
            for path in companions:
                assert stat.S_IMODE(path.stat().st_mode) & 0o660 == 0o660, path
                assert path.stat().st_gid == os.getgid()
            assert len(register) > 0
            info = CliRunner().invoke(main, ["info", str(target)])
            assert info.exit_code == 0 and "quyền đúng" in info.output, info.output
    finally:
        os.umask(old)


def test_info_reports_what_a_member_could_not_do(tmp_path, group):
    target = tmp_path / "nhom"
    assert CliRunner().invoke(main, ["new", str(target), "--team", group]).exit_code == 0
    register = target / "register.sqlite"
    register.chmod(0o644)
    (target / "versions").chmod(0o770)              # setgid bit lost
    result = CliRunner().invoke(main, ["info", str(target)])
    assert result.exit_code == 0
    assert "CÓ VẤN ĐỀ" in result.output
    assert f"{register}: nhóm không có quyền đọc và ghi tệp" in result.output
    assert "thư mục thiếu bit setgid" in result.output
    assert "chmod -R g+rwX" in result.output
    data = CliRunner().invoke(main, ["info", str(target), "--json"])
    import json

    team = json.loads(data.output)["team"]
    assert team["group"] == group and len(team["problems"]) == 2


def test_an_unknown_group_is_a_clear_error_and_writes_nothing(tmp_path):
    target = tmp_path / "nhom"
    result = CliRunner().invoke(main, ["new", str(target), "--team", "khong-co-nhom-nay"])
    assert result.exit_code == 1 and "groupadd khong-co-nhom-nay" in result.output
    assert "Traceback" not in result.output and not target.exists()
    with pytest.raises(TeamError):
        share_with_group(tmp_path, "khong-co-nhom-nay")


def test_a_workspace_without_team_says_nothing_about_groups(tmp_path):
    target = tmp_path / "mot-minh"
    assert CliRunner().invoke(main, ["new", str(target)]).exit_code == 0
    result = CliRunner().invoke(main, ["info", str(target)])
    assert result.exit_code == 0 and "Dùng chung cho nhóm" not in result.output
    assert not (target / "register.sqlite").exists()


def test_without_posix_groups_the_team_option_says_so(tmp_path, monkeypatch):
    """As on Windows, where there is no grp module: a clear error, nothing written."""
    monkeypatch.setitem(sys.modules, "grp", None)           # import grp raises ImportError
    target = tmp_path / "nhom"
    result = CliRunner().invoke(main, ["new", str(target), "--team", "nhom"])
    assert result.exit_code == 1 and "only on a Linux/Unix server" in result.output
    assert "Traceback" not in result.output and not target.exists()
