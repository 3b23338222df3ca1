"""``consultkit compare OLD NEW --format …``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from consultkit.cli import main
from consultkit.comparison import worddiff as wd
from consultkit.writers.tracked import accept_all, reject_all

OLD = """Điều 1. Phạm vi điều chỉnh
1. Cơ sở khám bệnh phải lưu trữ hình ảnh trong một năm.
2. Hệ thống phải hỗ trợ chuẩn DICOM & HL7 <cho> trao đổi dữ liệu.
3. Khoản này sẽ bị bãi bỏ hoàn toàn khỏi văn bản sửa đổi.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực kể từ ngày ký ban hành.
"""
NEW = """Điều 1. Phạm vi điều chỉnh
1. Cơ sở khám bệnh, chữa bệnh phải lưu trữ hình ảnh trong tối đa một năm.
2. =Hệ thống phải hỗ trợ chuẩn DICOM & HL7 <cho> trao đổi dữ liệu.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực kể từ ngày 01 tháng 7 năm 2021.
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(NEW, encoding="utf-8")
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, ["compare", *map(str, args)])
    return result


def test_html(files):
    out = files / "so-sanh.html"
    result = run(files / "old.md", files / "new.md", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="vi"' in html
    assert "&lt;cho&gt;" in html and "<cho>" not in html
    assert "<ins>, chữa bệnh</ins>" in html
    assert "Bãi bỏ: 1" in html


def test_csv_round_trips_ops_and_neutralises_formulas(files):
    result = run(files / "old.md", files / "new.md", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["change"] for r in rows} >= {"modified", "deleted"}
    for r in rows:
        ops = [tuple(op) for op in json.loads(r["ops"])]
        old = r["old_text"].removeprefix("'") if r["old_text"].startswith("'=") else r["old_text"]
        new = r["new_text"].removeprefix("'") if r["new_text"].startswith("'=") else r["new_text"]
        assert wd.apply_ops(old, ops) == new
    assert any(r["new_text"].startswith("'=Hệ thống") for r in rows)


def test_tracked_docx(files):
    out = files / "du-thao.docx"
    result = run(files / "old.md", files / "new.md", "--format", "tracked-docx", "-o", out,
                 "--author", "Cục CNTT")
    assert result.exit_code == 0, result.output
    assert "Khoản này sẽ bị bãi bỏ" in reject_all(out)
    assert "Khoản này sẽ bị bãi bỏ" not in accept_all(out)
    assert "ngày 01 tháng 7 năm 2021" in accept_all(out)


def test_amend_text_and_docx(files):
    result = run(files / "old.md", files / "new.md", "--format", "amend", "--document",
                 "Thông tư số 54/2017/TT-BYT")
    assert result.exit_code == 0, result.output
    assert "Bãi bỏ khoản 3 Điều 1 Thông tư số 54/2017/TT-BYT." in result.output
    out = files / "sua-doi.docx"
    assert run(files / "old.md", files / "new.md", "--format", "amend", "-o", out).exit_code == 0
    assert "Bãi bỏ khoản 3 Điều 1." in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_table_docx(files):
    import consultkit.writers.comparison_table  # noqa: F401  (fails, not skips, when missing)
    out = files / "bang-so-sanh.docx"
    result = run(files / "old.md", files / "new.md", "--format", "table-docx", "-o", out)
    assert result.exit_code == 0, result.output
    text = "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "chữa bệnh" in text


def test_docx_formats_need_an_output(files):
    result = run(files / "old.md", files / "new.md", "--format", "tracked-docx")
    assert result.exit_code != 0 and "-o TỆP.docx" in result.output


def test_missing_file_is_a_clear_error(files):
    result = run(files / "nope.md", files / "new.md")
    assert result.exit_code == 1
    assert "nope.md" in result.output and "Traceback" not in result.output


def test_real_process(files):
    exe = Path(sys.executable).with_name("consultkit")
    proc = subprocess.run([str(exe), "compare", str(files / "old.md"), str(files / "new.md"),
                           "--format", "amend"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Điều 1. Sửa đổi, bổ sung một số nội dung")
