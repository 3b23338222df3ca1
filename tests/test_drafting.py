"""The drafting loop: edits of a draft in the register, and the next draft written from them.

The next draft must be the previous draft's own file with the edits applied:
read back, it parses to exactly the units the edits say (checked against the
pure :func:`consultkit.redraft.apply_edits`), the untouched paragraphs keep
their XML, and LibreOffice shows the same numbers as our reader.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from consultkit import compare
from consultkit.clauses.parse import parse_clauses
from consultkit.drafting import draft_rationale
from consultkit.errors import ConsultkitError, StaleEditError
from consultkit.redraft import RedraftError, apply_edits, next_number
from consultkit.register import Register
from consultkit.workspace import open_consultation
from consultkit.writers.draft_files import edit_docx, edit_markdown

from conftest import BUNDLED, ROOT, needs_soffice, soffice

VERSIONS = BUNDLED / "versions"


# -- numbering inserted units ----------------------------------------------------------

def _frame(rows):
    return pd.DataFrame(rows, columns=["clause_id", "kind", "number"])


@pytest.mark.parametrize("after, taken, expected", [
    ("D6", (), ("Điều 6a.", "D6a")),
    ("D5a", (), ("Điều 5b.", "D5b")),
    ("D2.k1", (), ("1a.", "D2.k1a")),
    ("D2.k1", ("D2.k1a",), ("1b.", "D2.k1b")),
    ("D2.k1.e", (), ("e1)", "D2.k1.e1")),
    ("D2.k1.d1", (), ("d2)", "D2.k1.d2")),
    ("D2.k1.đ", (), ("đ1)", "D2.k1.đ1")),
    ("IV.2.2", (), ("2.2a.", "IV.2.2a")),
    ("IV.3.r5", (), ("5a", "IV.3.r5a")),
])
def test_inserted_units_are_numbered_the_amending_way(after, taken, expected):
    frame = _frame([("D5", "article", "Điều 5."), ("D5a", "article", "Điều 5a."),
                    ("D6", "article", "Điều 6."),
                    ("D2.k1", "clause", "1."), ("D2.k1.d", "point", "d)"),
                    ("D2.k1.d1", "point", "d1)"), ("D2.k1.đ", "point", "đ)"),
                    ("D2.k1.e", "point", "e)"), ("IV.2.2", "annex_section", "2.2."), ("IV.3.r5", "table_row", "5")])
    assert next_number(frame, after, taken=taken) == expected


def test_a_unit_that_is_not_there_cannot_be_followed():
    with pytest.raises(RedraftError, match="IV.9"):
        next_number(_frame([("IV.2", "annex_section", "2.")]), "IV.9")


def test_a_unit_already_followed_by_an_inserted_one_sends_the_drafter_after_it():
    frame = _frame([("D5", "article", "Điều 5."), ("D5a", "article", "Điều 5a."),
                    ("D2.k1.d", "point", "d)"), ("D2.k1.d1", "point", "d1)")])
    with pytest.raises(RedraftError, match="5a"):
        next_number(frame, "D5")
    with pytest.raises(RedraftError, match=r"d1\)"):
        next_number(frame, "D2.k1.d")


# -- the register keeps edits like dispositions ------------------------------------------

def test_edits_are_compare_and_set_and_audited(tmp_path: Path):
    a, b = Register(tmp_path / "r.sqlite"), Register(tmp_path / "r.sqlite")
    first = a.set_clause_edit("du-thao-2", "IV.2.2.a", action="edit", text="Lưu trữ 24 tháng;",
                              reason="Tiếp thu", comment_ids=["c1", "c2"], who="lan")
    assert first["version"] == 1 and first["comment_ids"] == ("c1", "c2")
    with pytest.raises(StaleEditError) as stale:        # b read version 0, lan saved since
        b.set_clause_edit("du-thao-2", "IV.2.2.a", action="edit", text="Lưu trữ 36 tháng;",
                          who="minh", expected_version=0)
    assert stale.value.changed_by == "lan"
    assert a.clause_edit("du-thao-2|IV.2.2.a")["text"] == "Lưu trữ 24 tháng;"   # nothing lost
    b.set_clause_edit("du-thao-2", "IV.2.2.a", action="edit", text="Lưu trữ 36 tháng;",
                      who="minh", expected_version=1)
    a.set_clause_edit("du-thao-2", "IV.2.2.a", action="withdrawn", who="lan", expected_version=2)
    assert a.clause_edits("du-thao-2").empty
    assert len(a.clause_edits("du-thao-2", include_withdrawn=True)) == 1
    log = a.audit("edit:du-thao-2|IV.2.2.a")
    assert log["who"].tolist().count("minh") == 1 and "lan" in set(log["who"])
    assert log[log["field"] == "text"]["new_value"].tolist() == ["Lưu trữ 24 tháng;", "Lưu trữ 36 tháng;"]
    with pytest.raises(ConsultkitError, match="để trống"):
        a.set_clause_edit("du-thao-2", "IV.1.1", action="edit", text="  ", who="lan")


EDITOR = textwrap.dedent("""
    import sys
    from consultkit.errors import StaleEditError
    from consultkit.register import Register
    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reg = Register(path)
    for i in range(n):
        while True:
            current = reg.clause_edit("du-thao-2|IV.2.1")
            try:
                reg.set_clause_edit("du-thao-2", "IV.2.1", action="edit", text=f"{who}-{i}",
                                    who=who, expected_version=current["version"] if current else 0)
                break
            except StaleEditError:
                pass
