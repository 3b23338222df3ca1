"""Bounded work on hostile inputs: zip bombs in each format, huge and binary e-mails.

Every breach is a reject whose Vietnamese reason names the file and the limit;
the rest of the inbox is still read. Time and memory are checked in a child
process under resource limits (2 GB of address space, a generous timeout that
only catches hangs), never by asserting wall-clock time here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from consultkit.comments.intake import load_comments, read_file
from consultkit.errors import ConsultkitError, LimitError
from consultkit.readers import limits
from consultkit.readers.files import open_docx
from consultkit.readers.mail import read_mail
from consultkit.readers.sheets import read_sheet
from hostile import DOCX, LETTER, MB, XLSX, hostile_inbox, lying_sizes, mail, repack

ROOT = Path(__file__).resolve().parent.parent


def _reject(path: Path) -> str:
    result = read_file(path, path.name)
    assert not result.rows and len(result.rejects) >= 1, result.rejects
    return " ".join(r["reason"] for r in result.rejects)


def test_defaults_are_documented_and_overridable(monkeypatch):
    documented = {line.split()[0]: line.split()[1] for line in limits.__doc__.splitlines()
                  if line.startswith("CONSULTKIT_MAX_")}
    assert set(documented) == set(limits.SETTINGS.values())
    for field, env in limits.SETTINGS.items():
        assert float(documented[env]) == getattr(limits.DEFAULTS, field), env
        assert env in (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.setenv("CONSULTKIT_MAX_PART_MB", "3")
    assert limits.current().part_mb == 3
    with limits.override(part_mb=5, ratio=10):
        assert (limits.current().part_mb, limits.current().ratio) == (5, 10)
    assert limits.current().part_mb == 3
    monkeypatch.setenv("CONSULTKIT_MAX_PART_MB", "nhiều")
    with pytest.raises(LimitError, match="CONSULTKIT_MAX_PART_MB"):
        limits.current()


@pytest.mark.parametrize("make, words", [
    (lambda: repack(LETTER.read_bytes(), add={"word/media/x.bin": 80}), ("word/media/x.bin", "64 MB")),
    (lambda: repack(DOCX.read_bytes(), add={"word/media/y.bin": 8}), ("tỉ lệ", "100:1")),
    (lambda: repack(LETTER.read_bytes(), inflate="word/document.xml", megabytes=70),
     ("word/document.xml",)),
])
def test_docx_bombs_are_refused_before_inflating(tmp_path, make, words):
    path = tmp_path / "bom.docx"
    path.write_bytes(make())
    with pytest.raises(LimitError) as error:
        open_docx(path)
    message = str(error.value)
    assert "bom.docx" in message and "giới hạn" in message
    for word in words:
        assert word in message
    reason = _reject(path)
    assert "bom.docx" in reason and "giới hạn" in reason


@pytest.mark.parametrize("make, words", [
    (lambda: repack(XLSX.read_bytes(), inflate="xl/worksheets/sheet1.xml", megabytes=70),
     ("xl/worksheets/sheet1.xml", "64 MB")),
    (lambda: repack(XLSX.read_bytes(), add={"xl/media/z.bin": 8}), ("tỉ lệ",)),
])
def test_xlsx_bombs_are_refused(tmp_path, make, words):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(make())
    with pytest.raises(LimitError) as error:
        read_sheet(path)
    for word in ("bom.xlsx", "giới hạn", *words):
        assert word in str(error.value)


def test_parts_are_stopped_while_streaming_when_sizes_lie(tmp_path):
    """A sheet part declaring 1 KB that inflates to 3 MB: the declared check passes, the
    bytes actually read are stopped at the budget (or the zip's own CRC check fails)."""
    data = repack(XLSX.read_bytes(), inflate="xl/worksheets/sheet1.xml", megabytes=3)
    liar = lying_sizes(data, "xl/worksheets/sheet1.xml", 1024)
    with zipfile.ZipFile(io.BytesIO(liar)) as package:
        limits.check_package(package, "liar.xlsx")                   # the declared sizes look fine
    with zipfile.ZipFile(io.BytesIO(data)) as package, limits.override(part_mb=1):
        with pytest.raises(LimitError, match="giải nén ra hơn 1 MB"):
            limits.read_part(package, "xl/worksheets/sheet1.xml", "honest.xlsx")
    path = tmp_path / "liar.xlsx"
    path.write_bytes(liar)
    with limits.override(part_mb=1):
        with pytest.raises(ConsultkitError):
            read_sheet(path)


def test_file_budget_is_checked_before_reading(tmp_path):
    path = tmp_path / "lon.csv"
    path.write_bytes(b"Don vi,Noi dung gop y\n" + b"BV K,x\n" * 400_000)
    with limits.override(file_mb=1):
        reason = _reject(path)
    assert "lon.csv" in reason and "1 MB" in reason and "CONSULTKIT_MAX_FILE_MB" in reason


def test_binary_body_is_a_reject_never_comments(tmp_path):
    from hostile import binary_body_mail

    path = tmp_path / "nhi-phan.eml"
    path.write_bytes(binary_body_mail(0.5))
    result = read_mail(path)
    assert result.rows == [] and len(result.rejects) == 1
    assert "không phải văn bản" in result.rejects[0]["reason"]
    latin = tmp_path / "latin.eml"          # declared latin-1: no replacement characters, controls
    latin.write_bytes(mail(body=os.urandom(200_000), charset="iso-8859-1"))
    assert read_mail(latin).rows == []


def test_long_body_and_big_attachment_are_rejects(tmp_path):
    long = tmp_path / "dai.eml"
    long.write_bytes(mail(body="Đề nghị bổ sung khoản 2 Điều 3. " * 2000))
    with limits.override(body_chars=10_000):
        result = read_mail(long)
    assert result.rows == [] and "vượt giới hạn 10.000 ký tự" in result.rejects[0]["reason"]
    assert read_mail(long).rows                                  # within the default budget
    big = tmp_path / "dinh-kem.eml"
    big.write_bytes(mail(body="Gửi kèm công văn.", attachments=[
        ("gop-y.docx", LETTER.read_bytes() + bytes(2 * MB), "application/octet-stream")]))
    with limits.override(attachment_mb=1):
        result = read_mail(big)
    reasons = " ".join(r["reason"] for r in result.rejects)
    assert "gop-y.docx" in reasons and "1 MB" in reasons and "CONSULTKIT_MAX_ATTACHMENT_MB" in reasons


def test_a_message_that_is_only_a_letter_is_read_as_one(tmp_path):
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["Subject"] = "Sở Y tế Cao Bằng <syt@caobang.gov.vn>", "Góp ý"
    message["Date"] = "Tue, 15 Jun 2021 08:00:00 +0700"
    message.set_content(LETTER.read_bytes(), maintype="application", subtype="vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document", filename="gop-y.docx")
    path = tmp_path / "chi-dinh-kem.eml"
    path.write_bytes(message.as_bytes())
    result = read_mail(path)
    assert result.rows and not result.rejects


def test_inbox_of_bombs_keeps_the_good_file(tmp_path):
    expected = hostile_inbox(tmp_path / "inbox")
    result = load_comments(tmp_path / "inbox")
    assert result.read == len(result.comments) + len(result.rejects)
    # the sheet's two rows, and the cover note of the mail whose attachment was a bomb
    assert sorted(result.comments["source"].str.split("#").str[0]) == [
        "inbox/so-theo-doi.csv", "inbox/so-theo-doi.csv", "inbox/thu-dinh-kem-bom.eml"]
    rejected = {s.split("/", 1)[1].split("#")[0] for s in result.rejects["source"]}
    assert rejected == {n for n, what in expected.items() if what.startswith("reject")}
    for reason in result.rejects["reason"]:
        assert "giới hạn" in reason or "không phải văn bản" in reason, reason


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
    from consultkit.comments.intake import read_file
    from pathlib import Path
    out = {}
    for path in sorted(Path(sys.argv[1]).iterdir()):
        start = time.perf_counter()
        result = read_file(path, path.name)
        out[path.name] = {"seconds": time.perf_counter() - start, "rows": len(result.rows),
                          "rejects": len(result.rejects)}
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
""")


def test_hostile_files_stay_within_memory_in_a_limited_process(tmp_path):
    """Each file of the hostile inbox read in a child with 2 GB of address space: no MemoryError,
    no hang (the timeout is generous: it only catches runaway work)."""
    expected = hostile_inbox(tmp_path / "inbox")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "inbox")], capture_output=True,
                          text=True, timeout=300, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for name, what in expected.items():
        assert (report[name]["rows"] == 0) == (what == "reject"), (name, report[name])
        assert report[name]["rejects"] == (0 if what == "2 comments" else 1), (name, report[name])
    assert report["maxrss_mb"] < 2048


def test_long_letters_and_sheets_stop_at_their_budgets(tmp_path):
    """A file small when packed but long when read (a compact million-row sheet, a letter of
    endless paragraphs) is read only up to the budget, then rejected whole, naming it."""
    import docx
    import openpyxl

    letter = docx.Document()
    letter.add_paragraph("SỞ Y TẾ HÀ NAM")
    for k in range(80):
        letter.add_paragraph(f"{k + 1}. Đề nghị bổ sung khoản {k + 1} Điều 3.")
    letter.save(tmp_path / "dai.docx")
    rows = "Đơn vị,Nội dung góp ý\n" + "".join(f"BV {k},Đề nghị sửa khoản {k}.\n" for k in range(150))
    (tmp_path / "dai.csv").write_text(rows, encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["Đơn vị", "Nội dung góp ý"])
    book.active.append(["BV K", "Đề nghị sửa khoản 2."])
    book.active.cell(row=5000, column=1, value="BV E")
    book.save(tmp_path / "xa.xlsx")
    with limits.override(paragraphs=50, sheet_rows=100):
        assert "dai.docx" in _reject(tmp_path / "dai.docx") and "50 đoạn" in _reject(tmp_path / "dai.docx")
        assert "100 dòng" in _reject(tmp_path / "dai.csv")
        assert "100 dòng" in _reject(tmp_path / "xa.xlsx")
    for name in ("dai.docx", "dai.csv", "xa.xlsx"):             # within the default budgets
        assert read_file(tmp_path / name, name).rows


def test_pdf_pages_budget(tmp_path):
    from conftest import ROOT

    letter = ROOT / "tests" / "fixtures" / "letters" / "benh-vien-k.pdf"
    path = tmp_path / "k.pdf"
    path.write_bytes(letter.read_bytes())
    assert read_file(path, "k.pdf").rows
    with limits.override(pdf_pages=0):
        reason = _reject(path)
    assert "k.pdf" in reason and "0 trang" in reason and "CONSULTKIT_MAX_PDF_PAGES" in reason
