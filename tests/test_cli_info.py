"""``consultkit info``: Click runner and one real process."""

from __future__ import annotations

import json
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from consultkit.cli import main
from conftest import ROOT


@pytest.fixture(scope="module")
def output(bundled) -> str:
    result = CliRunner().invoke(main, ["info", str(bundled)])
    assert result.exit_code == 0, result.output
    return result.output


def test_info_shows_dispatch(output):
    assert "Cơ quan ban hành:" in output and "Cục Công nghệ thông tin, Bộ Y tế" in output
    assert "18/06/2021" in output and "2021-06-18" in output
    assert "tuyentv.cntt@moh.gov.vn" in output
    assert "Ngõ 135, phố Núi Trúc, Ba Đình, TP. Hà Nội" in output
    assert "CỤC TRƯỞNG Trần Quý Tường" in output
    assert "V/v xin ý kiến góp ý dự thảo Thông tư sửa đổi" in output


def test_info_shows_counts_per_group(output):
    lines = [line.strip() for line in output.splitlines()]
    assert "Nhóm I. Bảo hiểm xã hội Việt Nam: 1 đơn vị [Bảo hiểm xã hội]" in lines
    assert any(l.startswith("Nhóm II. Y tế các Bộ, Ngành: 1 đơn vị (dòng đại diện") for l in lines)
    assert any(l.startswith("Nhóm III. Sở Y tế các tỉnh/thành phố trực thuộc Trung ương: 63 đơn vị")
               for l in lines)
    assert any(l.startswith("Nhóm IV. Các đơn vị thuộc Bộ Y tế: 20 đơn vị") for l in lines)
    assert any(l.startswith("Nhóm IV. Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế: 43 đơn vị")
               for l in lines)
    assert "Danh sách đơn vị nhận công văn: 128 dòng" in lines
    assert any("“IV”" in l for l in lines)                      # the duplicate group number


def test_info_json(bundled):
    result = CliRunner().invoke(main, ["info", str(bundled), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["issuer"] == "Cục Công nghệ thông tin" and data["deadline"] == "2021-06-18"
    assert data["date"] is None and data["deadline_text"] == "trước ngày 18 tháng 06 năm 2021"
    assert [(g["group"], g["kind"], g["units"], g["placeholder"]) for g in data["groups"]] == [
        ("I", "social_security", 1, False), ("II", "ministry_health_agency", 1, True),
        ("III", "provincial_health_department", 63, False), ("IV", "ministry_department", 20, False),
        ("IV", "ministry_hospital", 43, False)]


def test_info_on_a_missing_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["info", str(tmp_path / "khong-co")])
    assert result.exit_code == 1
    assert "khong-co" in result.output and "Traceback" not in result.output


def test_info_on_a_workspace_whose_dispatch_is_missing(workspace):
    (workspace / "dispatch" / "cong-van-xin-y-kien.txt").unlink()
    result = CliRunner().invoke(main, ["info", str(workspace)])
    assert result.exit_code == 1
    assert "cong-van-xin-y-kien.txt" in result.output and "Traceback" not in result.output


def test_info_real_process(bundled):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "consultkit", "info", str(bundled)], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Cục Công nghệ thông tin" in done.stdout and "18/06/2021" in done.stdout
    assert "tuyentv.cntt@moh.gov.vn" in done.stdout
    assert "63 đơn vị" in done.stdout and "43 đơn vị" in done.stdout


def test_info_on_a_dispatch_without_annex_and_with_a_relative_deadline(workspace):
    fixture = Path(__file__).parent / "fixtures" / "dispatches" / "07_email_relative.txt"
    shutil.copyfile(fixture, workspace / "dispatch" / "cong-van-xin-y-kien.txt")
    result = CliRunner().invoke(main, ["info", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "công văn ghi “trong thời hạn 10 ngày kể từ ngày nhận được công văn”" in result.output
    assert "  Các bệnh viện trực thuộc Bộ Y tế: 1 đơn vị (dòng đại diện" in result.output
    assert "Nhóm —" not in result.output