""")


def test_two_drafters_editing_one_clause_lose_nothing(tmp_path: Path):
    path = tmp_path / "r.sqlite"
    Register(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", EDITOR, str(path), who, "150"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("A", "B")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    reg = Register(path)
    texts = reg.audit("edit:du-thao-2|IV.2.1")
    texts = texts[texts["field"] == "text"]
    assert len(texts) == 300
    for who in ("A", "B"):
        assert texts[texts["who"] == who]["new_value"].tolist() == [f"{who}-{i}" for i in range(150)]
    assert texts["old_value"].tolist()[1:] == texts["new_value"].tolist()[:-1]   # one chain
    assert reg.clause_edit("du-thao-2|IV.2.1")["version"] == 300


# -- the next draft's files ---------------------------------------------------------------

EDITS = [
    dict(action="edit", clause_id="IV.2.2.a", new_id="", number="",
         text="Lưu trữ hình ảnh của người bệnh tại cơ sở trong thời gian tối đa 24 tháng kể từ ngày "
              "thực hiện kỹ thuật;"),
    dict(action="insert", clause_id="IV.2.2", new_id="IV.2.2a", number="2.2a.",
         text="Hệ thống lưu trữ phải được kiểm tra định kỳ."),
    dict(action="insert", clause_id="IV.2.2.d", new_id="IV.2.2.d1", number="d1)",
         text="Có nhật ký truy cập."),
    dict(action="repeal", clause_id="IV.2.3", new_id="", number="", text=""),
    dict(action="edit", clause_id="IV.3.r5", new_id="", number="",
         text="Mẫu kết quả | Quản lý mẫu kết quả theo từng loại kỹ thuật và thiết bị | x | x"),
    dict(action="insert", clause_id="IV.3.r10", new_id="IV.3.r10a", number="10a",
         text="Lưu vết | Ghi nhật ký truy cập hình ảnh |  | x"),
]


def _same_units(path: Path, expected: pd.DataFrame) -> None:
    got = parse_clauses(path)
    assert got["clause_id"].tolist() == expected["clause_id"].tolist()
    assert got["number"].tolist() == expected["number"].tolist()
    assert got["text"].tolist() == expected["text"].tolist()


@pytest.mark.parametrize("suffix, writer", [(".md", edit_markdown), (".docx", edit_docx)])
def test_next_draft_file_reads_as_the_edits_say(tmp_path: Path, suffix, writer):
    source = VERSIONS / f"du-thao-2{suffix}"
    frame = parse_clauses(source)
    out = writer(source, frame, EDITS, tmp_path / f"du-thao-3{suffix}")
    expected = apply_edits(frame, EDITS)
    _same_units(out, expected)
    # d1) stands before 2.2a. (both follow point d), and 2.4. keeps its number
    ids = expected["clause_id"].tolist()
    assert ids.index("IV.2.2.d") < ids.index("IV.2.2.d1") < ids.index("IV.2.2a") < ids.index("IV.2.4")
    assert "IV.2.3" not in ids and "IV.2.3-1" not in ids


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_next_draft_docx_is_the_previous_file_with_only_the_edited_paragraphs_changed(tmp_path: Path):
    source = VERSIONS / "du-thao-2.docx"
    out = edit_docx(source, parse_clauses(source), EDITS, tmp_path / "du-thao-3.docx")
    before, after = _parts(source), _parts(out)
    assert set(before) == set(after)
    for name in ("word/styles.xml", "word/settings.xml"):
        assert after[name] == before[name]
    old, new = docx.Document(str(source)), docx.Document(str(out))
    s0, s1 = old.sections[0], new.sections[0]
    assert (s0.page_width, s0.left_margin, s0.top_margin) == (s1.page_width, s1.left_margin, s1.top_margin)
    old_p = {p.text: p._p.xml for p in old.paragraphs}
    kept = [p for p in new.paragraphs if p.text in old_p]
    assert len(kept) >= len(old.paragraphs) - 8          # edited/repealed ones only
    for p in kept:
        if "numId w:val=\"10" in old_p[p.text]:
            continue                                    # the list instance may be the new one
        assert p._p.xml == old_p[p.text], p.text
    edited = next(p for p in new.paragraphs if "24 tháng" in p.text)
    original = next(p for p in old.paragraphs if "12 tháng" in p.text)
    assert edited.style.name == original.style.name
    assert edited._p.pPr.xml == original._p.pPr.xml      # numbering and indentation kept
    assert [r.font.bold for r in edited.runs] == [original.runs[0].font.bold]


REPEALS = [dict(action="repeal", clause_id="IV.1", new_id="", number="", text=""),
           dict(action="repeal", clause_id="IV.2.1", new_id="", number="", text=""),
           dict(action="repeal", clause_id="IV.4.3.b", new_id="", number="", text="")]


@needs_soffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("edits", [EDITS, REPEALS], ids=["edits", "repeals-in-one-list"])
def test_libreoffice_shows_the_numbers_we_read(tmp_path: Path, edits):
    source = VERSIONS / "du-thao-2.docx"
    frame = parse_clauses(source)
    out = edit_docx(source, frame, edits, tmp_path / "du-thao-3.docx")
    _same_units(out, apply_edits(frame, edits))          # every number kept
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "txt:Text", "--outdir", str(tmp_path / "txt"), str(out)],
                   check=True, capture_output=True, timeout=180)
    shown = [line.strip() for line in (tmp_path / "txt" / "du-thao-3.txt")
             .read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    ours = parse_clauses(out)
    for number, text in zip(ours["number"], ours["text"]):
        if number and text and not number.startswith("Phụ lục") and "|" not in text:
            assert f"{number} {text}" in shown, (number, text)
    if edits is EDITS:
        assert any(line.startswith("2.4. ") for line in shown)    # not renumbered to 2.3.
        assert not any(line.startswith("2.3. ") for line in shown)
    else:
        assert shown.count("2. Yêu cầu về hạ tầng kỹ thuật") == 1 and any(
            line.startswith("2.2. ") for line in shown) and not any(l.startswith("1.1. ") for l in shown)


BASE_FRAMES = {s: parse_clauses(VERSIONS / f"du-thao-2{s}") for s in (".md", ".docx")}
UNITS = [c for c in BASE_FRAMES[".md"]["clause_id"] if not c.startswith("_") and c != "PL1"]
WORDS = st.text(alphabet="abcdeghiklmnoprstuvxyàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđ ", min_size=3,
                max_size=40).map(lambda s: " ".join(s.split()) or "nội dung").map(
    lambda s: s[0].upper() + s[1:] + ".")


@st.composite
def edit_sets(draw):
    chosen = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=5, unique=True))
    frame = BASE_FRAMES[".md"]
    edits, taken, gone = [], [], set()
    for cid in chosen:
        if cid in gone:
            continue
        action = draw(st.sampled_from(["edit", "insert", "repeal"]))
        kind = frame.loc[frame["clause_id"] == cid, "kind"].iloc[0]
        if kind in ("annex_section",) and cid.count(".") == 0:
            action = "edit"
        text = draw(WORDS)
        if kind == "table_row":
            text = f"{text} | {draw(WORDS)} | x | x"
        if action == "insert":
            try:
                number, new_id = next_number(frame, cid, taken=taken)
            except RedraftError:
                continue
            taken.append(new_id)
            edits.append(dict(action="insert", clause_id=cid, new_id=new_id, number=number, text=text))
        elif action == "repeal":
            from consultkit.redraft import subtree
            below = set(subtree(frame, cid))
            if below & {e["clause_id"] for e in edits}:
                continue
            gone |= below
            edits.append(dict(action="repeal", clause_id=cid, new_id="", number="", text=""))
        else:
            edits.append(dict(action="edit", clause_id=cid, new_id="", number="", text=text))
    edits = [e for e in edits if e["action"] == "repeal" or e["clause_id"] not in gone]
    return edits


@settings(max_examples=25, deadline=None)
@given(edits=edit_sets())
def test_property_next_draft_files_are_exactly_the_edited_draft(tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("drafts")
    for suffix, writer in ((".md", edit_markdown), (".docx", edit_docx)):
        frame = BASE_FRAMES[suffix]
        out = writer(VERSIONS / f"du-thao-2{suffix}", frame, edits, folder / f"next{suffix}")
        expected = apply_edits(frame, edits)
        got = parse_clauses(out)
        assert got["clause_id"].tolist() == expected["clause_id"].tolist(), suffix
        assert got["text"].tolist() == expected["text"].tolist(), suffix


# -- the loop in a workspace ----------------------------------------------------------------

def test_saving_the_next_draft_closes_the_loop(ingested, tmp_path: Path):
    c = ingested
    comments = c.comments
    cited = comments[[("IV.2.2.a" in ids) for ids in comments["clause_ids"]]]
    answered = cited["comment_id"].tolist()[:2]
    c.edit_clause("IV.2.2.a", "Lưu trữ hình ảnh của người bệnh tại cơ sở trong thời gian tối đa "
                  "24 tháng kể từ ngày thực hiện kỹ thuật;", reason="Kéo dài thời gian lưu trữ",
                  comments=answered, who="lan")
    inserted = c.insert_after("IV.2.2", "Hệ thống lưu trữ phải được kiểm tra định kỳ.",
                              comments=answered[:1], who="lan")
    assert (inserted["number"], inserted["new_id"]) == ("2.2a.", "IV.2.2a")
    c.repeal_clause("IV.2.3", reason="Đã quy định tại tiểu mục 6.2", who="minh")
    written = c.new_draft("du-thao-3")
    assert set(written) == {".docx", ".md"}
    assert c.version_names[-1] == "du-thao-3"
    reopened = open_consultation(c.path)                          # the manifest says so too
    assert reopened.version_names[-1] == "du-thao-3"

    cmp = compare(reopened.versions["du-thao-2"], reopened.versions["du-thao-3"])
    changed = cmp.table[cmp.table["change"] != "unchanged"]
    assert set(changed["new_id"]) - {""} == {"IV.2.2.a", "IV.2.2a"}
    assert set(changed["old_id"]) - {""} == {"IV.2.2.a", "IV.2.3", "IV.2.3-1", "IV.2.3-2", "IV.2.3-3"}
    assert dict(zip(changed["new_id"], changed["change"]))["IV.2.2a"] == "added"

    rationale = draft_rationale(reopened, "du-thao-2")
    units = ", ".join(dict.fromkeys(
        reopened.roster.set_index("unit_id").loc[u, "name"] for u in cited["unit_id"][:2]))
    assert rationale["IV.2.2.a"] == f"Kéo dài thời gian lưu trữ. Tiếp thu ý kiến của {units}."
    assert rationale["IV.2.3"] == "Đã quy định tại tiểu mục 6.2."

    from consultkit.writers.comparison_table import write_comparison_table
    table = write_comparison_table(cmp, tmp_path / "bang-so-sanh.docx", rationale=rationale)
    text = "\n".join(cell.text for t in docx.Document(str(table)).tables for row in t.rows
                     for cell in row.cells)
    assert f"Tiếp thu ý kiến của {units}" in text

    placed = reopened.comments.set_index("comment_id")["placed"]
    assert placed[answered[0]].startswith("Đã chỉnh sửa tại điểm a tiểu mục 2.2")
    from consultkit.writers.synthesis import synthesis_table
    synth = synthesis_table(reopened.comments, reopened.versions["du-thao-3"], reopened.responses())
    assert synth["Ý kiến tiếp thu, giải trình"].str.contains("Đã chỉnh sửa tại điểm a tiểu mục 2.2").any()


def test_a_second_draft_of_the_same_name_is_refused(ingested):
    c = ingested
    c.edit_clause("IV.1.1", "Tiêu chí tại Mục này áp dụng đối với mọi cơ sở khám bệnh, chữa bệnh.",
                  who="lan")
    with pytest.raises(ConsultkitError, match="đã có phiên bản"):
        c.new_draft("du-thao-2")
    with pytest.raises(ConsultkitError, match="IV.99"):
        c.edit_clause("IV.99", "x", who="lan")
