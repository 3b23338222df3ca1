"""Word automatic numbering as LibreOffice renders it, through .docx → .odt → .docx saves.

tests/fixtures/numbering/ (made by scripts/build_numbering_fixtures.py) holds files written
by python-docx and laid out as Word does, each saved once and twice by LibreOffice
(``X.lo.docx``, ``X.lo2.docx``), and for every file LibreOffice's text export (``.txt``):
the truth. Every paragraph consultkit reads must be a line of that export, in order, with
the same number; the only lines skipped are table cells (LibreOffice puts one per line).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from consultkit import parse_clauses
from consultkit.readers.word import read_blocks
from consultkit.text import normalize

from docx_helpers import soffice

FIXTURES = Path(__file__).parent / "fixtures" / "numbering"
FILES = sorted(p.name for p in FIXTURES.glob("*.docx"))

#: where Word and LibreOffice 7.4 differ, Word is followed (ECMA-376 §17.9.4 isLgl, §17.9.11
#: lvlRestart): (file, LibreOffice's line, the line as Word shows it and as we read it)
WORD_NOT_LIBREOFFICE = {
    ("word-decree.docx", "IV.1. Mục con có isLgl."): "4.1. Mục con có isLgl.",
    ("word-decree.docx", "IV.2. Mục con thứ hai."): "4.2. Mục con thứ hai.",
    ("word-decree.docx", "V.2. Mục con mới."): "5.2. Mục con mới.",
    ("word-decree.docx", "1) Cấp ba không bắt đầu lại (lvlRestart 0)."):
        "2) Cấp ba không bắt đầu lại (lvlRestart 0).",
}


def _cells(path: Path) -> set[str]:
    out = set()
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                out.update(normalize(p.text) for p in cell.paragraphs)
    return out


def _truth(name: str) -> list[str]:
    lines = (FIXTURES / name).with_suffix(".txt").read_text(encoding="utf-8-sig").splitlines()
    return [WORD_NOT_LIBREOFFICE.get((name, normalize(line)), normalize(line))
            for line in lines if normalize(line)]


def test_fixtures_cover_every_writer_and_save():
    assert len(FILES) == 15
    assert {n.split(".")[0] for n in FILES} == {
        "ris-hien-hanh", "ris-du-thao-1", "ris-du-thao-2", "pydocx-styles", "word-decree"}


@pytest.mark.parametrize("name", FILES)
def test_displayed_numbers_equal_libreoffices(name):
    truth = _truth(name)
    cells = _cells(FIXTURES / name)
    paragraphs = [b for b in read_blocks(FIXTURES / name) if b.kind == "paragraph"]
    at = 0
    for block in paragraphs:
        while at < len(truth) and truth[at] != block.display and truth[at] in cells:
            at += 1
        assert at < len(truth), f"{name}: {block.location} {block.display!r} not in the export"
        assert block.display == truth[at], f"{name} {block.location}"
        at += 1
    assert all(line in cells for line in truth[at:])


@pytest.mark.parametrize("stem", ["ris-hien-hanh", "ris-du-thao-1", "ris-du-thao-2",
                                  "word-decree", "pydocx-styles"])
def test_libreoffice_saves_keep_clause_ids(stem):
    ids = [list(parse_clauses(FIXTURES / f"{stem}{suffix}.docx").clause_id)
           for suffix in ("", ".lo", ".lo2")]
    if stem == "word-decree":      # isLgl/lvlRestart are lost by LibreOffice's save
        ids = [[i for i in one if not i.startswith("IV.") and not i.startswith("V.")]
               for one in ids]
    assert ids[0] == ids[1] == ids[2]
    if stem.startswith("ris-"):      # the bundled versions number every unit once
        assert not any("~" in i for i in ids[0])


def test_word_decree_numbers_as_word_shows_them():
    frame = parse_clauses(FIXTURES / "word-decree.docx")
    ids = [i for i in frame.clause_id if not i.startswith("_")]
    assert ids[:10] == ["D1", "D1.k1", "D1.k1.a", "D1.k1.b", "D1.k2", "D1.k2.a", "D1.k3",
                        "D1.k3a", "D1.k4", "D1.k4.a"]
    assert "D1.k4.d1" in ids and "D1.k4.d2" in ids


@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_stored_truth_is_what_libreoffice_renders(tmp_path):
    """The stored export is LibreOffice's: render one fixture again and compare."""
    import subprocess
    import uuid

    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "txt:Text", "--outdir", str(tmp_path),
                    str(FIXTURES / "ris-du-thao-2.lo.docx")], check=True, capture_output=True,
                   timeout=180)
    made = (tmp_path / "ris-du-thao-2.lo.txt").read_text(encoding="utf-8-sig")
    assert made == (FIXTURES / "ris-du-thao-2.lo.txt").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("stem", ["ris-hien-hanh", "ris-du-thao-1", "ris-du-thao-2"])
def test_a_libreoffice_save_changes_nothing_in_the_comparison(stem):
    from consultkit import compare
    original = parse_clauses(FIXTURES / f"{stem}.docx")
    for suffix in (".lo", ".lo2"):
        table = compare(original, parse_clauses(FIXTURES / f"{stem}{suffix}.docx")).table
        clauses = table[table.is_clause]
        assert set(clauses.change) == {"unchanged"}, suffix
        assert (clauses.old_id == clauses.new_id).all()


def test_drafts_compare_the_same_before_and_after_libreoffice():
    from consultkit import compare

    def kinds(old, new):
        t = compare(parse_clauses(FIXTURES / old), parse_clauses(FIXTURES / new)).table
        t = t[t.is_clause]
        return sorted(zip(t.old_id, t.new_id, t.change))

    assert kinds("ris-hien-hanh.docx", "ris-du-thao-1.docx") == \
        kinds("ris-hien-hanh.lo.docx", "ris-du-thao-1.lo2.docx")
    assert kinds("ris-du-thao-1.docx", "ris-du-thao-2.docx") == \
        kinds("ris-du-thao-1.lo2.docx", "ris-du-thao-2.lo.docx")
