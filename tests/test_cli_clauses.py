"""``consultkit clauses FILE``: the tree as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner

from consultkit.cli import main

from conftest import BUNDLED

DRAFT = BUNDLED / "versions" / "du-thao-1.docx"


def test_table_shows_the_tree_and_issues():
    result = CliRunner().invoke(main, ["clauses", str(DRAFT)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("      IV.2.2 ") and "mục" in line for line in lines)
    assert any(line.startswith("        IV.2.2.a ") and "điểm" in line for line in lines)
    assert any("IV.3.r6" in line and "dòng bảng" in line for line in lines)
    assert "58 điều khoản; 0 vấn đề về đánh số" in result.output


def test_table_lists_numbering_issues(tmp_path):
    doc = tmp_path / "trung.md"
    doc.write_text("Điều 1. A\n1. x\n1. y\n3. z\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clauses", str(doc)])
    assert "4 điều khoản; 2 vấn đề về đánh số" in result.output
    assert "D1.k1~2" in result.output and "bỏ số" in result.output


def test_csv_and_json_carry_the_whole_frame(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["clauses", str(DRAFT), "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    by_id = {r["clause_id"]: r for r in rows}
    assert json.loads(by_id["IV.3.r10"]["cells"])["Tiêu chí"] == "Kết nối hệ thống tập trung"
    assert by_id["IV.2.3-1"]["number"] == "-"
    tricky = tmp_path / "tricky.md"
    tricky.write_text("1. =SUM(A1)\n2. @x\n", encoding="utf-8")
    out = runner.invoke(main, ["clauses", str(tricky), "--format", "csv"]).output
    texts = [r["text"] for r in csv.DictReader(io.StringIO(out))]
    assert texts == ["'=SUM(A1)", "'@x"]                 # no formula in a spreadsheet
    payload = json.loads(runner.invoke(main, ["clauses", str(DRAFT), "--format", "json"]).output)
    assert [c["clause_id"] for c in payload["clauses"]] == [r["clause_id"] for r in rows]
    assert payload["parse_issues"] == [] and payload["clauses"][0]["kind"] == "note"


def test_bad_file_is_one_line_error_in_a_real_process(tmp_path):
    bad = tmp_path / "hỏng.docx"
    bad.write_bytes(b"junk")
    proc = subprocess.run([sys.executable, "-m", "consultkit.cli", "clauses", str(bad)],
                          capture_output=True, text=True, timeout=60)
    if "No module named consultkit.cli.__main__" in proc.stderr:
        proc = subprocess.run([sys.executable, "-c",
                               "from consultkit.cli import main; main()", "clauses", str(bad)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "hỏng.docx" in proc.stderr and "Traceback" not in proc.stderr
