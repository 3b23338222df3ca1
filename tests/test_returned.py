"""Drafts returned with the unit's tracked changes and Word comments → comments per clause.

Inputs and what must come out:
* the bundled du-thao-2.docx (real Word numbering, a criteria table) edited at the XML level
  (tests/returned_docs.py): 4 replacements/insertions/deletions inside clauses, 1 inserted
  point, 3 Word comments (one on a table row, one across two paragraphs) → 5 change rows and
  3 comment rows, each on the right clause of the consultation's draft (du-thao-2.md), the
  change as a word diff and ``proposed`` the clause as accepting the changes gives it;
* the same draft edited by LibreOffice with "Record changes" on (UNO) → its 3 changes;
* the commented draft saved again by LibreOffice (.odt and back) → the same comments;
* ingested twice into a register, beside its covering letter in a sub-folder → the letter's
  unit as sender, matched to the roster, and nothing added the second time.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from pathlib import Path

import docx
import pytest

from conftest import BUNDLED, needs_soffice, soffice
from consultkit.clauses.parse import parse_clauses
from consultkit.readers.replies import read_reply
from consultkit.readers.returned import has_revisions, render_diff
from consultkit.text import normalize
from consultkit.writers.tracked_read import document_text
from letter_docs import letter_docx
from lo_returned import has_uno, libreoffice_returned_draft
from returned_docs import returned_draft

DRAFT = BUNDLED / "versions" / "du-thao-2.docx"


@pytest.fixture(scope="module")
def clauses():
    return parse_clauses(BUNDLED / "versions" / "du-thao-2.md")


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("r") / "gop-y-du-thao.docx"
    path.write_bytes(returned_draft(DRAFT.read_bytes()))
    return path


EXPECTED_CHANGES = {
    "IV.2.2.a": "Lưu trữ hình ảnh của người bệnh tại cơ sở trong thời gian tối [-đa 12 tháng-]"
                "{+thiểu 10 năm+} kể từ ngày thực hiện kỹ thuật;",
    "IV.4.1": "Thu nhận hình ảnh từ thiết bị chẩn đoán hình ảnh theo tiêu chuẩn DICOM {+và HL7+}.",
    "IV.4.3.b": "Đo khoảng cách, góc [-và diện tích-] trên hình ảnh;",
    "IV.6.1.2": "Kiểm tra, đánh giá an toàn thông tin của hệ thống định kỳ [-hằng năm-]"
                "{+sáu tháng một lần+}.",
    "IV.2.2": "{+e) Có phương án khôi phục dữ liệu khi xảy ra sự cố.+}",
}
EXPECTED_COMMENTS = {
    ("IV.2.1",): "Đề nghị cho phép đặt máy chủ tại trung tâm dữ liệu thuê ngoài.",
    ("IV.7.3", "IV.7.3.a", "IV.7.3.b"): "Bổ sung chức năng hội chẩn từ xa.\n"
                                        "Cần thống nhất với Đề án y tế từ xa.",
    ("IV.3.r6",): "Nên để ở mức nâng cao.",
}


def _old_new(text: str) -> tuple[str, str]:
    body = text.split(": ", 1)[1]
    old = body.replace("{+", "\x00").replace("+}", "\x01")
    import re

    old_text = normalize(re.sub(r"\x00.*?\x01", "", old).replace("[-", "").replace("-]", ""))
    new_text = normalize(re.sub(r"\[-.*?-\]", "", body).replace("{+", "").replace("+}", ""))
    def tidy(text: str) -> str:
        return re.sub(r"\s+([.,;:])", r"\1", text)

    return tidy(old_text), tidy(new_text)


def test_every_change_and_comment_on_its_clause(returned, clauses):
    rows = read_reply(returned, clauses=clauses).rows
    assert has_revisions(docx.Document(str(returned)))
    changes = [r for r in rows if r["proposed"]]
    notes = [r for r in rows if "#comment" in r["source"]]
    assert len(changes) + len(notes) == len(rows) == 8
    assert {r["clause_ids"][0] for r in changes} == set(EXPECTED_CHANGES)
    for row in changes:
        expected = EXPECTED_CHANGES[row["clause_ids"][0]]
        assert expected.split("{+")[0].split("[-")[0][:30] in row["text"]
        for marked in (part for part in expected.replace("{+", "\n{+").replace("[-", "\n[-")
                       .split("\n") if part[:2] in ("{+", "[-")):
            assert marked.split("}")[0].split("]")[0] in row["text"], (marked, row["text"])
    assert {tuple(r["clause_ids"]): r["text"].split("”: ", 1)[1] for r in notes} == EXPECTED_COMMENTS
    across = next(r for r in notes if r["clause_ids"][0] == "IV.7.3")
    assert "Hệ thống tập trung có các chức năng sau" in across["text"]      # anchored words
    assert "Kết nối với các hệ thống RIS-PACS khác" in across["text"]
    assert {r["unit_raw"] for r in rows} == {"Sở Y tế tỉnh Nghệ An"}        # docProps/app.xml
    assert {str(r["received"]) for r in rows} == {"2021-06-12"}
    assert all(r["source_kind"] == "digital" and r["confidence"] == 100.0 for r in rows)


def test_proposed_wording_is_what_accepting_gives(returned, clauses):
    accepted = normalize(document_text(returned, accept=True).replace("\n", " "))
    rejected = normalize(document_text(returned, accept=False).replace("\n", " "))
    for row in read_reply(returned, clauses=clauses).rows:
        if not row["proposed"]:
            continue
        proposed = row["proposed"].split(") ", 1)[-1] if row["text"].startswith("Đề xuất bổ sung") \
            else row["proposed"]
        assert proposed in accepted
        old, new = _old_new(row["text"])
        assert new == row["proposed"] and (not old or old in rejected)


def test_render_diff_keeps_the_spaces():
    assert render_diff([(0, "theo DICOM"), (1, " và HL7"), (0, ".")]) == "theo DICOM {+và HL7+}."
    assert render_diff([(0, "góc "), (-1, "và diện tích "), (0, "trên")]) == \
        "góc [-và diện tích-] trên"


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_uno(), reason="LibreOffice with python3-uno is not installed")
def test_changes_recorded_by_libreoffice(tmp_path, clauses):
    path = libreoffice_returned_draft(DRAFT, tmp_path / "lo.docx")
    rows = read_reply(path, clauses=clauses).rows
    by_clause = {r["clause_ids"][0]: r for r in rows}
    assert set(by_clause) == {"IV.2.2.a", "IV.6.1.2", "IV.7.3.d"}
    assert "tối [-đa 12 tháng-]{+thiểu 10 năm+}" in by_clause["IV.2.2.a"]["text"]
    assert "[-hằng năm-]{+sáu tháng một lần+}" in by_clause["IV.6.1.2"]["text"]
    assert by_clause["IV.7.3.d"]["proposed"].endswith("theo phân quyền. Có nhật ký truy cập.")


@pytest.mark.libreoffice
@needs_soffice
def test_comments_saved_again_by_libreoffice(tmp_path, returned, clauses):
    direct = read_reply(returned, clauses=clauses).rows
    folder = tmp_path / "lo"
    folder.mkdir()
    shutil.copy(returned, folder / "g.docx")
    profile = (Path("/tmp") / f"ck-test-lo-{uuid.uuid4().hex}").as_uri()
    for fmt, src, out in (("odt", folder / "g.docx", folder),
                          ("docx:MS Word 2007 XML", folder / "g.odt", folder / "back")):
        subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(out), str(src)],
                       check=True, capture_output=True, timeout=180)
    rows = read_reply(folder / "back" / "g.docx", clauses=clauses).rows

    def comments(rs):
        return {(tuple(r["clause_ids"]), r["text"].split("”: ", 1)[-1]) for r in rs
                if "#comment" in r["source"]}

    assert comments(rows) == comments(direct)
    assert {r["clause_ids"][0] for r in rows if r["proposed"]} == \
        {r["clause_ids"][0] for r in direct if r["proposed"]}


def test_ingest_beside_a_covering_letter_and_again(workspace):
    from consultkit.workspace import open_consultation

    folder = workspace / "inbox" / "so-y-te-nghe-an-du-thao"
    folder.mkdir()
    draft = docx.Document(io.BytesIO(returned_draft(DRAFT.read_bytes(), company="")))
    draft.core_properties.last_modified_by = "Nguyễn Văn Bình"     # a person, not a unit
    draft.save(folder / "du-thao-gop-y.docx")
    (folder / "cong-van.docx").write_bytes(letter_docx(
        number="200/SYT-NVY", body=("Sở Y tế Nghệ An gửi kèm dự thảo đã góp ý trực tiếp.",)))
    consultation = open_consultation(workspace)
    first = consultation.ingest()
    comments = consultation.register.comments()
    mine = comments[comments["source"].str.contains("du-thao-gop-y.docx")]
    assert len(mine) == 8
    assert set(mine["unit_raw"]) == {"SỞ Y TẾ TỈNH NGHỆ AN"}
    letter = comments[comments["source"].str.contains("nghe-an-du-thao/cong-van.docx")]
    assert set(mine["unit_id"]) == set(letter["unit_id"]) and letter["unit_id"].iloc[0] != ""
    assert all("công văn kèm theo" in n for n in mine["notes"])
    assert set(mine[mine["proposed"] != ""]["clause_ids"].map(lambda ids: ids[0])) == \
        set(EXPECTED_CHANGES)
    again = consultation.ingest()
    assert again.new == 0 and again.known == first.new + first.known


def test_a_letter_with_changes_left_in_stays_a_letter():
    """A reply letter saved with a tracked change and a Word comment still in it is read as a
    letter (its accepted text), and the comment is kept in the notes, not dropped."""
    from returned_docs import comment_on, replace_words

    document = docx.Document(io.BytesIO(letter_docx(body=(
        "Sở Y tế có ý kiến như sau:", "1. Tại mục IV.2: đề nghị lưu trữ 10 năm.",
        "2. Về mục IV.3: giữ nguyên."))))
    replace_words(document, "lưu trữ 10 năm", "10 năm", "15 năm", 1)
    comment_on(document, "Về mục IV.3", "Anh xem lại ý này trước khi ký.")
    buffer = io.BytesIO()
    document.save(buffer)
    rows = read_reply(io.BytesIO(buffer.getvalue()), name="cong-van.docx").rows
    assert [r["text"] for r in rows] == ["1. Tại mục IV.2: đề nghị lưu trữ 15 năm.",
                                         "2. Về mục IV.3: giữ nguyên."]
    assert all("Anh xem lại ý này trước khi ký." in r["notes"] for r in rows)
    assert all(not r["proposed"] for r in rows)


_DRAFT_CLAUSES = parse_clauses(DRAFT)
_EDITABLE = [(r.clause_id, r.text) for r in _DRAFT_CLAUSES.itertuples()
             if r.location.startswith("p") and not r.clause_id.startswith("_") and len(r.text) > 30
             and len(r.text.split()) >= 6]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(0, len(_EDITABLE) - 1), min_size=1, max_size=6, unique=True),
       st.sampled_from(["replace", "delete", "insert"]))
def test_every_tracked_change_is_found_on_its_clause(picked, how):
    from returned_docs import replace_words

    document = docx.Document(str(DRAFT))
    for n, index in enumerate(picked):
        clause_id, text = _EDITABLE[index]
        word = text.split()[3]
        old, new = {"replace": (word, f"thay{n}"), "delete": (word + " ", ""),
                    "insert": (word, f"{word} thêm{n}")}[how]
        replace_words(document, text[:40], old, new, 10 * n + 2)
    buffer = io.BytesIO()
    document.save(buffer)
    rows = read_reply(io.BytesIO(buffer.getvalue()), name="r.docx", clauses=_DRAFT_CLAUSES).rows
    assert sorted(r["clause_ids"][0] for r in rows) == sorted(_EDITABLE[i][0] for i in picked)
    for row in rows:
        marker = "[-" if how == "delete" else "{+"
        assert marker in row["text"] and row["proposed"]
