"""Dispatches the reader and the checker were not tuned on (tests/fixtures/dispatches/).

The fixtures are built by scripts/build_dispatch_fixtures.py: Markdown and text
transcriptions, Word files written by python-docx and Word files converted by
LibreOffice from HTML. ``EXPECTED`` states what :func:`load_dispatch` must return
for the key fields; ``RULES`` which checker rules must fire and which must not.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from consultkit.cli import main
from consultkit.errors import ConsultkitError
from consultkit.lint import lint_dispatch
from consultkit.readers.dispatch import load_dispatch
from consultkit.readers.roster import load_roster, roster_anomalies

FIXTURES = Path(__file__).parent / "fixtures" / "dispatches"
D = dt.date
BTP = dict(issuer="Bộ Tư pháp", parent=None, number="1234/BTP-VĐCXDPL", date=D(2024, 3, 5),
           subject="V/v góp ý dự thảo Nghị định quy định chi tiết một số điều của Luật Công chứng",
           deadline=D(2024, 3, 20), addressees=4, signer="KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
           name="Nguyễn Thanh Tịnh", cc=3, groups=[], email="vdcxdpl@moj.gov.vn",
           postal="số 58-60 Trần Phú, Ba Đình, Hà Nội")
SYT = dict(issuer="Sở Y tế", parent="UBND tỉnh Tuyên Quang", number="2150/SYT-NVY",
           date=D(2025, 9, 15),
           subject="V/v xin ý kiến dự thảo Quyết định quy định chuyển tuyến khám bệnh, chữa bệnh "
                   "liên tỉnh",
           deadline=D(2025, 9, 30), addressees=2, signer="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
           name="Hoàng Văn Minh", cc=3, email=None,
           postal="số 8 đường 17/8, phường Minh Xuân, tỉnh Tuyên Quang")
KCB = dict(issuer="Cục Quản lý Khám, chữa bệnh", parent="Bộ Y tế")
TABLE = dict(KCB, number="512/KCB-QLCL", date=D(2024, 4, 12),
             subject="V/v góp ý dự thảo Thông tư quy định tiêu chuẩn chất lượng bệnh viện",
             deadline=D(2024, 5, 10), addressees=2,
             signer="TL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG", name="Nguyễn Trọng Khoa", cc=3,
             groups=[("I", "Các bệnh viện trực thuộc Bộ Y tế", 3),
                     ("II", "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", 2)],
             email=None, postal="138A Giảng Võ, Ba Đình, Hà Nội")
SIMPLE = dict(KCB, number="300/KCB-NV", date=D(2024, 6, 10),
              subject="V/v xin ý kiến dự thảo Thông tư hướng dẫn khám bệnh từ xa",
              deadline=D(2024, 6, 28), addressees=2, signer="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
              name="Hà Anh Đức", cc=2,
              groups=[("I", "Bảo hiểm xã hội Việt Nam", 0), ("II", "Các bệnh viện trực thuộc Bộ Y tế", 3)],
              email=None, postal="138A Giảng Võ, Ba Đình, Hà Nội")

#: file → key fields load_dispatch must return
EXPECTED = {
    "01_btp_ministry.docx": BTP,
    "02_btc_ministry.md": dict(
        issuer="Bộ Tài chính", parent=None, number="2468/BTC-PC", date=D(2024, 3, 1),
        subject="V/v xin ý kiến dự thảo Thông tư hướng dẫn quản lý phí thẩm định hồ sơ",
        deadline=D(2024, 3, 20), addressees=3, signer="KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", name="Lê Tấn Cận",
        cc=2, groups=[], email=None, postal=None),
    "03_btp_ministry_lo.docx": BTP,
    "04_province_2025.docx": dict(SYT, groups=[("I", "Sở Y tế các tỉnh, thành phố", 6),
                                               ("II", "Bảo hiểm xã hội các tỉnh", 2)]),
    "05_table_annex.docx": TABLE,
    "06_table_annex.docx": TABLE,
    "07_email_relative.txt": dict(
        KCB, number="88/KCB-PHCN", date=D(2024, 2, 2),
        subject="V/v góp ý dự thảo hướng dẫn phục hồi chức năng", deadline=None, addressees=1,
        signer="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG", name="Vương Ánh Dương", cc=2, groups=[],
        email="phcn.kcb@moh.gov.vn", postal=None,
        deadline_text="trong thời hạn 10 ngày kể từ ngày nhận được công văn"),
    "08_good_simple.txt": SIMPLE,
    "09_deadline_before_date.md": dict(SIMPLE, deadline=D(2024, 6, 5)),
    "10_deadline_30_02.md": dict(SIMPLE, date=D(2024, 1, 10), deadline=None,
                                 deadline_text="trước ngày 30/02/2024"),
    "11_short_period.txt": dict(SIMPLE, deadline=D(2024, 6, 14)),
    "12_annex_numbering.md": dict(SIMPLE, addressees=4, groups=[
        ("I", "Bảo hiểm xã hội Việt Nam", 0), ("II", "Các bệnh viện trực thuộc Bộ Y tế", 4),
        ("IV", "Y tế các Bộ, Ngành", 0)]),
    "13_title_mismatch.md": SIMPLE,
    "14_old_province.docx": dict(SYT, groups=[("I", "Sở Y tế các tỉnh, thành phố", 4),
                                              ("II", "Bảo hiểm xã hội các tỉnh", 2)]),
    "15_bad_style.docx": BTP,
    # Kính gửi as a Word bulleted list, STT cells left to Word's automatic numbering
    "16_auto_numbering.docx": dict(TABLE, addressees=1, groups=TABLE["groups"][:1]),
    "17_annex_numbering_lo.docx": dict(SIMPLE, addressees=4, groups=[
        ("I", "Bảo hiểm xã hội Việt Nam", 0), ("II", "Các bệnh viện trực thuộc Bộ Y tế", 4),
        ("IV", "Y tế các Bộ, Ngành", 0)]),
}

#: file → (rules that must fire, rules that must not fire); files not in ``errors_ok`` have no error
RULES = {
    "07_email_relative.txt": ({"deadline.relative"}, {"deadline.missing", "deadline.invalid"}),
    "09_deadline_before_date.md": ({"deadline.before-date"}, {"deadline.period"}),
    "10_deadline_30_02.md": ({"deadline.invalid"}, {"deadline.missing", "annex.note-mismatch"}),
    "11_short_period.txt": ({"deadline.period"}, {"deadline.before-date"}),
    "12_annex_numbering.md": ({"annex.group-sequence", "annex.entry-sequence", "annex.unit-duplicate",
                               "annex.addressee-missing"}, {"annex.group-not-addressed"}),
    "13_title_mismatch.md": ({"subject.title-mismatch"}, {"subject.kind-mismatch"}),
    "17_annex_numbering_lo.docx": ({"annex.group-sequence", "annex.entry-sequence",
                                    "annex.unit-duplicate", "annex.addressee-missing"},
                                   {"annex.group-not-addressed", "font.family", "page.margins"}),
    "14_old_province.docx": ({"annex.province"}, {"font.family", "page.margins"}),
    "15_bad_style.docx": ({"page.margins", "font.family", "font.size-body"}, {"deadline.period"}),
}
WELL_FORMED = sorted(set(EXPECTED) - set(RULES))


def _fixture(name: str) -> Path:
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(f"{name} missing: rebuild it with scripts/build_dispatch_fixtures.py (needs LibreOffice)")
    return path


def test_the_corpus_is_complete():
    built = {p.name for p in FIXTURES.iterdir()}
    assert set(EXPECTED) <= built
    kinds = {Path(n).suffix for n in built}
    assert {".md", ".txt", ".docx"} <= kinds
    import zipfile

    makers = {}
    for name in built:
        if name.endswith(".docx"):
            with zipfile.ZipFile(FIXTURES / name) as package:
                app = package.read("docProps/app.xml").decode()
            makers[name] = "LibreOffice" if "LibreOffice" in app else "python-docx"
    assert sum(m == "LibreOffice" for m in makers.values()) >= 4
    assert sum(m == "python-docx" for m in makers.values()) >= 4


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_key_fields(name):
    d = load_dispatch(_fixture(name))
    want = EXPECTED[name]
    assert d.issuer == want["issuer"]
    assert d.parent_issuer == want["parent"]
    assert d.number == want["number"]
    assert d.date == want["date"]
    assert d.subject == want["subject"]
    assert d.deadline == want["deadline"]
    assert len(d.addressees) == want["addressees"]
    assert d.signer_title == want["signer"]
    assert d.signer_name == want["name"]
    assert len(d.cc) == want["cc"] and d.cc[0] == "Như trên" and d.cc[-1].startswith("Lưu")
    assert [(g.number, g.title, len(g.entries)) for g in d.annex] == want["groups"]
    assert d.contact_email == want["email"]
    assert d.postal_address == want["postal"]
    if "deadline_text" in want:
        assert d.deadline_text == want["deadline_text"]
    for text in (d.issuer, d.subject, *d.addressees, *d.cc, *d.issues):
        assert text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_well_formed_dispatches_have_no_findings_above_info(name):
    frame = lint_dispatch(_fixture(name))
    assert list(frame.loc[frame["severity"] != "info", "rule"]) == []
    assert not load_dispatch(_fixture(name)).issues


@pytest.mark.parametrize("name", sorted(RULES))
def test_flawed_dispatches_fire_their_rules(name):
    must, must_not = RULES[name]
    rules = set(lint_dispatch(_fixture(name))["rule"])
    assert must <= rules, f"missing {must - rules}"
    assert not (must_not & rules)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_finding_is_complete_and_vietnamese(name):
    frame = lint_dispatch(_fixture(name))
    for rec in frame.to_dict("records"):
        assert rec["severity"] in {"error", "warning", "todo", "info"}
        for key in ("rule", "location", "message", "suggestion"):
            assert str(rec[key]).strip(), (key, rec)
        assert rec["message"] == unicodedata.normalize("NFC", rec["message"])
        assert any(ch in rec["message"] for ch in "ơưđăâêôạảãáàệếềịọốồớờủụúùữ"), rec["message"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_roster_anomalies_are_complete(name):
    for rec in roster_anomalies(_fixture(name)).to_dict("records"):
        assert rec["severity"] and rec["rule"] and rec["location"] and rec["message"]


def test_relative_deadline_suggests_a_date():
    frame = lint_dispatch(_fixture("07_email_relative.txt"))
    row = frame[frame["rule"] == "deadline.relative"].iloc[0]
    assert row["severity"] == "warning"
    assert "12/02/2024" in row["suggestion"]          # 02/02/2024 + 10 days
    assert row["location"] == "line 14"


def test_old_province_names_are_flagged_with_their_merger():
    frame = lint_dispatch(_fixture("14_old_province.docx"))
    rows = frame[frame["rule"] == "annex.province"]
    assert sorted(rows["location"]) == ["t3.r4", "t3.r5"]
    flagged = " ".join(rows["message"])
    assert "Hà Giang" in flagged and "Yên Bái" in flagged and "15/09/2025" in flagged
    assert "Tuyên Quang" in " ".join(rows["suggestion"])   # Hà Giang merged into Tuyên Quang
    assert "Lào Cai" in " ".join(rows["suggestion"])       # Yên Bái merged into Lào Cai


def test_new_province_names_are_not_flagged_and_old_ones_were_valid_in_2021():
    assert "annex.province" not in set(lint_dispatch(_fixture("04_province_2025.docx"))["rule"])
    d = load_dispatch(_fixture("14_old_province.docx"))
    from consultkit.lint.annex import provinces

    assert provinces(d, on=D(2021, 7, 1)) == []


def test_annex_table_address_column_is_not_part_of_the_name():
    d = load_dispatch(_fixture("05_table_annex.docx"))
    assert d.annex[0].entries[0] == ("1", "Bệnh viện Bạch Mai")
    assert d.annex[1].entries[1] == ("2", "Sở Y tế Tỉnh Nghệ An")
    roster = load_roster(d)
    assert len(roster) == 5 and "Bệnh viện Chợ Rẫy" in set(roster["name"])


def test_word_automatic_numbers_are_read_as_printed():
    d = load_dispatch(_fixture("16_auto_numbering.docx"))
    assert d.addressees == ("Các bệnh viện trực thuộc Bộ Y tế",)
    assert [seq for seq, _ in d.annex[0].entries] == ["1", "2", "3"]
    assert d.annex[0].entries[2] == ("3", "Bệnh viện Trung ương Huế")


def test_roster_of_the_2025_dispatch():
    roster = load_roster(_fixture("04_province_2025.docx"))
    assert len(roster) == 8
    assert roster.attrs["reference_date"] == D(2025, 9, 15)


def test_cli_lint_on_the_corpus():
    runner = CliRunner()
    good = runner.invoke(main, ["lint", str(_fixture("01_btp_ministry.docx"))])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(main, ["lint", str(_fixture("12_annex_numbering.md"))])
    assert bad.exit_code == 1
    assert "annex.unit-duplicate" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------------ never a traceback

FRAGMENTS = [
    "BỘ Y TẾ", "CỤC QUẢN LÝ DƯỢC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/QLD-ĐK", "Số: /BYT-KCB", "Số:", "Hà Nội, ngày 05 tháng 3 năm 2024", "Hà Nội, ngày tháng năm",
    "V/v góp ý dự thảo Thông tư", "Kính gửi:", "Kính gửi: Bộ Tài chính;", "- Sở Y tế tỉnh Lào Cai;",
    "Bộ Nội vụ;", "trước ngày 31/02/2024", "trong thời hạn 05 ngày kể từ ngày nhận", "trước 17h ngày 1/1/2024",
    "địa chỉ:", "email: a@b.vn", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nơi nhận:", "Nơi nhận: KT. CỤC TRƯỞNG",
    "- Như trên; PHÓ CỤC TRƯỞNG", "- Lưu: VT, QLD.", "Nguyễn Văn A", "(Đã ký)", "", "", "PHỤ LỤC",
    "DANH SÁCH CÁC ĐƠN VỊ", "(Kèm theo Công văn số 12/QLD-ĐK ngày 05/3/2024)", "I. Các Sở Y tế",
    "IV - Bệnh viện", "1. Sở Y tế tỉnh Hà Giang", "2\tBệnh viện E\tHà Nội", "STT\tTên đơn vị\tĐịa chỉ",
    "| STT | Tên đơn vị |", "|---|---|", "| 1 | Sở Y tế TP. Hồ Chí Minh |", "| II. Nhóm | |", "#### III.",
    "- Bệnh viện K", "**", "*(x)*", "dự thảo Thông tư “Quy định về y tế từ xa”", "1.", "I.", "STT",
]


@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_any_arrangement_reads_or_fails_with_a_clear_error(tmp_path_factory, parts):
    path = tmp_path_factory.mktemp("d") / "cong-van.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    try:
        d = load_dispatch(path)
    except ConsultkitError as exc:
        assert str(path) in str(exc)
        return
    frame = lint_dispatch(path, today=D(2024, 1, 1))
    assert frame[["severity", "rule", "location", "message", "suggestion"]].notna().all().all()
    load_roster(d)
    roster_anomalies(d)


def _builder():
    import importlib.util
    import sys

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("build_dispatch_fixtures",
                                                  ROOT / "scripts" / "build_dispatch_fixtures.py")
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder          # dataclasses look their module up
    spec.loader.exec_module(builder)
    return builder


def test_text_fixtures_are_what_the_build_script_writes():
    builder = _builder()
    assert set(EXPECTED) == {f"{name}.{'docx' if kind in ('pydocx', 'lo') else kind}"
                             for name, (_, kind) in builder.FIXTURES.items()}
    for name, (doc, kind) in builder.FIXTURES.items():
        if kind == "md":
            assert (FIXTURES / f"{name}.md").read_text(encoding="utf-8") == builder.to_markdown(doc)
        elif kind == "txt":
            assert (FIXTURES / f"{name}.txt").read_text(encoding="utf-8") == builder.to_text(doc)


def test_a_python_docx_fixture_rebuilt_reads_the_same(tmp_path):
    builder = _builder()
    doc, _ = builder.FIXTURES["06_table_annex"]
    builder.to_python_docx(doc, tmp_path / "x.docx")
    assert load_dispatch(tmp_path / "x.docx").annex == load_dispatch(_fixture("06_table_annex.docx")).annex
