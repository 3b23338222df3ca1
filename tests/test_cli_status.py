"""``consultkit status``: who replied, who is late, who to remind."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from consultkit import schema
from consultkit.cli import main

SHEET = """Cơ quan góp ý,Ngày nhận,Nội dung góp ý
SYT Nghệ An,10/06/2021,Đề nghị bổ sung yêu cầu sao lưu dữ liệu hình ảnh.
Sở Y tế Thanh Hoá,25/06/2021,Nhất trí với dự thảo.
Bệnh viện K,01/06/2021,Không có ý kiến khác.
Y tế Bộ Quốc phòng,05/06/2021,Thống nhất.
"""


def _ingested(workspace: Path) -> Path:
    shutil.rmtree(workspace / "inbox", ignore_errors=True)     # only the sheet below
    (workspace / "inbox").mkdir()
    (workspace / "inbox" / "gop-y.csv").write_text(SHEET, encoding="utf-8")
    out = CliRunner().invoke(main, ["ingest", str(workspace), "--no-progress"])
    assert out.exit_code == 0, out.output
    return workspace


def test_status_table(workspace: Path):
    out = CliRunner().invoke(main, ["status", str(_ingested(workspace))])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "Hạn góp ý: 18/06/2021" in text
    assert "Đã trả lời: 4" in text
    assert "Sở Y tế Nghệ An (10/06/2021, 1 ý kiến)" in text
    late = text.split("Trả lời muộn (sau hạn góp ý): ")[1].split("\n\n")[0]
    assert late.startswith("1") and "Sở Y tế Thanh Hóa (25/06/2021)" in late
    remind = text.split("Cần đôn đốc (chưa trả lời): ")[1].split("\n\n")[0]
    assert remind.startswith("124") and "Sở Y tế Hà Nội" in remind and "Sở Y tế Nghệ An" not in remind
    assert "Y tế Bộ Quốc phòng: 1 ý kiến (tính cho nhóm Y tế các Bộ, Ngành)" in text
    header = next(line for line in text.splitlines() if line.startswith("Nhóm"))
    assert "Đã trả lời" in header and "Cần đôn đốc" in header
    row = next(line for line in text.splitlines() if line.startswith("III "))
    assert row.split()[-4:] == ["63", "2", "1", "61"]


def test_status_csv_and_today(workspace: Path):
    ws = _ingested(workspace)
    out = CliRunner().invoke(main, ["status", str(ws), "--format", "csv", "--today", "2021-06-05"])
    assert out.exit_code == 0, out.output
    frame = pd.read_csv(io.StringIO(out.output), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(schema.RESPONSES) and len(frame) == 128
    frame = frame.set_index("unit_id")
    assert frame.loc["benh-vien-k", "replied"] == "True"
    assert frame.loc["so-y-te-nghe-an", "replied"] == "False"       # arrives after 5 June


def test_status_on_an_empty_register(workspace: Path):
    out = CliRunner().invoke(main, ["status", str(workspace)])
    assert out.exit_code == 0, out.output
    assert "Đã trả lời: 0" in out.output and "Cần đôn đốc (chưa trả lời): 127" in out.output


def test_status_bad_workspace(tmp_path: Path):
    out = CliRunner().invoke(main, ["status", str(tmp_path)])
    assert out.exit_code == 1 and "consultation.toml" in out.output
