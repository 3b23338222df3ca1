"""compare_versions: one row per clause lineage across drafts."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, strategies as st

from clause_frames import frame
from consultkit.comparison.history import compare_versions
from test_align import VOCAB

V0 = frame([("k1", "", "clause", "1.", "Lưu trữ hình ảnh một năm tại cơ sở"),
            ("k2", "", "clause", "2.", "Kết nối hệ thống trung tâm theo hướng dẫn"),
            ("k3", "", "clause", "3.", "Khoản sẽ bị bãi bỏ ở dự thảo một")])
V1 = frame([("k1", "", "clause", "1.", "Lưu trữ hình ảnh tối đa một năm tại cơ sở"),
            ("k2", "", "clause", "2.", "Kết nối hệ thống trung tâm theo hướng dẫn")])
V2 = frame([("k1", "", "clause", "1.", "Lưu trữ hình ảnh tối đa một năm tại cơ sở"),
            ("k2", "", "clause", "2.", "Kết nối hệ thống trung tâm theo hướng dẫn của Bộ Y tế"),
            ("k3", "", "clause", "3.", "Khoản mới ở dự thảo hai về an toàn thông tin")])
NAMES = ["hien-hanh", "du-thao-1", "du-thao-2"]


@pytest.fixture(scope="module")
def history():
    return compare_versions([V0, V1, V2], names=NAMES)


def test_one_row_per_lineage_with_each_step(history):
    h = history.set_index("id:hien-hanh")
    assert h.loc["k1", "change:hien-hanh→du-thao-1"] == "modified"
    assert h.loc["k1", "change:du-thao-1→du-thao-2"] == "unchanged"
    assert h.loc["k1", "changes"] == "Sửa đổi → Không thay đổi"
    assert h.loc["k2", "changes"] == "Không thay đổi → Sửa đổi"
    assert h.loc["k3", "change:hien-hanh→du-thao-1"] == "deleted"
    assert h.loc["k3", "id:du-thao-2"] == ""          # the new k3 is another lineage
    added = history[history["id:hien-hanh"] == ""].iloc[0]
    assert added["id:du-thao-2"] == "k3" and added["changes"] == "— → Bổ sung"
    assert added["text:du-thao-2"].startswith("Khoản mới")


def test_rows_follow_the_latest_version_removed_ones_where_they_stood(history):
    assert list(history["id:du-thao-2"]) == ["k1", "k2", "", "k3"]
    assert list(history["id:hien-hanh"]) == ["k1", "k2", "k3", ""]
    assert list(history["lineage"]) == [0, 1, 2, 3]


def test_names_are_checked():
    with pytest.raises(ValueError):
        compare_versions([V0])
    with pytest.raises(ValueError):
        compare_versions([V0, V1], names=["a", "a"])


def test_default_names():
    h = compare_versions([V0, V1])
    assert "change:v0→v1" in h.columns


sentence = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8).map(" ".join)
version = st.lists(sentence, max_size=6).map(
    lambda texts: frame([(f"k{i}", "", "clause", f"{i}.", t) for i, t in enumerate(texts)]))


@given(st.lists(version, min_size=2, max_size=4))
def test_every_clause_of_every_version_is_in_one_lineage(vs):
    names = [f"v{i}" for i in range(len(vs))]
    h = compare_versions(vs, names=names)
    for name, v in zip(names, vs):
        assert Counter(x for x in h[f"id:{name}"] if x) == Counter(v["clause_id"])


def test_bundled_versions_history(bundled):
    from consultkit.clauses.parse import parse_clauses
    folder = bundled / "versions"
    if not (folder / "CHANGES.md").exists():
        pytest.fail("input missing from the repository: the bundled versions (versions/CHANGES.md)")
    vs = [parse_clauses(folder / f"{n}.md") for n in NAMES]
    h = compare_versions(vs, names=NAMES).set_index("id:hien-hanh", drop=False)
    assert h.loc["IV.2.2.a", "changes"] == "Sửa đổi → Sửa đổi"
    assert h.loc["IV.1.3", "id:du-thao-2"] == "IV.8.2"          # moved, then kept
    assert h.loc["IV.1.3", "change:hien-hanh→du-thao-1"] == "moved"
    # the clause split in draft 2 points back to its lineage
    split = h[h["change:du-thao-1→du-thao-2"] == "split"]
    assert len(split) == 2 and split["origin"].max() == split["lineage"].min()
    # the repealed "in phim" clause stays where it stood, after its neighbour
    ids = list(h["id:du-thao-1"])
    assert ids.index("IV.4.6") == ids.index("IV.4.5") + 1
