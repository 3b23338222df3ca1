"""consultkit.readers.roster: the recipient roster from the bundled dispatch and inline cases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import io
import re

import pandas as pd
import pytest

from consultkit import schema
from consultkit.errors import SchemaError
from consultkit.readers import roster as roster_module
from consultkit.readers.dispatch import load_dispatch
from consultkit.readers.roster import load_roster, provinces, roster_anomalies
from consultkit.text import slugify

TXT = "dispatch/cong-van-xin-y-kien.txt"


@pytest.fixture(scope="module")
def dispatch(bundled):
    return load_dispatch(bundled / TXT)


@pytest.fixture(scope="module")
def roster(dispatch):
    return load_roster(dispatch)


def test_columns_and_dtypes(roster):
    assert list(roster.columns) == list(schema.ROSTER)
    assert str(roster["seq"].dtype) == "Int64"
    assert roster["placeholder"].dtype == bool


def test_counts_per_kind(roster):
    counts = roster.groupby("kind").size().to_dict()
    assert counts == {"social_security": 1, "ministry_health_agency": 1,
                      "provincial_health_department": 63, "ministry_department": 20,
                      "ministry_hospital": 43}
    assert len(roster) == 128
    placeholders = roster[roster["placeholder"]]
    assert placeholders[["group", "name", "kind"]].values.tolist() == [
        ["II", "Y tế các Bộ, Ngành", "ministry_health_agency"]]
    social = roster[roster["kind"] == "social_security"].iloc[0]
    assert social["name"] == "Bảo hiểm xã hội Việt Nam" and not social["placeholder"]
    assert social["group"] == "I"


def test_groups_and_numbering_as_written(roster):
    departments = roster[roster["kind"] == "ministry_department"]
    hospitals = roster[roster["kind"] == "ministry_hospital"]
    assert set(departments["group"]) == {"IV"} and set(hospitals["group"]) == {"IV"}
    assert set(departments["group_title"]) == {"Các đơn vị thuộc Bộ Y tế"}
    assert set(hospitals["group_title"]) == {"Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế"}
    assert departments["seq"].tolist() == list(range(1, 21))
    assert hospitals["seq"].tolist() == list(range(1, 44))     # the blank line after 27 is skipped
    by_seq = hospitals.set_index("seq")["name"]
    assert by_seq[28] == "Bệnh viện Tai – Mũi – Họng trung ương"
    assert by_seq[41] == "Bệnh viện Đại học y Dược Huế"         # kept as written
    assert roster[roster["kind"] == "provincial_health_department"]["seq"].isna().all()


def test_unit_ids_unique_slugs(roster):
    assert roster["unit_id"].is_unique
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", u) for u in roster["unit_id"])
    ids = set(roster["unit_id"])
    assert {"so-y-te-nghe-an", "so-y-te-ha-noi", "benh-vien-bach-mai", "vu-phap-che",
            "bao-hiem-xa-hoi-viet-nam", "y-te-cac-bo-nganh"} <= ids


def test_unit_ids_do_not_depend_on_position(dispatch, roster):
    groups = list(dispatch.annex)
    hospitals = groups[4]
    reordered = dataclasses.replace(hospitals, entries=tuple(reversed(hospitals.entries[5:])),
                                    entry_locations=tuple(reversed(hospitals.entry_locations[5:])))
    changed = dataclasses.replace(dispatch, annex=(groups[4 - 1], reordered, *groups[:3]))
    other = load_roster(changed)
    before = dict(zip(roster["name"], roster["unit_id"]))
    after = dict(zip(other["name"], other["unit_id"]))
    assert len(after) == len(before) - 5
    assert all(before[name] == uid for name, uid in after.items())


def test_duplicate_names_get_distinct_ids():
    text = ("Kính gửi: Các đơn vị\n\nGóp ý trước ngày 01/02/2022.\n\nDANH SÁCH\n\n"
            "I. Các đơn vị thuộc Bộ Y tế\n1\tViện Dinh dưỡng\n2\tViện Dinh dưỡng\n"
            "II. Các Bệnh viện trực thuộc Bộ Y tế\n1\tViện Dinh dưỡng\n")
    frame = load_roster(load_dispatch(io.BytesIO(text.encode())))
    assert frame["unit_id"].is_unique and len(frame) == 3
    assert frame["unit_id"].iloc[0] == "vien-dinh-duong-ministry-department"
    anomalies = roster_anomalies(load_dispatch(io.BytesIO(text.encode())))
    assert (anomalies["rule"] == "annex.duplicate-name").sum() == 3


def test_source_column(roster):
    first_department = roster[roster["kind"] == "ministry_department"].iloc[0]
    assert first_department["source"] == "annex line 51"
    hanoi = roster[roster["unit_id"] == "so-y-te-ha-noi"].iloc[0]
    assert hanoi["source"] == "reference provinces-2021-07-01.tsv line 2"
    assert hanoi["province_code"] == "01"
    assert roster[roster["placeholder"]].iloc[0]["source"] == "annex line 46"


def test_provinces_by_date():
    assert len(provinces(dt.date(2021, 6, 18))) == 63
    assert len(provinces(dt.date(2025, 6, 30))) == 63
    assert len(provinces(dt.date(2025, 7, 1))) == 34
    assert len(provinces(dt.date(2000, 1, 1))) == 63            # older dates: the oldest list
    later = provinces(dt.date(2026, 1, 1))
    assert later["code"].is_unique and "Thành phố Huế" in set(later["name"])
    assert later.loc[later["code"] == "79", "merged_from_codes"].item() == "74,77,79"


def test_expansion_follows_the_dispatch_date(dispatch):
    late = load_roster(dispatch, on=dt.date(2025, 8, 1))
    provincial = late[late["kind"] == "provincial_health_department"]
    assert len(provincial) == 34 and len(late) == 1 + 1 + 34 + 20 + 43
    assert "so-y-te-hue" in set(provincial["unit_id"])
    assert set(provincial["source"].str.split().str[1]) == {"provinces-2025-07-01.tsv"}
    assert load_roster(dispatch).attrs["reference_date"] == dt.date(2021, 6, 18)


def test_a_2025_dispatch_gets_34_provinces():
    text = ("Hà Nội, ngày 05 tháng 8 năm 2025\n\nV/v góp ý\n\nKính gửi: Sở Y tế các tỉnh\n\n"
            "Xin gửi trước ngày 30/8/2025.\n\nPHỤ LỤC\n\n- I. Sở Y tế các tỉnh, thành phố\n")
    frame = load_roster(load_dispatch(io.BytesIO(text.encode())))
    assert len(frame) == 34 and frame.attrs["reference_date"] == dt.date(2025, 8, 5)


def test_anomalies_of_the_seed(dispatch):
    anomalies = roster_anomalies(dispatch)
    assert list(anomalies.columns) == list(schema.LINT)
    rules = anomalies["rule"].tolist()
    assert rules.count("annex.duplicate-group-number") == 1
    duplicate = anomalies[anomalies["rule"] == "annex.duplicate-group-number"].iloc[0]
    assert "IV" in duplicate["message"] and "dòng 48" in duplicate["message"]
    assert "dòng 72" in duplicate["message"]
    assert "annex.group-single-unit" in rules and "annex.group-placeholder" in rules
    expanded = anomalies[anomalies["rule"] == "annex.group-expanded"].iloc[0]
    assert "63" in expanded["message"]
    assert "annex.seq-gap" not in rules and "annex.seq-duplicate" not in rules
    assert "annex.reading" in rules                            # the blank line at 101


def test_anomalies_report_but_do_not_fix_numbering():
    text = ("Kính gửi: Các đơn vị\n\nGóp ý trước ngày 01/02/2022.\n\nDANH SÁCH\n\n"
            "II. Các đơn vị thuộc Bộ Y tế\n1\tVụ A\n2\tVụ B\n2\tVụ C\n5\tVụ D\n")
    dispatch = load_dispatch(io.BytesIO(text.encode()))
    frame = load_roster(dispatch)
    assert frame["seq"].tolist() == [1, 2, 2, 5] and set(frame["group"]) == {"II"}
    rules = set(roster_anomalies(dispatch)["rule"])
    assert {"annex.seq-duplicate", "annex.seq-gap", "annex.group-sequence"} <= rules


def test_roster_from_a_dispatch_path_and_from_the_docx(bundled, roster):
    from_path = load_roster(bundled / TXT)
    pd.testing.assert_frame_equal(from_path, roster)
    from_docx = load_roster(bundled / "dispatch/cong-van-xin-y-kien.docx")
    pd.testing.assert_frame_equal(from_docx.drop(columns="source"), roster.drop(columns="source"))


def test_roster_from_a_table(tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text("STT,Tên đơn vị,Nhóm\n1,Bệnh viện Bạch Mai,I\n2,,I\n3,Sở Y tế Hà Nội,II\n",
                    encoding="utf-8")
    frame = load_roster(path)
    assert frame["unit_id"].tolist() == ["benh-vien-bach-mai", "so-y-te-ha-noi"]
    assert frame["kind"].tolist() == ["ministry_hospital", "provincial_health_department"]
    assert frame.attrs["rejects"] == [{"source": "don-vi.csv row 3", "reason": "tên đơn vị trống"}]
    bad = tmp_path / "sai.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_roster(bad)
    assert "sai.csv" in str(info.value)


def test_doctests():
    assert doctest.testmod(roster_module).failed == 0


def test_slug_rule_matches_text_helper(roster):
    annex_rows = roster[roster["source"].str.startswith("annex")]
    assert (annex_rows["unit_id"] == annex_rows["name"].map(slugify)).all()


def test_without_an_annex_the_roster_is_the_addressees():
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "dispatches"
    roster = load_roster(fixtures / "02_btc_ministry.md")
    assert list(roster["name"]) == ["Bộ Y tế", "Bộ Tư pháp",
                                    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert list(roster["placeholder"]) == [False, False, True]
    assert set(roster["source"]) == {"addressees"} and roster["unit_id"].is_unique
    # a collective "Sở Y tế các tỉnh" addressee expands from the province list of the date
    text = ("Số: 1/BYT-KCB\nHà Nội, ngày 15 tháng 9 năm 2025\nV/v góp ý\n\nKính gửi:\n"
            "- Sở Y tế các tỉnh, thành phố trực thuộc Trung ương;\n- Bộ Quốc phòng.\n\nXin gửi "
            "trước ngày 30/9/2025.\n")
    roster = load_roster(io.BytesIO(text.encode()))
    assert len(roster) == 34 + 1
