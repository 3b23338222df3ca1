"""Ingest into the register on a temp copy of the bundled workspace."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from consultkit.cli import main
from consultkit.comments.ingest import ingest_workspace
from consultkit.workspace import open_consultation

SHEET = """Đơn vị,Ngày nhận,Số văn bản,Điều khoản,Nội dung góp ý
Sở Y tế tỉnh Nghệ An,10/06/2021,1203/SYT-NVY,khoản 2 mục IV,Đề nghị bổ sung yêu cầu lưu trữ hình ảnh tối thiểu 10 năm.
SYT Hà Nam,12/06/2021,88/SYT,,Nhất trí với nội dung dự thảo, không có ý kiến khác.
BV Bạch Mai,15/06/2021,45/BVBM-CNTT,điểm a khoản 1,Đề nghị làm rõ chuẩn DICOM áp dụng.
Bệnh viện Bạch Mai 2,16/06/2021,,,Không có ý kiến.
,,,,
Cục Y tế Bộ Công an,20/06/2021,12/CYT,,Thống nhất với dự thảo.
Sở Y tế Hà Giang,không rõ,,,Nhất trí.
"""


def _inbox(workspace: Path) -> Path:
    """Replace the workspace's inbox by a small one built here."""
    inbox = workspace / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    (inbox / "so-theo-doi.csv").write_text(SHEET, encoding="utf-8")
    (inbox / "ghi-chu.txt").write_text("không phải góp ý", encoding="utf-8")
    (inbox / "hong.docx").write_bytes(b"PK\x03\x04 this is not a real docx")
    return inbox


def test_conservation_and_reingest_adds_nothing(workspace: Path):
    _inbox(workspace)
    consultation = open_consultation(workspace)
    first = ingest_workspace(consultation)
    assert first.read == first.new + first.known + first.rejected
    assert first.new == 5 and first.known == 0
    # rejected: the sheet row with a bad date, the .txt note, the corrupt .docx
    assert first.rejected == 3
    reasons = " ".join(first.rejects["reason"])
    assert "txt" in reasons and first.empty == 1
    reg = consultation.register
    assert len(reg) == 5 and reg.integrity_check() == "ok"
    comments = reg.comments().set_index("unit_raw")
    assert comments.loc["Sở Y tế tỉnh Nghệ An", "unit_id"] == "so-y-te-nghe-an"
    assert comments.loc["Bệnh viện Bạch Mai 2", "unit_id"] == ""       # never forced
    again = ingest_workspace(open_consultation(workspace))
    assert (again.read, again.new, again.known, again.rejected) == (first.read, 0, 5, 3)
    assert len(reg) == 5
    log = reg.import_log()
    assert log[["read", "new", "known", "rejected"]].values.tolist() == [[8, 5, 0, 3], [8, 0, 5, 3]]
    assert set(reg.rejects()["source"]) == set(first.rejects["source"])


def test_explicit_paths_and_dispositions_survive_reingest(workspace: Path, tmp_path: Path):
    inbox = _inbox(workspace)
    consultation = open_consultation(workspace)
    ingest_workspace(consultation, [inbox / "so-theo-doi.csv"])
    reg = consultation.register
    cid = reg.comments()["comment_id"].iloc[0]
    reg.set_disposition(cid, status="accepted", response="Tiếp thu", who="Lan", expected_version=0)
    report = ingest_workspace(consultation, (p for p in [inbox / "so-theo-doi.csv"]))
    assert report.new == 0
    assert reg.disposition(cid)["status"] == "accepted"


def test_missing_inbox_is_a_clear_error(workspace: Path):
    shutil.rmtree(workspace / "inbox", ignore_errors=True)
    with pytest.raises(Exception, match="inbox"):
        ingest_workspace(open_consultation(workspace))


