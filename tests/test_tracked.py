"""Tracked-changes .docx: real w:ins/w:del, accept-all = new text, reject-all = old text."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from hypothesis import HealthCheck, given, settings

from clause_frames import NEW, OLD, frame
from conftest import needs_soffice, soffice
from consultkit.compare.core import compare
from consultkit.errors import InputFileError
from consultkit.writers.tracked import (accept_all, reject_all, unit_line, version_text,
                                        write_amending_docx, write_tracked_changes)
from test_align import versions

W_AUTHOR, W_DATE, W_ID = qn("w:author"), qn("w:date"), qn("w:id")


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    old, new = frame(OLD), frame(NEW)
    # a line break inside a clause survives as w:br
    new.loc[new["clause_id"] == "D2", "text"] = "Hiệu lực thi hành\nkể từ ngày ký ban hành"
    cmp = compare(old, new)
    path = tmp_path_factory.mktemp("tracked") / "du-thao.docx"
    write_tracked_changes(cmp, path, author="Tổ soạn thảo", date=dt.datetime(2021, 6, 1, 8, 30,
                                                                               tzinfo=dt.timezone.utc))
    return cmp, path


def test_accept_all_gives_new_and_reject_all_gives_old(tracked):
    cmp, path = tracked
    assert accept_all(path) == version_text(cmp.new)
    assert reject_all(path) == version_text(cmp.old)
    assert "Hiệu lực thi hành\nkể từ ngày ký" in accept_all(path)


def test_revisions_are_real_word_revisions(tracked):
    _, path = tracked
    body = docx.Document(str(path)).element.body
    ins = list(body.iter(qn("w:ins")))
    dels = list(body.iter(qn("w:del")))
    assert ins and dels
    ids = [el.get(W_ID) for el in ins + dels]
    assert len(ids) == len(set(ids))
    for el in ins + dels:
        assert el.get(W_AUTHOR) == "Tổ soạn thảo"
        assert el.get(W_DATE) == "2021-06-01T08:30:00Z"
    # deleted text is in w:delText, never in w:t
    for el in dels:
        assert not list(el.iter(qn("w:t")))
    assert any(t.text == "Khoản này sẽ bị bãi bỏ hoàn toàn khỏi văn bản sửa đổi"
               or "bãi bỏ" in (t.text or "") for t in body.iter(qn("w:delText")))
    # a deleted paragraph has its mark deleted as well
    marks = [p for p in body.iter(qn("w:p"))
             if p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:rPr")) is not None
             and p.find(qn("w:pPr")).find(qn("w:rPr")).find(qn("w:del")) is not None]
    assert marks
    settings_xml = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert "w:trackRevisions" in settings_xml


def test_house_style(tracked):
    _, path = tracked
    d = docx.Document(str(path))
    section = d.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.left_margin - Mm(30)) < Mm(1)
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)


def test_bold_headings_for_articles(tracked):
    _, path = tracked
    d = docx.Document(str(path))
    para = next(p for p in d.paragraphs if p.text.startswith("Điều 1."))
    assert all(r.bold for r in para.runs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions())
def test_accept_and_reject_on_generated_versions(tmp_path, pair):
    old, new = pair
    cmp = compare(old, new)
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(new)
    assert reject_all(path) == version_text(old)


def test_unit_line():
    assert unit_line("Điều 8", "Phạm vi", "") == "Điều 8. Phạm vi"
    assert unit_line("a)", "", "Máy trạm") == "a) Máy trạm"
    assert unit_line("", "", "Căn cứ") == "Căn cứ"


def test_accept_all_refuses_a_missing_file(tmp_path):
    with pytest.raises(InputFileError):
        accept_all(tmp_path / "none.docx")


def test_amending_docx(tmp_path):
    cmp = compare(frame(OLD), frame(NEW))
    path = write_amending_docx(cmp, tmp_path / "sua-doi.docx", document="Thông tư số 54/2017/TT-BYT")
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Điều 1. Sửa đổi, bổ sung một số nội dung của Thông tư số 54/2017/TT-BYT" in text
    assert "Bãi bỏ khoản 3 Điều 1 Thông tư số 54/2017/TT-BYT." in text
    assert d.styles["Normal"].font.name == "Times New Roman"


def _convert(path, target, outdir):
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", target, "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=120)


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_file_and_keeps_the_revisions(tracked, tmp_path):
    """LibreOffice's plain-text export shows deleted AND inserted text (changes shown,
    not accepted), so we check what it really does: it reads our file, its txt holds both
    versions' words, its .odt has tracked-change regions, and its own .docx re-export
    still accepts to the new text and rejects to the old."""
    cmp, path = tracked
    _convert(path, "txt:Text", tmp_path)
    txt = (tmp_path / "du-thao.txt").read_text(encoding="utf-8-sig")
    assert "Khoản này sẽ bị bãi bỏ hoàn toàn" in txt     # deleted paragraph still shown
    assert "Khoản mới hoàn toàn về xử lý hình ảnh" in txt  # inserted paragraph
    _convert(path, "odt", tmp_path)
    content = zipfile.ZipFile(tmp_path / "du-thao.odt").read("content.xml").decode()
    assert content.count("<text:changed-region") >= 4
    assert "<text:deletion>" in content and "<text:insertion>" in content
    out = tmp_path / "lo"
    out.mkdir()
    _convert(path, "docx:MS Word 2007 XML", out)
    assert accept_all(out / "du-thao.docx") == version_text(cmp.new)
    assert reject_all(out / "du-thao.docx") == version_text(cmp.old)


@pytest.mark.parametrize("a, b", [("hien-hanh", "du-thao-1"), ("du-thao-1", "du-thao-2")])
def test_bundled_versions_accept_and_reject(bundled, tmp_path, a, b):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    if not (folder / "CHANGES.md").exists():
        pytest.skip("the bundled versions are not there yet")
    cmp = compare(parse_clauses(folder / f"{a}.docx"), parse_clauses(folder / f"{b}.docx"))
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(cmp.new)
    assert reject_all(path) == version_text(cmp.old)
    phrase = "tối đa 01 năm" if a == "hien-hanh" else "12 tháng kể từ ngày thực hiện kỹ thuật"
    assert phrase in accept_all(path) and phrase not in reject_all(path)


def test_control_characters_do_not_break_the_file(tmp_path):
    old = frame([("k1", "", "clause", "1.", "Văn bản có ký tự\x0bđiều khiển và\x07chuông")])
    new = frame([("k1", "", "clause", "1.", "Văn bản đã sửa có ký tự\x0bđiều khiển")])
    cmp = compare(old, new)
    path = write_tracked_changes(cmp, tmp_path / "t.docx")
    assert accept_all(path) == version_text(new) == "1. Văn bản đã sửa có ký tựđiều khiển"
    assert reject_all(path) == version_text(old)
