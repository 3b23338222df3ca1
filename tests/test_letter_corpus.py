"""The reply-letter corpus (tests/fixtures/letters, built by scripts/build_letter_fixtures.py).

Each row states what a drafter reads in the letter: sender, number, date, the comments with
their stance and the clauses of du-thao-2 they cite, and the roster unit. LibreOffice-made
.docx, python-docx .docx and LibreOffice PDFs (text layer) are read the same way.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import needs_soffice
from consultkit.comments.intake import load_comments
from consultkit.readers.letters import read_letter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "letters"
D = dt.date

# file: (sender as read, number, date, roster unit ('' = not on the roster),
#        [(stance, clause ids) for each comment, in order])
EXPECTED = {
    "so-y-te-nghe-an.docx": ("SỞ Y TẾ TỈNH NGHỆ AN", "1234/SYT-NVY", D(2021, 6, 10), "so-y-te-nghe-an",
                             [("substantive", ("IV.2.2.a",)), ("substantive", ("IV.6.2",))]),
    "benh-vien-bach-mai.docx": ("BỆNH VIỆN BẠCH MAI", "56/BVBM-CNTT", D(2021, 6, 8), "benh-vien-bach-mai",
                                [("agree", ()), ("substantive", ("IV.4.3.c",)),
                                 ("substantive", ("IV.3.r6",)), ("substantive", ("IV.5.1",))]),
    "bao-hiem-xa-hoi-viet-nam.docx": ("BẢO HIỂM XÃ HỘI VIỆT NAM", "1890/BHXH-CNTT", D(2021, 6, 11),
                                      "bao-hiem-xa-hoi-viet-nam", [("agree", ())]),
    # the dispatch writes to "Y tế các Bộ, Ngành" as one group: Cục Y tế Bộ Công an is not a roster row
    "cuc-y-te-bo-cong-an.docx": ("CỤC Y TẾ", "402/CYT-NV", D(2021, 6, 15), "",
                                 [("substantive", ("IV.2.3",)), ("substantive", ("IV.6.2",))]),
    "so-y-te-ho-chi-minh.pdf": ("SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH", "3571/SYT-CNTT", D(2021, 6, 9),
                                "so-y-te-ho-chi-minh",
                                [("substantive", ("IV.2.2.a",)), ("substantive", ("IV.4.3.c",)),
                                 ("substantive", ("IV.8.2",))]),
    "benh-vien-cho-ray.docx": ("BỆNH VIỆN CHỢ RẪY", "789/BVCR-CNTT", D(2021, 6, 14), "benh-vien-cho-ray",
                               [("substantive", ("IV.7.2",)), ("substantive", ("IV.5.1",))]),
    "so-y-te-can-tho.docx": ("SỞ Y TẾ THÀNH PHỐ CẦN THƠ", "2045/SYT-NVY", D(2021, 6, 16), "so-y-te-can-tho",
                             [("substantive", ("IV.8.2",))]),
    "benh-vien-k.pdf": ("BỆNH VIỆN K", "1102/BVK-CNTT", D(2021, 6, 7), "benh-vien-k", [("agree", ())]),
    "vu-bao-hiem-y-te.docx": ("VỤ BẢO HIỂM Y TẾ", "301/BH-TT", D(2021, 6, 12), "vu-bao-hiem-y-te",
                              [("substantive", ("IV.6.1.2",))]),
    "so-y-te-thua-thien-hue.docx": ("SỞ Y TẾ TỈNH THỪA THIÊN HUẾ", "977/SYT-KHTC", D(2021, 6, 17),
                                    "so-y-te-thua-thien-hue",
                                    [("substantive", ("IV.7.2",)), ("general", ())]),
    "benh-vien-trung-uong-hue.docx": ("BỆNH VIỆN TRUNG ƯƠNG HUẾ", "1530/BVH-CNTT", D(2021, 6, 18),
                                      "benh-vien-trung-uong-hue",
                                      [("substantive", ("IV.2.2.a",)), ("substantive", ("IV.2.3",)),
                                       ("substantive", ("IV.8.2",))]),
    "so-y-te-da-nang.pdf": ("SỞ Y TẾ THÀNH PHỐ ĐÀ NẴNG", "2210/SYT-NVY", D(2021, 6, 15), "so-y-te-da-nang",
                            [("substantive", ("IV.5.1",)), ("substantive", ("IV.6.1.2",))]),
}


@pytest.fixture(scope="module")
def intake(bundled):
    from consultkit import parse_clauses
    from consultkit.workspace import open_consultation

    consultation = open_consultation(bundled)
    clauses = parse_clauses(bundled / "versions" / "du-thao-2.md")
    return load_comments([FIXTURES], roster=consultation.roster, clauses=clauses)


def _rows(intake, name):
    frame = intake.comments
    return frame[frame["source"].str.startswith(f"letters/{name}#")]


def test_the_corpus_is_what_the_table_describes():
    names = {p.name for p in FIXTURES.iterdir()}
    assert names == set(EXPECTED)
    assert sum(n.endswith(".pdf") for n in names) >= 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_letter_header(name):
    sender, number, date, _, comments = EXPECTED[name]
    letter = read_letter(FIXTURES / name)
    assert (letter.sender, letter.number, letter.date) == (sender, number, date)
    assert len(letter.comments) == len(comments)
    assert not any("Dữ liệu mẫu" in c or "Trên đây" in c or "Phúc đáp" in c for c in letter.comments)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_letter_comments_in_the_intake(intake, name):
    _, number, date, unit, comments = EXPECTED[name]
    rows = _rows(intake, name)
    assert list(zip(rows["stance"], rows["clause_ids"])) == comments
    assert set(rows["unit_id"]) == {unit}
    assert set(rows["letter_number"]) == {number}
    assert set(rows["received"]) == {date}
    assert set(rows["channel"]) == {"post"}


def test_conservation_and_no_rejects(intake):
    assert intake.read == len(intake.comments) + len(intake.rejects)
    assert len(intake.rejects) == 0
    assert len(intake.comments) == sum(len(v[4]) for v in EXPECTED.values())


def test_comment_table_keeps_the_proposal_column():
    letter = read_letter(FIXTURES / "benh-vien-cho-ray.docx")
    assert letter.refs == ("Mục 7.2", "Mục 5.1")
    assert letter.comments[1].splitlines() == ["Kết nối HIS chỉ nêu HL7.", "Đề nghị bổ sung FHIR."]


def test_pdf_and_docx_of_the_same_letter_read_the_same(tmp_path):
    build = _build_script()
    stem, _, left, number, place_date, body, signature = next(
        spec for spec in build.LETTERS if spec[0] == "so-y-te-ho-chi-minh")
    build._docx(tmp_path / "hcm.docx", left, number, place_date, body, signature)
    from_docx = read_letter(tmp_path / "hcm.docx")
    from_pdf = read_letter(FIXTURES / "so-y-te-ho-chi-minh.pdf")
    for field in ("sender", "parent", "number", "place", "date", "subject", "comments", "refs"):
        assert getattr(from_pdf, field) == getattr(from_docx, field), field


def _build_script():
    spec = importlib.util.spec_from_file_location("build_letter_fixtures",
                                                  ROOT / "scripts" / "build_letter_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.libreoffice
@needs_soffice
def test_a_rebuilt_corpus_reads_the_same(tmp_path):
    written = _build_script().build(tmp_path)
    assert sorted(p.name for p in written) == sorted(EXPECTED)
    for path in written:
        rebuilt, committed = read_letter(path), read_letter(FIXTURES / path.name)
        assert (rebuilt.sender, rebuilt.number, rebuilt.date, rebuilt.comments) == \
            (committed.sender, committed.number, committed.date, committed.comments), path.name


@pytest.mark.libreoffice
@needs_soffice
def test_every_docx_letter_printed_to_pdf_reads_the_same(tmp_path):
    """The signed-PDF path: LibreOffice prints each .docx letter; both read alike."""
    import shutil
    import subprocess

    docx = sorted(FIXTURES.glob("*.docx"))
    for path in docx:
        shutil.copy(path, tmp_path / path.name)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", *[p.name for p in docx]], cwd=tmp_path, check=True,
                   capture_output=True, timeout=300)
    for path in docx:
        a, b = read_letter(path), read_letter(tmp_path / f"{path.stem}.pdf")
        for field in ("sender", "parent", "number", "place", "date", "subject", "comments", "refs"):
            assert getattr(b, field) == getattr(a, field), (path.name, field)