def test_cli_ingest_prints_vietnamese_counts(workspace: Path):
    _inbox(workspace)
    runner = CliRunner()
    out = runner.invoke(main, ["ingest", str(workspace), "--no-progress"])
    assert out.exit_code == 0, out.output
    assert "Số dòng đã đọc: 8" in out.output
    assert "Ý kiến mới: 5" in out.output
    assert "Bị loại (kèm lý do): 3" in out.output and "ghi-chu.txt" in out.output
    again = runner.invoke(main, ["ingest", str(workspace), "--no-progress"])
    assert "Đã có trong sổ (không thêm lại): 5" in again.output
    with sqlite3.connect(workspace / "register.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 5


def test_cli_ingest_bad_workspace(tmp_path: Path):
    out = CliRunner().invoke(main, ["ingest", str(tmp_path / "nowhere")])
    assert out.exit_code == 1 and "Traceback" not in out.output


def test_clauses_of_the_latest_version_are_used(workspace: Path):
    """Citations are resolved against the latest version named in the manifest."""
    if not any((workspace / "inbox").glob("*")):
        pytest.fail("input missing from the repository: the sample inbox (make_sample_inbox.py)")
    consultation = open_consultation(workspace)
    report = ingest_workspace(consultation)
    assert not report.warnings, report.warnings
    latest = set(consultation.versions[list(consultation.versions)[-1]]["clause_id"])
    linked = [cid for ids, sugg in zip(consultation.comments["clause_ids"],
                                      consultation.comments["clause_suggestions"])
              for cid in list(ids) + [s[0] for s in sugg]]
    assert linked and set(linked) <= latest


def test_broken_version_file_does_not_block_ingest(workspace: Path):
    _inbox(workspace)
    manifest = (workspace / "consultation.toml").read_text(encoding="utf-8")
    (workspace / "consultation.toml").write_text(
        manifest.replace("[versions]", '[versions]\n"hong" = "versions/khong-co.md"'), encoding="utf-8")
    report = ingest_workspace(open_consultation(workspace))
    assert report.new == 5 and report.warnings and "khong-co.md" in report.warnings[0]


def test_bundled_sample_inbox(workspace: Path):
    """The synthetic sample inbox: conservation, matching, and re-ingest adds nothing."""
    if not (workspace / "inbox").is_dir() or not any((workspace / "inbox").iterdir()):
        pytest.fail("input missing from the repository: the sample inbox (make_sample_inbox.py)")
    consultation = open_consultation(workspace)
    first = ingest_workspace(consultation)
    assert first.read == first.new + first.known + first.rejected
    assert first.new > 0 and first.known == 0
    reg = consultation.register
    assert len(reg) == first.new
    comments = reg.comments()
    assert (comments["unit_id"] != "").mean() > 0.8          # most senders found in the roster
    again = ingest_workspace(open_consultation(workspace))
    assert (again.new, again.known, again.rejected) == (0, first.new, first.rejected)
    assert len(reg) == first.new
    responses = consultation.responses()
    assert len(responses) == len(consultation.roster)
    assert 0 < responses["replied"].sum() < len(responses)
    assert responses["late"].any()


def test_cli_explain_prints_each_part_of_a_letter(workspace: Path):
    """`consultkit ingest --explain FILE`: header, sender → roster unit, each comment with
    its target, stance, quoted draft and rationale, other parts and unused text, in
    Vietnamese; the register is not touched."""
    letter = Path(__file__).parent / "fixtures" / "letters_real" / "benh-vien-bach-mai.docx"
    out = CliRunner().invoke(main, ["ingest", str(workspace), "--explain", str(letter)])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "Cơ quan gửi: BỆNH VIỆN BẠCH MAI → Bệnh viện Bạch Mai (benh-vien-bach-mai; khớp đúng tên)" in text
    assert "Số, ký hiệu: 733/BVBM-CNTT" in text and "Ngày: 11/06/2021" in text
    assert "GÓP Ý (3)" in text
    assert "Điều khoản của dự thảo: IV.2.2.a" in text and "Điều khoản của dự thảo: IV.8.2" in text
    assert "Lý do: Bệnh viện thường xuyên phải tra cứu hình ảnh cũ khi tái khám." in text
    assert "Nội dung dự thảo được trích: Tiểu mục 2.2, điểm a:" in text
    assert "Vị trí trong văn bản: bảng 2, dòng 2" in text
    assert "Mở đầu (đoạn 3): Phúc đáp" in text and "VĂN BẢN KHÔNG SỬ DỤNG (0)" in text
    assert not (workspace / "register.sqlite").exists()


def test_cli_explain_lists_unused_text_with_its_place(workspace: Path):
    letter = Path(__file__).parent / "fixtures" / "letters_real" / "benh-vien-nhi-trung-uong.docx"
    out = CliRunner().invoke(main, ["ingest", str(workspace), "--explain", str(letter)])
    assert "VĂN BẢN KHÔNG SỬ DỤNG (3)" in out.output
    assert "(bảng 2, dòng 1, ô 4) Mức độ ưu tiên" in out.output
    assert "(bảng 2, dòng 2, ô 4) Cao" in out.output


def test_cli_explain_refuses_what_is_not_a_letter(workspace: Path):
    out = CliRunner().invoke(main, ["ingest", "--explain", str(workspace / "inbox" / "so-theo-doi-gop-y.xlsx")])
    assert out.exit_code == 1 and "chỉ giải thích được công văn .docx hoặc .pdf" in out.output
