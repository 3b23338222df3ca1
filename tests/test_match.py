"""Unit matching against the real roster of the bundled consultation."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultkit import schema
from consultkit.comments.match import MATCH_COLUMNS, UnitMatcher, match_units
from consultkit.readers.roster import load_roster

from conftest import BUNDLED
from consultkit.text import strip_diacritics
from consultkit.workspace import open_consultation

NEEDS = "needs_decision"
NONE = "none"


@pytest.fixture(scope="module")
def roster(bundled) -> pd.DataFrame:
    return open_consultation(bundled).roster


@pytest.fixture(scope="module")
def matcher(roster) -> UnitMatcher:
    return UnitMatcher(roster)


# name as written -> expected unit_id, or NEEDS / NONE
TABLE = [
    # provincial health departments, every way of writing them
    ("Sở Y tế tỉnh Nghệ An", "so-y-te-nghe-an"),
    ("SYT Nghệ An", "so-y-te-nghe-an"),
    ("Nghe An DOH", "so-y-te-nghe-an"),
    ("Sở Y tế Nghệ An", "so-y-te-nghe-an"),
    ("SỞ Y TẾ NGHỆ AN", "so-y-te-nghe-an"),
    ("So Y te Nghe An", "so-y-te-nghe-an"),
    ("Department of Health of Nghe An", "so-y-te-nghe-an"),
    ("Nghệ An - Sở Y tế", "so-y-te-nghe-an"),
    ("Sở Y tế tỉnh Thanh Hoá", "so-y-te-thanh-hoa"),        # tone mark on the second vowel
    ("Sở Y tế tỉnh Thanh Hóa", "so-y-te-thanh-hoa"),        # ... and on the first
    ("Sở Y tế Hoà Bình", "so-y-te-hoa-binh"),
    ("Sở Y tế tỉnh Khánh Hoà", "so-y-te-khanh-hoa"),
    ("Sở Y tế Thành phố Hà Nội", "so-y-te-ha-noi"),
    ("Sở Y tế TP Hà Nội", "so-y-te-ha-noi"),
    ("Hanoi Department of Health", "so-y-te-ha-noi"),
    ("Sở Y tế TP.HCM", "so-y-te-ho-chi-minh"),
    ("SYT TP. Hồ Chí Minh", "so-y-te-ho-chi-minh"),
    ("Sở Y tế tỉnh Thừa Thiên Huế", "so-y-te-thua-thien-hue"),
    ("Sở Y tế Bà Rịa Vũng Tàu", "so-y-te-ba-ria-vung-tau"),
    ("Sở Y tế tỉnh Đăk Nông", "so-y-te-dak-nong"),
    ("Sở Y tế Hà Nam", "so-y-te-ha-nam"),                   # never Hà Nội
    ("Sở Y tế Hà Tĩnh", "so-y-te-ha-tinh"),
    # social security, departments
    ("BHXH Việt Nam", "bao-hiem-xa-hoi-viet-nam"),
    ("Bảo hiểm Xã hội VN", "bao-hiem-xa-hoi-viet-nam"),
    ("Vụ Kế hoạch - Tài chính", "vu-ke-hoach-tai-chinh"),
    ("Vu Ke hoach Tai chinh", "vu-ke-hoach-tai-chinh"),
    ("Cục Quản lý khám chữa bệnh", "cuc-quan-ly-kham-chua-benh"),
    ("Cục Quản lý Khám, chữa bệnh - Bộ Y tế", "cuc-quan-ly-kham-chua-benh"),
    ("Vụ Sức khoẻ Bà mẹ – Trẻ em", "vu-suc-khoe-ba-me-tre-em"),
    # hospitals
    ("BV Bạch Mai", "benh-vien-bach-mai"),
    ("Benh vien Bach Mai", "benh-vien-bach-mai"),
    ("Bach Mai Hospital", "benh-vien-bach-mai"),
    ("Bệnh viện Bạch Mại", "benh-vien-bach-mai"),           # a typo in a tone
    ("BV Cho Ray", "benh-vien-cho-ray"),
    ("BVĐK TƯ Cần Thơ", "benh-vien-da-khoa-trung-uong-can-tho"),
    ("BV Đa khoa TW Cần Thơ", "benh-vien-da-khoa-trung-uong-can-tho"),
    ("Bệnh viện Tâm thần TW 1", "benh-vien-tam-than-trung-uong-1"),
    ("BV Tâm thần trung ương 2", "benh-vien-tam-than-trung-uong-2"),
    ("Bệnh viện E", "benh-vien-e"),
    ("BV K", "benh-vien-k"),
    ("Bệnh viện 71 TW", "benh-vien-71-trung-uong"),
    ("BV Răng Hàm Mặt TW TP.HCM", "benh-vien-rang-ham-mat-trung-uong-tp-ho-chi-minh"),
    ("Bệnh viện Răng - Hàm - Mặt Trung ương Hà Nội", "benh-vien-rang-ham-mat-trung-uong-ha-noi"),
    ("Bệnh viện ĐH Y Dược TP.HCM", "benh-vien-dai-hoc-y-duoc-tp-ho-chi-minh"),
    ("Viện Pháp y tâm thần TW Biên Hoà", "vien-phap-y-tam-than-trung-uong-bien-hoa"),
    ("Bệnh viện Phong - Da liễu TW Quy Hoà", "benh-vien-phong-da-lieu-trung-uong-quy-hoa"),
    ("BV Trung ương Huế", "benh-vien-trung-uong-hue"),
    ("Bệnh viện Hữu nghị", "benh-vien-huu-nghi"),
    ("Bệnh viện Hữu Nghị Việt Đức", "benh-vien-huu-nghi-viet-duc"),
    ("Bệnh viện Nhi Trung ương", "benh-vien-nhi-trung-uong"),
    # the parent body written around the name, local abbreviations, roman numerals
    ("Bệnh viện Bạch Mai (Bộ Y tế)", "benh-vien-bach-mai"),
    ("BỘ Y TẾ - BỆNH VIỆN BẠCH MAI", "benh-vien-bach-mai"),
    ("UBND tỉnh Nghệ An - Sở Y tế", "so-y-te-nghe-an"),
    ("Văn phòng Bộ Y tế", "van-phong-bo"),
    ("Vụ BHYT", "vu-bao-hiem-y-te"),
    ("Bệnh viện Tâm thần trung ương II", "benh-vien-tam-than-trung-uong-2"),
    ("Cho Ray Hospital", "benh-vien-cho-ray"),
    ("Sở Y tế Sài Gòn", "so-y-te-ho-chi-minh"),
    ("Sở Y tế Daklak", "so-y-te-dak-lak"),
    ("Sở Y tế Thái Nguên", "so-y-te-thai-nguyen"),           # misspelt province
    ("Bệnh viện Phổi trng ương", "benh-vien-phoi-trung-uong"),
    # ambiguous: a person decides
    ("Bệnh viện Tâm thần Trung ương", NEEDS),
    ("BV Răng Hàm Mặt TW", NEEDS),
    ("Bệnh viện Đại học Y Dược", NEEDS),
    ("Bệnh viện Đà Nẵng", NEEDS),                            # C Đà Nẵng? or the city's hospital
    ("Sở Y tế", NEEDS),
    # absent from the roster: never forced onto a near name
    ("Bệnh viện Bạch Mai 2", NONE),
    ("Bệnh viện 72 trung ương", NONE),
    ("Bệnh viện Nhi Đồng 1", NONE),
    ("Bệnh viện Đa khoa tỉnh Nghệ An", NONE),
    ("Bảo hiểm xã hội tỉnh Nghệ An", NONE),
    ("Sở Giáo dục và Đào tạo Nghệ An", NONE),
    ("Cục Y tế Bộ Công an", NONE),
    ("Công ty cổ phần Công nghệ Y tế", NONE),
    ("Bệnh viện Trung ương Quân đội 108", NONE),
    ("Sở Y tế tỉnh Nghệ An; Sở Y tế tỉnh Hà Tĩnh", NONE),
    ("", NONE),
]


@pytest.mark.parametrize("name,expected", TABLE)
def test_table(matcher, name, expected):
    row = matcher.match(name)
    if expected == NEEDS:
        assert row["method"] == NEEDS and row["unit_id"] == "", row
        assert len(row["candidates"]) >= 1
    elif expected == NONE:
        assert row["method"] == NONE and row["unit_id"] == "", row
    else:
        assert row["unit_id"] == expected, row
        assert row["method"] in {"exact", "alias", "fuzzy"} and row["score"] >= 85


def test_table_is_big_enough():
    assert len(TABLE) >= 40 and sum(e not in (NEEDS, NONE) for _, e in TABLE) >= 30


def test_province_tokens_never_cross(roster):
    """Every provincial unit, written every way, finds itself and no neighbour."""
    provincial = roster[roster["kind"] == "provincial_health_department"]
    variants, expected = [], []
    for uid, name in zip(provincial["unit_id"], provincial["name"]):
        province = name.removeprefix("Sở Y tế ")
        for variant in (name, f"SYT {province}", strip_diacritics(name).upper(),
                        f"Sở Y tế tỉnh {province}", f"{strip_diacritics(province)} DOH",
                        f"{province} - Sở Y tế"):
            variants.append(variant)
            expected.append(uid)
    got = match_units(variants, roster)
    wrong = got[got["unit_id"] != pd.Series(expected)]
    assert wrong.empty, wrong[["query", "unit_id", "method"]].to_string()
    assert len(variants) == 6 * 63


def test_every_roster_name_matches_itself(roster):
    out = match_units(roster["name"], roster)
    assert (out["unit_id"] == roster["unit_id"]).all()
    assert (out["method"] == "exact").all()


def test_ambiguous_candidates_name_both_units(matcher):
    row = matcher.match("Bệnh viện Tâm thần trung ương")
    ids = {c[0] for c in row["candidates"]}
    assert {"benh-vien-tam-than-trung-uong-1", "benh-vien-tam-than-trung-uong-2"} <= ids
    assert all(len(c) == 3 and isinstance(c[2], float) for c in row["candidates"])


def test_merged_provinces_after_2025(roster):
    """A 2026 letter from 'Sở Y tế tỉnh Tuyên Quang' may be from old Hà Giang or Tuyên Quang."""
    after = dt.date(2026, 3, 2)
    out = match_units(["Sở Y tế tỉnh Tuyên Quang", "Sở Y tế Nghệ An", "SYT Tuyên Quang"], roster,
                      on=[after, after, None])
    tq = out.iloc[0]
    assert tq["method"] == NEEDS and tq["unit_id"] == ""
    assert {c[0] for c in tq["candidates"]} == {"so-y-te-ha-giang", "so-y-te-tuyen-quang"}
    assert out.iloc[1]["unit_id"] == "so-y-te-nghe-an"          # not merged: unchanged
    assert out.iloc[2]["unit_id"] == "so-y-te-tuyen-quang"      # no date: taken literally
    # only one of the old units in the roster: an alias to it
    small = roster[roster["unit_id"] != "so-y-te-ha-giang"]
    one = match_units(["Sở Y tế tỉnh Tuyên Quang"], small, on=after).iloc[0]
    assert (one["unit_id"], one["method"]) == ("so-y-te-tuyen-quang", "alias")


def test_old_province_names_against_a_post_merger_roster(bundled):
    consultation = open_consultation(bundled)
    roster_2025 = load_roster(consultation.dispatch, on=dt.date(2025, 8, 1))
    ids = set(roster_2025["unit_id"])
    assert "so-y-te-ha-giang" not in ids                        # the roster really is post-merger
    out = match_units(["Sở Y tế Hà Giang", "Sở Y tế tỉnh Tuyên Quang", "SYT Hà Nam"], roster_2025,
                      on=dt.date(2026, 1, 5))
    tq = roster_2025.loc[roster_2025["province_code"] == "08", "unit_id"].item()
    nb = roster_2025.loc[roster_2025["province_code"] == "37", "unit_id"].item()
    assert out["unit_id"].tolist() == [tq, tq, nb]
    assert out["method"].tolist() == ["alias", "exact", "alias"]


def test_frame_shape_and_order(roster):
    names = ["SYT Nghệ An", None, float("nan"), "Bệnh viện Bạch Mai 2", "SYT Nghệ An"]
    out = match_units(names, roster)
    assert list(out.columns) == list(MATCH_COLUMNS)
    assert len(out) == 5 and out["query"].tolist()[0] == "SYT Nghệ An"
    assert out["method"].tolist() == ["exact", "none", "none", "none", "exact"]
    assert match_units([], roster).columns.tolist() == list(MATCH_COLUMNS)
    with pytest.raises(ValueError, match="one date or one per name"):
        match_units(["a", "b"], roster, on=[None])


def test_placeholder_is_matched_only_exactly(matcher):
    assert matcher.match("Y tế các Bộ, Ngành")["unit_id"] == "y-te-cac-bo-nganh"
    assert matcher.match("Y tế Bộ Giao thông vận tải")["unit_id"] == ""


def test_cache_by_match_key(matcher):
    before = len(matcher._cache)
    for variant in ("Sở Y tế Lào Cai", "SYT Lào Cai", "SỞ Y TẾ LÀO CAI", "so y te lao cai"):
        assert matcher.match(variant)["unit_id"] == "so-y-te-lao-cai"
    assert len(matcher._cache) - before == 1      # one match key for all four spellings


@given(st.sampled_from(["Sở Y tế tỉnh Khánh Hòa", "Bệnh viện Hữu nghị Việt Nam – Cu Ba Đồng Hới",
                        "Vụ Sức khỏe Bà mẹ - Trẻ em", "Sở Y tế Hòa Bình", "Sở Y tế Thanh Hóa"]),
       st.sampled_from(["NFC", "NFD"]), st.booleans(), st.booleans())
def test_spelling_variants_property(roster_name, form, upper, tones):
    roster = _ROSTER_CACHE.setdefault("r", open_consultation().roster)
    matcher = _ROSTER_CACHE.setdefault("m", UnitMatcher(roster))
    expected = matcher.match(roster_name)["unit_id"]
    variant = roster_name.replace("òa", "oà").replace("ỏe", "oẻ") if tones else roster_name
    variant = unicodedata.normalize(form, variant.upper() if upper else variant)
    assert expected and matcher.match(variant)["unit_id"] == expected


_ROSTER_CACHE: dict = {}


def test_result_rows_are_schema_typed(roster):
    out = match_units(["BV Bạch Mai", "Sở Y tế"], roster)
    assert out["score"].dtype == "float64"
    assert isinstance(out["candidates"].iloc[1], tuple)
    assert schema.conform(out, MATCH_COLUMNS).shape == out.shape


@given(st.data())
def test_any_unit_without_diacritics_or_in_capitals_finds_itself(data):
    roster = _ROSTER_CACHE.setdefault("r", open_consultation().roster)
    matcher = _ROSTER_CACHE.setdefault("m", UnitMatcher(roster))
    units = roster[~roster["placeholder"]]
    i = data.draw(st.integers(0, len(units) - 1))
    uid, name = units["unit_id"].iloc[i], units["name"].iloc[i]
    variant = data.draw(st.sampled_from([strip_diacritics(name), name.upper(), name.lower(),
                                         strip_diacritics(name).upper(), f"  {name} ",
                                         name.replace(" ", "  ")]))
    got = matcher.match(variant)
    assert got["unit_id"] == uid, (variant, got)


@pytest.mark.parametrize("written, unit", [
    ("Cục QLKCB", "cuc-quan-ly-kham-chua-benh"), ("Vụ KH-TC", "vu-ke-hoach-tai-chinh"),
    ("Vụ TCCB", "vu-to-chuc-can-bo"), ("Sở YT TP.HCM", "so-y-te-ho-chi-minh"),
    ("Sở YT Hà Nội", "so-y-te-ha-noi"), ("Cục KHCN&ĐT", "cuc-khoa-hoc-cong-nghe-va-dao-tao"),
    ("Cục QLD", "cuc-quan-ly-duoc"), ("Vụ TTB&CTYT", "vu-trang-thiet-bi-va-cong-trinh-y-te"),
    ("BVĐK TW Cần Thơ", "benh-vien-da-khoa-trung-uong-can-tho"), ("BHXH VN", "bao-hiem-xa-hoi-viet-nam"),
    ("BV RHM TW TP.HCM", "benh-vien-rang-ham-mat-trung-uong-tp-ho-chi-minh"),
])
def test_ministry_abbreviations_match_their_roster_rows(written, unit):
    from consultkit.workspace import open_consultation

    roster = open_consultation(BUNDLED).roster
    assert match_units([written], roster)["unit_id"].iloc[0] == unit


def test_a_body_outside_the_roster_stays_unmatched_with_abbreviations():
    from consultkit.workspace import open_consultation

    roster = open_consultation(BUNDLED).roster
    assert match_units(["Cục Y tế Bộ Công an", "Viện Pasteur TP.HCM"], roster)["unit_id"].tolist() == ["", ""]
