"""``consultkit new``: a workspace copied from the bundled one."""

from __future__ import annotations

from click.testing import CliRunner

from consultkit.cli import main
from consultkit.workspace import open_consultation


def test_new_then_info(tmp_path):
    target = tmp_path / "dot-moi"
    result = CliRunner().invoke(main, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert "Đã tạo" in result.output and (target / "consultation.toml").is_file()
    assert (target / "inbox").is_dir() and not list((target / "inbox").iterdir())
    assert len(open_consultation(target).roster) == 128
    info = CliRunner().invoke(main, ["info", str(target)])
    assert info.exit_code == 0 and "18/06/2021" in info.output


def test_new_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1 and "không trống" in result.output
    assert "Traceback" not in result.output
