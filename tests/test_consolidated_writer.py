"""The consolidated document written as .docx (real footnotes), HTML and Markdown, and the
``consultkit consolidate`` command. Files are read back; LibreOffice is the independent
judge that the footnotes are real Word footnotes."""

from __future__ import annotations

import shutil
import subprocess
import uuid
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from consultkit.cli import main
from consultkit.clauses.parse import parse_clauses
from consultkit.consolidation import consolidate
from consultkit.consolidation.render import to_html
from consultkit.writers import style
from consultkit.writers.consolidated import write_consolidated

from test_consolidation import doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AMENDING = doc("1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n“2. Chữ ký số <mới> & hợp lệ.”\n"
               "2. Bãi bỏ Điều 7.\n"
               "3. Bổ sung khoản 1a vào sau khoản 1 Điều 2 như sau:\n“1a. Đơn vị sự nghiệp.”\n"
               "4. Thay thế cụm từ “Văn thư cơ quan” bằng cụm từ “Bộ phận văn thư” tại khoản 3 Điều 6.")


@pytest.fixture(scope="module")
def result(nd30):
    return consolidate(parse_clauses(nd30 / "nd30_30_2020_ND_CP.docx"), AMENDING)


def test_docx_has_real_footnotes_title_opening_and_house_style(result, tmp_path):
    path = write_consolidated(result, tmp_path / "hop-nhat.docx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "word/footnotes.xml" in names
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert "relationships/footnotes" in rels and "footnotes+xml" in types
    texts = ["".join(n.itertext()).strip() for n in notes.iter(W + "footnote")
             if n.get(W + "type") is None]
    assert len(texts) == 4
    assert texts[0].startswith("Khoản này được bổ sung theo quy định tại khoản 3 Điều 1 của Nghị định "
                               "số 12/2026/NĐ-CP")
    assert any(t.startswith("Điều này được bãi bỏ") for t in texts)
    refs = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    assert refs == ["1", "2", "3", "4"]
    document = Document(path)
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "NGHỊ ĐỊNH" and lines[1] == "Về công tác văn thư"
    assert "(VĂN BẢN HỢP NHẤT)" in lines
    assert any(x.startswith("Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 về công tác văn thư, "
                            "được sửa đổi, bổ sung bởi:") for x in lines)
    assert any(x.startswith("1. Nghị định số 12/2026/NĐ-CP ngày 05 tháng 01 năm 2026") for x in lines)
    assert "Điều 7. (được bãi bỏ)" in lines
    assert "1a. Đơn vị sự nghiệp." in lines
    assert "2. Chữ ký số <mới> & hợp lệ." in lines
    assert any(x.startswith("Bộ phận văn thư có nhiệm vụ") or x.startswith("3. Bộ phận văn thư")
               for x in lines)
    # the base's header and list of recipients are not repeated
    assert not any(x.startswith(("CỘNG HÒA", "Nơi nhận:", "CHÍNH PHỦ")) for x in lines)
    # every line of the text in force is there, in order
    live = [r for r in result.itertuples() if r.kind in ("clause", "point") and r.status != "repealed"]
    at = 0
    for r in live:
        first = f"{r.number} {r.text}".split("\n")[0].strip()
        at = next(i for i in range(at, len(lines)) if lines[i].startswith(first)) + 1
    assert not [f for f in style.check_document(path) if f.severity == "error"]


def test_libreoffice_shows_the_footnotes(result, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler is not installed")
    path = write_consolidated(result, tmp_path / "hop-nhat.docx")
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "hop-nhat.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    text = " ".join(text.split())
    # rendered at the foot of the page, numbered, after the body text of that page
    assert text.index("1a. Đơn vị sự nghiệp.") < text.index("1 Khoản này được bổ sung")
    assert "Khoản này được bổ sung theo quy định tại khoản 3 Điều 1" in text
    assert "Cụm từ “Văn thư cơ quan” được thay thế bằng cụm từ “Bộ phận văn thư”" in text
    assert "Điều này được bãi bỏ theo quy định tại khoản 2 Điều 1" in text


def test_html_escapes_and_links_footnotes(result):
    page = to_html(result)
    assert "Chữ ký số &lt;mới&gt; &amp; hợp lệ." in page and "<mới>" not in page
    assert page.count('class="ck-notes"') == 1 and 'href="#ck-fn4"' in page
    assert "(VĂN BẢN HỢP NHẤT)" in page


def test_markdown_and_table_of_the_annex(bundled, tmp_path):
    from consultkit.comparison.core import compare
    old = parse_clauses(bundled / "versions" / "du-thao-1.md")
    new = parse_clauses(bundled / "versions" / "du-thao-2.md")
    merged = consolidate(old, compare(old, new).amending_text())
    path = write_consolidated(merged, tmp_path / "hop-nhat.md")
    text = path.read_text(encoding="utf-8")
    assert "| STT | Tiêu chí | Yêu cầu | Mức cơ bản | Mức nâng cao |" in text
    assert "| 3 | Quản lý lịch hẹn |" in text and "[^1]:" in text
    docx = write_consolidated(merged, tmp_path / "hop-nhat.docx")
    table = Document(docx).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tiêu chí", "Yêu cầu", "Mức cơ bản",
                                                     "Mức nâng cao"]


def test_cli_consolidate(nd30, tmp_path):
    amending = tmp_path / "sua-doi.txt"
    amending.write_text(AMENDING.replace("4. Thay thế", "5. Bãi bỏ khoản 9 Điều 99.\n4. Thay thế"),
                        encoding="utf-8")
    out = tmp_path / "hop-nhat.docx"
    runner = CliRunner()
    res = runner.invoke(main, ["consolidate", str(nd30 / "nd30_30_2020_ND_CP.txt"), str(amending),
                               "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Đã áp dụng 4/5 lệnh" in res.output
    assert "không có khoản 9 Điều 99 (D99.k9) trong văn bản gốc" in res.output
    assert out.exists()
    res = runner.invoke(main, ["consolidate", str(nd30 / "nd30_30_2020_ND_CP.txt"), str(amending),
                               "-o", str(tmp_path / "x.html"), "--strict"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "không có khoản 9 Điều 99" in res.output
    res = runner.invoke(main, ["consolidate", str(nd30 / "nd30_30_2020_ND_CP.txt"), str(amending),
                               "-o", str(tmp_path / "x.pdf")])
    assert res.exit_code == 1 and "Chọn tệp .docx, .html hoặc .md" in res.output
