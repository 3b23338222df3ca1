"""Legacy .doc, .rtf and .odt replies converted by LibreOffice and read as .docx.

Inputs and what must come out:
* a reply letter saved by LibreOffice as Word 97 (.doc), RTF and OpenDocument (.odt) → the
  same sender, number, date and comments as the .docx it was saved from, with a note;
* a .docx renamed .doc (common) → read without LibreOffice;
* junk named .doc, a conversion that runs out of time → clear Vietnamese rejects;
* without LibreOffice or Tesseract on PATH (a subprocess with PATH emptied, no mocks) → the
  .doc and the scan are rejects naming the package to install, and the .docx letter beside
  them still imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, needs_soffice, soffice
from consultkit.errors import CorruptFileError
from consultkit.readers.convert import convert_to_docx
from consultkit.readers.replies import read_reply
from letter_docs import letter_docx

BODY = ("Sở Y tế Cao Bằng có ý kiến như sau:",
        "1. Tại mục IV.2: đề nghị bổ sung yêu cầu sao lưu dữ liệu hằng ngày.",
        "2. Về mục IV.4: đề nghị giữ nguyên.")


def _save_as(docx_path: Path, fmt: str) -> Path:
    profile = Path("/tmp") / f"ck-test-lo-{uuid.uuid4().hex}"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", fmt, "--outdir", str(docx_path.parent),
                    str(docx_path)], check=True, capture_output=True, timeout=180)
    return docx_path.with_suffix("." + fmt.split(":")[0])


def _key(rows):
    return [(r["unit_raw"], r["letter_number"], r["received"], r["text"]) for r in rows]


@pytest.mark.libreoffice
@needs_soffice
def test_doc_rtf_odt_read_like_the_docx(tmp_path):
    source = tmp_path / "cong-van.docx"
    source.write_bytes(letter_docx(body=BODY, organs=("UBND TỈNH CAO BẰNG", "SỞ Y TẾ"),
                                   number="45/SYT-KHTC"))
    expected = _key(read_reply(source).rows)
    assert len(expected) == 2 and expected[0][1] == "45/SYT-KHTC"
    for fmt in ("doc:MS Word 97", "rtf", "odt"):
        legacy = _save_as(source, fmt)
        rows = read_reply(legacy).rows
        assert _key(rows) == expected, fmt
        assert all(f"chuyển từ {legacy.suffix}" in r["notes"] for r in rows)


def test_renamed_docx_is_read_without_libreoffice(tmp_path):
    path = tmp_path / "cong-van.doc"
    path.write_bytes(letter_docx(body=BODY))
    assert convert_to_docx(path) == path.read_bytes()
    assert len(read_reply(path).rows) == 2


def test_junk_named_doc_is_a_clear_reject(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"this is not a Word file at all" * 10)
    with pytest.raises(CorruptFileError, match="không phải định dạng .doc"):
        convert_to_docx(path)


@pytest.mark.libreoffice
@needs_soffice
def test_conversion_out_of_time_is_killed_and_reported(tmp_path):
    source = tmp_path / "x.docx"
    source.write_bytes(letter_docx(body=BODY))
    odt = _save_as(source, "odt")
    with pytest.raises(CorruptFileError, match="giây"):
        convert_to_docx(odt, timeout=0.05)


_WITHOUT_TOOLS = r"""
import json, sys
from consultkit.comments.intake import load_comments
result = load_comments([sys.argv[1]])
print(json.dumps({"rejects": result.rejects.to_dict("records"),
                  "comments": len(result.comments), "read": result.read}, ensure_ascii=False))
"""


def test_without_libreoffice_or_tesseract_the_rest_still_imports(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-letter.docx").write_bytes(letter_docx(body=BODY))
    (inbox / "b-old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 300), "white")
    ImageDraw.Draw(image).text((20, 20), "SO Y TE", fill="black")
    image.save(inbox / "c-scan.png")
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _WITHOUT_TOOLS, str(inbox)], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(out.stdout)
    reasons = {r["source"]: r["reason"] for r in report["rejects"]}
    assert report["comments"] == 2 and report["read"] == 4
    assert "libreoffice-writer-nogui" in reasons["inbox/b-old.doc"]
    assert "LibreOffice" in reasons["inbox/b-old.doc"]
    assert "tesseract-ocr-vie" in reasons["inbox/c-scan.png"]
    assert "pytesseract" in reasons["inbox/c-scan.png"]


