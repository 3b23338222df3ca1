"""A folder of scans: files in parallel processes, and an interrupted ingest that resumes.

Inputs and what must come out:
* two scanned letters (200 dpi PNGs made by scripts/make_scans.py) ingested by a real
  process that is killed (SIGKILL) once the first scan's OCR is kept → the register has no
  comments yet; the next ingest (two worker processes) takes the kept result instead of
  reading the scan again, stores each comment once, and a third ingest adds nothing;
* the read cache keeps no result with rejects, and a changed file is read again.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT, needs_soffice
from consultkit.comments.read_cache import ReadCache
from consultkit.readers.rows import ReadResult, raw_row
from consultkit.register import Register
from letter_docs import letter_docx

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed: run 'make system-deps'")

_INGEST = r"""
import sys
from consultkit.workspace import open_consultation
open_consultation(sys.argv[1]).ingest([sys.argv[2]])
"""


def _scans_module():
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@needs_soffice
@needs_tesseract
def test_interrupted_ingest_resumes_without_duplicates(workspace, tmp_path):
    scans = _scans_module()
    folder = workspace / "inbox" / "ban-quet"
    folder.mkdir()
    for name, organs, body in (
            ("a-so-y-te-cao-bang", ("UBND TỈNH CAO BẰNG", "SỞ Y TẾ"),
             "Sở Y tế Cao Bằng nhất trí với nội dung dự thảo Thông tư."),
            ("b-so-y-te-da-nang", ("UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ Y TẾ"),
             "Sở Y tế Đà Nẵng thống nhất với dự thảo, không có ý kiến khác.")):
        source = tmp_path / f"{name}.docx"
        source.write_bytes(letter_docx(organs=organs, body=(body,)))
        scans.save(scans.scan_pages(source, quality="clean", dpi=200), folder / f"{name}.png")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", _INGEST, str(workspace), str(folder)], env=env)
    database = workspace / "register.sqlite"
    deadline = time.monotonic() + 300
    kept = 0
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists():
            try:
                with sqlite3.connect(database, timeout=1) as conn:
                    kept = conn.execute("SELECT COUNT(*) FROM read_cache").fetchone()[0]
            except sqlite3.OperationalError:
                kept = 0
            if kept >= 1:
                process.send_signal(signal.SIGKILL)
                break
        time.sleep(0.2)
    process.wait(timeout=60)
    if process.returncode == 0:
        pytest.skip("the first ingest finished before it could be interrupted")
    register = Register(database)
    assert len(register) == 0 and kept >= 1                  # nothing half-written
    from consultkit.workspace import open_consultation

    consultation = open_consultation(workspace)
    report = consultation.ingest([folder], workers=2)
    assert report.cached >= 1 and report.new == 2 and report.rejected == 0
    assert any("lần trước" in line for line in report.lines())
    comments = consultation.register.comments()
    assert set(comments["source_kind"]) == {"ocr"} and comments["comment_id"].is_unique
    again = consultation.ingest([folder])
    assert again.new == 0 and again.known == 2 and again.cached == 2


def test_read_cache_keeps_only_clean_results_of_slow_files(tmp_path):
    register = Register(tmp_path / "register.sqlite")
    cache = ReadCache(register)
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"not really an image, only its bytes matter here")
    good = ReadResult(rows=[raw_row(unit_raw="Sở Y tế", text="Nhất trí.", source="scan.png#page1",
                                    origin="scan.png", source_kind="ocr", confidence=91.5,
                                    doubtful=("Nhất",))])
    cache.put(scan, "inbox/scan.png", good)
    back = cache.get(scan, "inbox/scan.png")
    assert back is not None and back.rows == good.rows
    assert cache.get(scan, "other/scan.png") is None                   # another place
    scan.write_bytes(b"changed bytes")
    assert cache.get(scan, "inbox/scan.png") is None                   # changed file: read again
    bad = ReadResult(rejects=[{"source": "inbox/scan.png", "reason": "cần Tesseract"}])
    cache.put(scan, "inbox/scan.png", bad)
    assert cache.get(scan, "inbox/scan.png") is None                   # rejects are not kept
    letter = tmp_path / "cong-van.docx"
    letter.write_bytes(letter_docx())
    cache.put(letter, "inbox/cong-van.docx", good)
    assert cache.get(letter, "inbox/cong-van.docx") is None            # fast files not kept


def test_cli_ingest_with_workers_reads_the_same(workspace, tmp_path):
    """``consultkit ingest --workers 2``: files read in two processes, the same comments in
    the same order as one process gives."""
    from click.testing import CliRunner

    from consultkit.cli import main
    from consultkit.comments.intake import load_comments

    folder = tmp_path / "gop-y"
    folder.mkdir()
    for i, unit in enumerate(("CAO BẰNG", "ĐÀ NẴNG", "NGHỆ AN")):
        (folder / f"cong-van-{i}.docx").write_bytes(letter_docx(
            organs=(f"UBND TỈNH {unit}", "SỞ Y TẾ"), number=f"{i + 1}/SYT",
            body=("Có ý kiến như sau:", f"1. Tại mục IV.{i + 2}: đề nghị sửa.", "2. Về mục IV.4: giữ.")))
    one = load_comments([folder])
    two = load_comments([folder], workers=2)
    assert list(two.comments["comment_id"]) == list(one.comments["comment_id"])
    assert len(two.comments) == 6
    result = CliRunner().invoke(main, ["ingest", str(workspace), str(folder), "--workers", "2",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Ý kiến mới: 6" in result.output
