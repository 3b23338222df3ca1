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


def test_new_copies_the_notebooks(tmp_path, bundled):
    target = tmp_path / "dot-moi"
    assert CliRunner().invoke(main, ["new", str(target)]).exit_code == 0
    from consultkit.resources import notebooks_dir

    shipped = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))
    assert "00_bat_dau.ipynb" in shipped
    assert sorted(p.name for p in (target / "notebooks").glob("*.ipynb")) == shipped
    assert not list(bundled.glob("notebooks"))        # the template itself has none


def test_new_example_is_the_whole_bundled_consultation(tmp_path, bundled):
    target = tmp_path / "vidu"
    result = CliRunner().invoke(main, ["new", str(target), "--example"])
    assert result.exit_code == 0, result.output
    assert f"consultkit lab {target}" in result.output
    inbox = sorted(p.name for p in (bundled / "inbox").iterdir())
    assert inbox and sorted(p.name for p in (target / "inbox").iterdir()) == inbox
    for name in ("dispatch/cong-van-xin-y-kien.txt", "versions/du-thao-2.docx", "consultation.toml"):
        assert (target / name).read_bytes() == (bundled / name).read_bytes()
    assert (target / "notebooks" / "03_xu_ly_gop_y.ipynb").is_file()
    assert not list(target.rglob("*.sqlite*"))


def test_new_example_and_from_together_is_a_usage_error(tmp_path, bundled):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--example", "--from", str(bundled)])
    assert result.exit_code == 2 and "--example" in result.output
