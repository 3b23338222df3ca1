"""Letters and a log shaped as agencies write them (tests/fixtures/letters_real).

Each file has ``<file>.expected.json`` beside it, written from the letter as a drafter
reads it (scripts/build_real_letters.py), not from the reader. The reader is scored on
the whole corpus: sender unit ≥ 95 % right and none wrong, comments found ≥ 95 % and
none invented, stance ≥ 95 %, clause links ≥ 90 % and none spurious. Every line and
cell of every letter ends somewhere (a comment field, a named part, or the unused list
with its place): checked against the document's own XML text, and by a hypothesis
property over random letters.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from conftest import BUNDLED, needs_soffice
from consultkit.comments.intake import load_comments
from consultkit.readers.letters import read_letter
from consultkit.text import fold, normalize

FIXTURES = Path(__file__).parent / "fixtures" / "letters_real"
LETTERS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".docx", ".pdf"))


def expected(path: Path) -> dict:
    return json.loads((path.parent / f"{path.name}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def intake():
    from consultkit import parse_clauses
    from consultkit.workspace import open_consultation

    consultation = open_consultation(BUNDLED)
    clauses = parse_clauses(BUNDLED / "versions" / "du-thao-2.md")
    return load_comments(LETTERS, roster=consultation.roster, clauses=clauses)


def _pairs(rows, comments):
    """(expected, read row) pairs: each expected comment with the read one most like it
    (folded text, ratio ≥ 90), each read comment used once."""
    used, pairs = set(), []
    for want in comments:
        best, best_index = 0.0, None
        for index, row in rows.iterrows():
            score = fuzz.ratio(fold(want["text"]), fold(row["text"]))
            if index not in used and score > best:
                best, best_index = score, index
        if best >= 90:
            used.add(best_index)
            pairs.append((want, rows.loc[best_index]))
    return pairs, len(rows) - len(used)


@pytest.fixture(scope="module")
def scores(intake):
    frame = intake.comments
    total = {"letters": 0, "sender_right": 0, "sender_wrong": 0, "expected": 0, "found": 0,
             "invented": 0, "stance_right": 0, "links_expected": 0, "links_found": 0, "spurious": 0,
             "rationale_right": 0, "rationales": 0}
    for path in LETTERS:
        want = expected(path)
        rows = frame[frame["source"].str.startswith(f"{path.name}#")]
        total["letters"] += 1
        units = set(rows["unit_id"])
        if units == {want["unit_id"]}:
            total["sender_right"] += 1
        elif units - {""}:
            total["sender_wrong"] += 1
        pairs, invented = _pairs(rows, want["comments"])
        total["expected"] += len(want["comments"])
        total["found"] += len(pairs)
        total["invented"] += invented
        for comment, row in pairs:
            total["stance_right"] += comment["stance"] == row["stance"]
            wanted, got = set(comment["clause_ids"]), set(row["clause_ids"])
            total["links_expected"] += len(wanted)
            total["links_found"] += len(wanted & got)
            total["spurious"] += len(got - wanted)
            if comment["rationale"]:
                total["rationales"] += 1
                total["rationale_right"] += fold(comment["rationale"]) == fold(row["rationale"])
    return total


def test_the_corpus_has_the_shapes_it_claims():
    hows = [expected(p)["how"] for p in LETTERS]
    assert len(LETTERS) >= 20
    assert {"word", "lo", "pdf"} <= set(hows)
    assert sum(expected(p)["unit_id"] == "" for p in LETTERS) >= 3     # bodies outside the roster


def test_sender_units(scores):
    assert scores["sender_wrong"] == 0
    assert scores["sender_right"] >= 0.95 * scores["letters"]


def test_comments_found_and_none_invented(scores):
    assert scores["invented"] == 0
    assert scores["found"] >= 0.95 * scores["expected"]


def test_stance(scores):
    assert scores["stance_right"] >= 0.95 * scores["expected"]


def test_clause_links(scores):
    assert scores["spurious"] == 0
    assert scores["links_found"] >= 0.90 * scores["links_expected"]


def test_rationale_is_kept_apart_from_the_opinion(scores):
    assert scores["rationales"] >= 10
    assert scores["rationale_right"] >= 0.95 * scores["rationales"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name)
def test_header_of_each_letter(path):
    want = expected(path)
    letter = read_letter(path)
    assert (letter.sender, letter.number, letter.date.isoformat()) == \
        (want["sender"], want["number"], want["date"])
    assert letter.stance == want["stance"]


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name)
def test_unused_text_is_listed_with_its_place(path):
    letter = read_letter(path)
    assert sorted(p.text for p in letter.unused) == sorted(expected(path)["unused"])
    assert all(re.fullmatch(r"[pt]\d+(?:\.\d+|\.r\d+\.c\d+)?", p.place) for p in letter.parts)


# --- conservation of text ---------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_text(data: bytes) -> str:
    """All text of the document body as Word stores it (w:t runs) and shows it (the number
    of an automatically numbered paragraph of the body), whitespace removed."""
    import docx

    from consultkit.readers.numbering import Numbering

    document = docx.Document(io.BytesIO(data))
    numbering = Numbering.from_document(document)
    out = []
    for child in document.element.body:
        if child.tag == f"{W}p":
            ppr = child.find(f"{W}pPr")
            style = ppr.find(f"{W}pStyle") if ppr is not None else None
            number, _ = numbering.resolve(ppr, style.get(f"{W}val") if style is not None else "Normal")
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            out.append(f"{number}{text}" if text.strip() else "")
        else:
            out.append("".join(t.text or "" for t in child.iter(f"{W}t")))
    return re.sub(r"\s+", "", normalize("".join(out)))


def _parts_text(letter) -> str:
    return re.sub(r"\s+", "", "".join(p.text for p in letter.parts))


def _check_conservation(letter, source_text: str | None = None):
    # every line and cell once, in reading order: nothing dropped, nothing invented
    if source_text is not None:
        assert _parts_text(letter) == source_text
    places = [p.place for p in letter.parts]
    assert len(places) == len(set(places))
    # every comment field is made of its own pieces, and every comment piece is in its field
    fields = {"text": letter.comments, "target": letter.refs, "quoted_text": letter.quoted,
              "rationale": letter.rationales}
    for piece in letter.parts:
        assert piece.part in ("header", "addressee", "opening", "heading", "comment", "closing",
                              "signature", "table_header", "unused")
        if piece.part == "comment" and piece.field != "number":
            assert piece.text in fields[piece.field][piece.item]
    for name, values in fields.items():
        for item, value in enumerate(values):
            # its own pieces first; then those of the row above it shares by a merged cell
            own = [p.text for p in letter.parts if p.part == "comment" and p.item == item
                   and p.field == name] + [p.text for p in letter.parts if p.part == "comment"
                                           and p.item < item and p.field == name]
            if name == "target":    # a row merged across the table heads the rows under it
                own += [p.text for p in letter.parts if p.part == "heading"]
            rest = value
            for text in own:
                rest = rest.replace(text, "", 1)
            assert not re.sub(r"[\s;]|Điều|Khoản|Điểm|Mục|Tiểu mục|Tiêu chí|Dòng", "", rest), (name, value)


@pytest.mark.parametrize("path", [p for p in LETTERS if p.suffix == ".docx"], ids=lambda p: p.name)
def test_every_line_and_cell_of_a_docx_letter_ends_somewhere(path):
    _check_conservation(read_letter(path), _xml_text(path.read_bytes()))


@pytest.mark.parametrize("path", [p for p in LETTERS if p.suffix == ".pdf"], ids=lambda p: p.name)
def test_every_line_of_a_pdf_letter_ends_somewhere(path):
    from consultkit.readers.pdf import pdf_blocks

    blocks = pdf_blocks(path)
    source = re.sub(r"\s+", "", "".join(
        line for kind, _, content, _ in blocks
        for line in (content if kind == "p" else _distinct_lines(content))))
    letter = read_letter(path)
    _check_conservation(letter, source)
    # and against the text layer itself: the same words, none lost where a ruled table's
    # cells replaced its lines (page numbers and signature stamps are not letter text)
    from collections import Counter

    from consultkit.readers.pdf import page_lines, pdf_text

    layer = [line for page in pdf_text(path) for line in page_lines(page.split("\n"))]
    words = Counter(w for line in layer for w in re.findall(r"\w+", normalize(line).lower()))
    read = Counter(w for p in letter.parts for w in re.findall(r"\w+", p.text.lower()))
    assert read == words


def _distinct_lines(rows):
    seen, out = set(), []
    for row in rows:
        for cell in row:
            if id(cell) not in seen:
                seen.add(id(cell))
                out.extend(cell)
    return out


# --- random letters -----------------------------------------------------------------------

_words = st.sampled_from([
    "Đề nghị", "bổ sung", "tiểu mục 2.2", "điểm a", "Lý do:", "nhất trí", "Trân trọng./.", "1.", "2.",
    "- ", "Phúc đáp Công văn số 512/CNTT", "như sau:", "Mục 3, dòng số 6", "Nơi nhận:", "KT. GIÁM ĐỐC",
    "I. Ý kiến chung", "không có ý kiến khác", "Kính gửi:", "STT", "Ý kiến góp ý", "Nội dung dự thảo",
    "Giải thích", "Đề xuất sửa đổi", "Điều, khoản", "(1)", "PHỤ LỤC", "x", "“12 tháng”"])
_text = st.lists(_words, min_size=1, max_size=6).map(" ".join)
_table = st.integers(1, 4).flatmap(lambda width: st.lists(
    st.lists(st.one_of(_text, st.just("")), min_size=width, max_size=width), min_size=1, max_size=5))
_block = st.one_of(_text, _table, st.sampled_from([
    [["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"]],
    [["TT", "Điều/khoản/điểm", "Nội dung đề nghị sửa đổi", "Lý do/Giải trình"]]]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_block, min_size=1, max_size=8), st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)),
                                                          max_size=3))
def test_random_letters_lose_no_text(blocks, merges):
    """Any paragraphs and tables (header-like rows, merged cells, headings, signatures in
    odd places): the parts hold exactly the text of the document, or it is a clean error."""
    import docx

    from consultkit.errors import ParseError

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "SỞ Y TẾ\nSố: 1/SYT"
    header.cell(0, 1).text = "Hà Nội, ngày 1 tháng 6 năm 2021"
    document.add_paragraph("Kính gửi: Cục Công nghệ thông tin.")
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        for r, c in merges:
            if r + 1 < len(block) and c < len(block[0]):
                table.cell(r, c).merge(table.cell(r + 1, c))
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    try:
        letter = read_letter(io.BytesIO(data), name="random.docx")
    except ParseError:
        return
    _check_conservation(letter, _xml_text(data))


# --- the drafters' log ---------------------------------------------------------------------

def test_the_log_as_drafters_keep_it():
    from consultkit.workspace import open_consultation

    log = FIXTURES / "so-theo-doi-gop-y-thuc-te.xlsx"
    want = expected(log)
    result = load_comments([log], roster=open_consultation(BUNDLED).roster)
    assert (len(result.comments), result.empty, len(result.rejects)) == \
        (want["rows"], want["empty"], want["rejected"])
    assert result.read + result.empty == want["rows"] + want["empty"] + want["rejected"]
    assert result.comments["unit_id"].tolist() == want["unit_ids"]


# --- LibreOffice as the independent judge ---------------------------------------------------

def _build_script():
    import importlib.util
    import sys

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_real_letters", root / "scripts" / "build_real_letters.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.libreoffice
@needs_soffice
def test_a_rebuilt_corpus_reads_the_same(tmp_path):
    written = _build_script().build(tmp_path)
    letters = [p for p in written if p.suffix in (".docx", ".pdf")]
    assert sorted(p.name for p in letters) == sorted(p.name for p in LETTERS)
    for path in letters:
        rebuilt, committed = read_letter(path), read_letter(FIXTURES / path.name)
        assert (rebuilt.sender, rebuilt.number, rebuilt.date, rebuilt.comments, rebuilt.rationales) == \
            (committed.sender, committed.number, committed.date, committed.comments,
             committed.rationales), path.name
        assert (path.parent / f"{path.name}.expected.json").read_text(encoding="utf-8") == \
            (FIXTURES / f"{path.name}.expected.json").read_text(encoding="utf-8")


@pytest.mark.libreoffice
@needs_soffice
def test_every_docx_letter_printed_to_pdf_reads_the_same(tmp_path):
    """The signed-PDF path on comment tables: LibreOffice prints each .docx letter; the PDF
    gives the same comments, targets, quoted draft and rationale as the .docx."""
    import shutil
    import subprocess

    docx = [p for p in LETTERS if p.suffix == ".docx"]
    for path in docx:
        shutil.copy(path, tmp_path / path.name)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", *[p.name for p in docx]], cwd=tmp_path, check=True,
                   capture_output=True, timeout=600)
    for path in docx:
        a, b = read_letter(path), read_letter(tmp_path / f"{path.stem}.pdf")
        for name in ("sender", "number", "date", "comments", "refs", "quoted", "rationales", "stance"):
            assert getattr(b, name) == getattr(a, name), (path.name, name)


@pytest.mark.libreoffice
@needs_soffice
def test_every_docx_letter_saved_again_by_libreoffice_reads_the_same(tmp_path):
    """A Word letter opened and saved by LibreOffice (which may join two tables written one
    under the other into one, with a new grid) reads the same."""
    import shutil
    import subprocess

    docx = [p for p in LETTERS if p.suffix == ".docx"]
    for path in docx:
        shutil.copy(path, tmp_path / path.name)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"),
                    *[p.name for p in docx]], cwd=tmp_path, check=True, capture_output=True, timeout=600)
    for path in docx:
        a, b = read_letter(path), read_letter(tmp_path / "saved" / path.name)
        for name in ("sender", "number", "date", "comments", "refs", "quoted", "rationales", "stance"):
            assert getattr(b, name) == getattr(a, name), (path.name, name)
        _check_conservation(b, _xml_text((tmp_path / "saved" / path.name).read_bytes()))
