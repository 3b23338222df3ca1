"""Every CSV and .xlsx export, from the CLI and the API, with hostile values everywhere.

Roster names, unit names, comment texts, clause texts and file names start
with formula triggers; every cell of every export must then be text that no
spreadsheet evaluates, and the payloads must still be there (so the test
cannot pass on an empty export).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from consultkit.cli import main
from consultkit.workspace import open_consultation
from consultkit.writers.cells import neutralise, to_csv

PAYLOADS = ['=HYPERLINK("http://evil.example","bấm")', "+84-912-345-678", "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1", " =1+1", "＝1+1"]
ROSTER_EVIL = '=HYPERLINK("http://evil.example","Bệnh viện 71")'
UNIT_EVIL = "@Sở Y tế Hà Giang"
TEXT_EVIL = "=1+1 Đề nghị bổ sung khoản 2."
BULLET = "- Đề nghị bổ sung yêu cầu lưu trữ hình ảnh."
TRIGGERS = tuple("=+-@\t\r\n＝＋－＠")


def _dangerous(cell: str) -> bool:
    if cell == "-" or not cell or re.fullmatch(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", cell):
        return False   # a number is a value, never a formula
    return cell.startswith(TRIGGERS) or cell.lstrip(" \u00a0").startswith(TRIGGERS)


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _xlsx_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    cells.append(cell.value)
    return cells


def _assert_safe(cells: list[str], what: str) -> None:
    bad = [c for c in cells if _dangerous(c)]
    assert not bad, f"{what}: formula-like cells {bad[:5]}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The bundled workspace with a hostile roster name, inbox and draft clauses."""
    from conftest import BUNDLED

    ws = tmp_path_factory.mktemp("hostile") / "ws"
    shutil.copytree(BUNDLED, ws, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    dispatch = ws / "dispatch" / "cong-van-xin-y-kien.txt"
    text = dispatch.read_text(encoding="utf-8")
    assert "Bệnh viện 71 trung ương" in text
    dispatch.write_text(text.replace("Bệnh viện 71 trung ương", ROSTER_EVIL), encoding="utf-8")
    inbox = ws / "inbox"
    shutil.rmtree(inbox)
    inbox.mkdir()
    rows = [("Đơn vị", "Ngày nhận", "Điều khoản", "Nội dung góp ý")]
    rows += [(UNIT_EVIL, "12/06/2021", "=A1", TEXT_EVIL), ("Sở Y tế Nghệ An", "", "", BULLET)]
    rows += [(f"Bệnh viện {i}", "13/06/2021", "", p) for i, p in enumerate(PAYLOADS)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (inbox / "=cmd@gop-y.csv").write_text(buffer.getvalue(), encoding="utf-8")
    for name in ("du-thao-1.md", "du-thao-2.md"):
        version = ws / "versions" / name
        body = version.read_text(encoding="utf-8")
        version.write_text(body + "\n- =HYPERLINK(\"http://evil.example\") bổ sung\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


def test_the_one_function_leaves_bullets_readable():
    assert neutralise(BULLET) == "'" + BULLET
    assert neutralise("-") == "-" and neutralise("Đề nghị") == "Đề nghị"
    assert all(neutralise(p).startswith("'") for p in PAYLOADS)


@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(PAYLOADS + ["-1", "- x", "'=x"])),
                min_size=1, max_size=5))
def test_to_csv_never_writes_a_formula_and_keeps_the_text(values):
    text = to_csv(pd.DataFrame({"=cột": values}))
    cells = _csv_cells(text)
    _assert_safe(cells, "to_csv")
    assert len(cells) == len(values) + 1
    for got, value in zip(cells[1:], values):
        clean = unicodedata.normalize("NFC", "".join(ch for ch in value if ord(ch) >= 32 or ch in "\t\n\r"))
        clean = clean.replace("\r\n", "\n").replace("\r", "\n")
        trigger = clean != "-" and clean.lstrip(" \u00a0").startswith(TRIGGERS)
        assert got == ("'" + clean if trigger else clean)      # escaped exactly when needed


def test_status_csv(hostile: Path):
    result = CliRunner().invoke(main, ["status", str(hostile), "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = _csv_cells(result.output)
    _assert_safe(cells, "status --format csv")
    assert "'" + ROSTER_EVIL in cells


def test_clauses_and_compare_csv(hostile: Path):
    versions = hostile / "versions"
    result = CliRunner().invoke(main, ["clauses", str(versions / "du-thao-2.md"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = _csv_cells(result.output)
    _assert_safe(cells, "clauses --format csv")
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'- =HYPERLINK") or "=HYPERLINK" in c
               for c in cells)
    result = CliRunner().invoke(main, ["compare", str(versions / "hien-hanh.md"),
                                       str(versions / "du-thao-2.md"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    _assert_safe(_csv_cells(result.output), "compare --format csv")


def test_lint_csv(hostile: Path):
    result = CliRunner().invoke(main, ["lint", str(hostile / "dispatch" / "cong-van-xin-y-kien.txt"),
                                       "--format", "csv"])
    _assert_safe(_csv_cells(result.output), "lint --format csv")


def test_synthesis_xlsx_and_reminder_log(hostile: Path, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", "synthesis", str(hostile), "-o", str(tmp_path / "s.docx"),
                                  "--xlsx", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    cells = _xlsx_cells(tmp_path / "s.xlsx")
    _assert_safe(cells, "synthesis .xlsx")
    assert any(c.startswith("'=1+1 Đề nghị") for c in cells)
    assert any(c.startswith("'@Sở Y tế Hà Giang") for c in cells) or \
        any("Hà Giang" in c for c in cells)
    result = runner.invoke(main, ["report", "reminders", str(hostile), "-o", str(tmp_path / "r"),
                                  "--deadline", "2021-07-01", "--today", "2021-06-30"])
    assert result.exit_code == 0, result.output
    from consultkit.writers.letters import LOG_NAME

    log = (tmp_path / "r" / LOG_NAME).read_text(encoding="utf-8-sig")
    cells = _csv_cells(log)
    _assert_safe(cells, "reminder mail log")
    assert any(ROSTER_EVIL in c for c in cells)


def test_api_exports(hostile: Path, tmp_path: Path):
    from consultkit.writers.excel import write_xlsx
    from consultkit.writers.letters import reminder_log

    consultation = open_consultation(hostile)
    comments = consultation.comments
    assert {p.strip() for p in PAYLOADS} <= set(comments["text"])   # readers trim the blanks
    cells = _xlsx_cells(write_xlsx(comments, tmp_path / "c.xlsx"))
    _assert_safe(cells, "write_xlsx(comments)")
    assert any(c == "'" + BULLET for c in cells)
    responses = consultation.responses(today=dt.date(2021, 6, 30))
    for name, frame in {"responses": responses, "rejects": consultation.register.rejects(),
                        "reminder_log": reminder_log(responses),
                        "audit": consultation.register.audit(),
                        "import_log": consultation.register.import_log()}.items():
        _assert_safe(_csv_cells(to_csv(frame)), f"to_csv({name})")
        _assert_safe(_xlsx_cells(write_xlsx(frame, tmp_path / f"{name}.xlsx")), f"write_xlsx({name})")
