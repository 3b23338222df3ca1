"""compare(): the table, change kinds, order, properties, HTML views."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from clause_frames import NEW, OLD, frame
from consultkit import schema
from consultkit.comparison import worddiff as wd
from consultkit.comparison.core import CHANGE_LABELS, compare
from consultkit.errors import SchemaError
from test_align import VOCAB, versions


@pytest.fixture(scope="module")
def cmp():
    return compare(frame(OLD), frame(NEW), ignore_renumbering=False)


def _row(table, old_id, new_id):
    hit = table[(table["old_id"] == old_id) & (table["new_id"] == new_id)]
    assert len(hit) == 1, (old_id, new_id)
    return hit.iloc[0]


def test_columns_follow_the_schema(cmp):
    assert list(cmp.table.columns[: len(schema.COMPARISON)]) == list(schema.COMPARISON)
    for extra in ("kind", "old_number", "new_number", "old_order", "new_order"):
        assert extra in cmp.table.columns


def test_change_kinds(cmp):
    t = cmp.table
    assert _row(t, "D1", "D1").change == "unchanged"
    assert _row(t, "D1.k1", "D1.k1").change == "modified"
    assert _row(t, "D1.k4", "D1.k5").change == "renumbered"
    assert _row(t, "", "D1.k4").change == "added"
    assert _row(t, "D1.k3", "").change == "deleted"
    assert _row(t, "D3", "D3").change == "moved"
    assert _row(t, "D3.k1", "D3.k1").change == "unchanged"   # moved with its article
    assert _row(t, "D3.k2", "D3.k2").change == "modified"
    assert _row(t, "D1.k2", "D1.k2").change == "split"
    assert _row(t, "", "D1.k3").change == "split"


def test_ignore_renumbering_reports_pure_renumbering_as_unchanged():
    t = compare(frame(OLD), frame(NEW)).table
    row = _row(t, "D1.k4", "D1.k5")
    assert row.change == "unchanged"
    assert "renumbered" not in set(t["change"])


def test_renumbered_and_modified_combine():
    old = frame([("k1", "", "clause", "1.", "Một hai ba bốn năm sáu"),
                 ("k2", "", "clause", "2.", "Bảy tám chín mười mười một")])
    new = frame([("k1", "", "clause", "1.", "Khoản mới chen vào đầu"),
                 ("k2", "", "clause", "2.", "Một hai ba bốn năm sáu bảy"),
                 ("k3", "", "clause", "3.", "Bảy tám chín mười mười một")])
    t = compare(old, new, ignore_renumbering=False).table
    assert _row(t, "k1", "k2").change == "renumbered+modified"
    assert _row(t, "k2", "k3").change == "renumbered"
    assert compare(old, new).table.set_index("new_id").loc["k2", "change"] == "modified"


def test_moved_and_modified_combine():
    old = frame([("D1", "", "article", "Điều 1", "Chương một"),
                 ("D1.k1", "D1", "clause", "1.", "Nội dung sẽ được chuyển sang điều hai"),
                 ("D2", "", "article", "Điều 2", "Chương hai")])
    new = frame([("D1", "", "article", "Điều 1", "Chương một"),
                 ("D2", "", "article", "Điều 2", "Chương hai"),
                 ("D2.k1", "D2", "clause", "1.", "Nội dung đã được chuyển sang điều hai")])
    t = compare(old, new).table
    assert _row(t, "D1.k1", "D2.k1").change == "moved+modified"


def test_rows_in_new_order_with_deletions_where_they_stood(cmp):
    t = cmp.table
    new_orders = [o for o in t["new_order"] if o >= 0]
    assert new_orders == sorted(new_orders)
    ids = list(zip(t["old_id"], t["new_id"]))
    # the deleted D1.k3 follows the split of D1.k2, the deleted D3.k3 follows D3.k2
    assert ids.index(("D1.k3", "")) == ids.index(("", "D1.k3")) + 1
    assert ids.index(("D3.k3", "")) == ids.index(("D3.k2", "D3.k2")) + 1


def test_split_rows_carry_pieces_of_the_old_text(cmp):
    t = cmp.table
    rows = t[t["change"] == "split"]
    joined = "".join(rows["old_text"])
    old_k2 = frame(OLD).set_index("clause_id").loc["D1.k2", "text"]
    assert joined == old_k2
    assert list(rows["new_text"]) == [frame(NEW).set_index("clause_id").loc[i, "text"]
                                      for i in ("D1.k2", "D1.k3")]


def test_word_counts_and_similarity(cmp):
    row = _row(cmp.table, "D1.k1", "D1.k1")
    assert row.words_added == 4 and row.words_deleted == 0
    assert 0.7 < row.similarity < 1
    deleted = _row(cmp.table, "D1.k3", "")
    assert deleted.words_deleted == wd.count_words(deleted.old_text) and deleted.new_text == ""


def test_non_clause_blocks_are_kept_but_not_counted(cmp):
    assert _row(cmp.table, "_header.1", "_header.1").kind == "header"
    summary = cmp.summary()
    assert list(summary["change"]) == list(CHANGE_LABELS)
    assert dict(zip(summary["change"], summary["count"]))["unchanged"] == 3
    assert summary.set_index("change").loc["deleted", "label"] == "Bãi bỏ"


def test_comparing_with_itself_finds_only_unchanged():
    t = compare(frame(OLD), frame(OLD)).table
    assert set(t["change"]) == {"unchanged"}
    assert (t["old_id"] == t["new_id"]).all()


@given(versions())
def test_properties_on_generated_versions(pair):
    old, new = pair
    for ignore in (True, False):
        t = compare(old, new, ignore_renumbering=ignore).table
        for row in t.itertuples():
            assert wd.apply_ops(row.old_text, list(row.ops)) == row.new_text
        assert Counter(x for x in t["old_id"] if x) == Counter(old["clause_id"])
        assert Counter(x for x in t["new_id"] if x) == Counter(new["clause_id"])
        assert t["old_id"].ne("").sum() == len(old) and t["new_id"].ne("").sum() == len(new)
    same = compare(old, old).table
    assert set(same["change"]) <= {"unchanged"}


def test_empty_versions():
    empty = schema.empty(schema.CLAUSES)
    t = compare(empty, empty).table
    assert t.empty and "kind" in t.columns
    t = compare(empty, frame(NEW)).table
    assert set(t["change"]) == {"added"}


def test_bad_frames_are_refused_clearly():
    with pytest.raises(SchemaError, match="lacks columns"):
        compare(pd.DataFrame({"clause_id": ["a"]}), frame(NEW))
    dup = frame([("a", "", "clause", "1.", "x"), ("b", "", "clause", "2.", "y")])
    dup.loc[1, "clause_id"] = "a"
    with pytest.raises(SchemaError, match="duplicate"):
        compare(dup, frame(NEW))


def test_html_escapes_document_text_and_marks_changes(cmp):
    html = cmp.to_html()
    assert "<b>&" not in html and "&lt;b&gt;&amp; tổ chức&lt;/b&gt;" in html
    assert "<ins>, chữa bệnh</ins>" in html and "<del>" in html
    assert "Khoản 1 Điều 1" in html and "Khoản 4 Điều 1 → Khoản 5 Điều 1" in html
    side = cmp.to_html(layout="side-by-side", only_changed=True)
    assert "Quy định hiện hành" in side and "Dự thảo" in side
    assert "BỘ Y TẾ" not in side                      # unchanged header left out
    assert side.count("<tr class=") == len(cmp.changed())
    with pytest.raises(ValueError):
        cmp.to_html(layout="diagonal")


def test_html_of_identical_versions_says_no_change():
    html = compare(frame(OLD), frame(OLD)).to_html(only_changed=True)
    assert "Không có thay đổi." in html


# ---------------------------------------------------------------- golden: bundled versions

GOLDEN = Path(__file__).parent / "golden" / "compare"
STEPS = [("hien-hanh", "du-thao-1"), ("du-thao-1", "du-thao-2")]


def _versions(bundled):
    folder = bundled / "versions"
    if not (folder / "CHANGES.md").exists():
        pytest.skip("the bundled versions are not there yet")
    return folder


def _changed_rows(table):
    t = table[table["is_clause"] & (table["change"] != "unchanged")]
    groups: dict[str, int] = {}
    return [(r.old_id, r.new_id, r.change,
             groups.setdefault(r.group, len(groups)) if r.group else -1)
            for r in t.itertuples()]


@pytest.mark.parametrize("ext", ["md", "docx"])
@pytest.mark.parametrize("a, b", STEPS)
def test_golden_bundled_versions(bundled, a, b, ext):
    from consultkit.clauses.parse import parse_clauses
    folder = _versions(bundled)
    cmp = compare(parse_clauses(folder / f"{a}.{ext}"), parse_clauses(folder / f"{b}.{ext}"),
                  ignore_renumbering=False)
    golden = pd.read_csv(GOLDEN / f"{a}__{b}.csv", dtype=str, keep_default_na=False)
    golden["is_clause"] = True
    assert _changed_rows(cmp.table) == _changed_rows(golden)


def _changes_md(folder):
    rows = []
    for line in (folder / "CHANGES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in ("hien-hanh", "du-thao-1"):
            rows.append(cells[:5])
    return rows


@pytest.mark.parametrize("a, b", STEPS)
def test_golden_agrees_with_the_authors_list_of_changes(bundled, a, b):
    """CHANGES.md lists a split with the old id on every row (a merge: the new id); the
    table names the single clause on the group's first row only. Expand, then compare."""
    folder = _versions(bundled)
    expected = {(o, n, c) for f, t, o, n, c in _changes_md(folder) if (f, t) == (a, b)}
    golden = pd.read_csv(GOLDEN / f"{a}__{b}.csv", dtype=str, keep_default_na=False)
    got = set()
    for group, rows in golden.groupby(golden["group"].where(golden["group"] != "",
                                                            golden.index.astype(str))):
        single_old = next((x for x in rows["old_id"] if x), "")
        single_new = next((x for x in rows["new_id"] if x), "")
        for r in rows.itertuples():
            if r.change == "split":
                got.add((single_old, r.new_id, r.change))
            elif r.change == "merged":
                got.add((r.old_id, single_new, r.change))
            else:
                got.add((r.old_id, r.new_id, r.change))
    assert got == expected
    kinds = {c for _, _, c in expected}
    assert kinds >= {"modified", "added", "deleted", "moved", "renumbered", "split", "merged"} \
        or (a, b) != STEPS[0]


@given(st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=10).map(" ".join),
                min_size=1, max_size=8))
def test_a_parsed_document_compared_with_itself_is_unchanged(texts):
    from consultkit.clauses.parse import parse_clauses
    lines = []
    for i, t in enumerate(texts):
        if i % 3 == 0:
            lines.append(f"Điều {i // 3 + 1}. {t.capitalize()}")
        else:
            lines.append(f"{i % 3}. {t}.")
    doc = io.BytesIO("\n".join(lines).encode("utf-8"))
    doc.name = "van-ban.md"
    frame_ = parse_clauses(doc)
    t = compare(frame_, frame_.copy()).table
    assert set(t["change"]) == {"unchanged"} and len(t) == len(frame_)


def test_comparison_modules_read_one_way():
    """kinds/worddiff/align at the bottom, amend and html over them, core over those:
    no module imports one above it (not even lazily or for type hints)."""
    import ast
    from pathlib import Path

    import consultkit.comparison as package

    folder = Path(package.__file__).parent
    layer = {"worddiff": 0, "kinds": 0, "align": 1, "amend": 2, "html": 3, "core": 4,
             "history": 5}
    for name, level in layer.items():
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    assert layer.get(target, -1) < level, f"{name} imports {target}"
