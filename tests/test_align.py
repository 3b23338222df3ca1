"""Clause alignment: by id, by content, assignment, splits and merges, nothing dropped."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from hypothesis import given, strategies as st

from clause_frames import NEW, OLD, frame
from consultkit.comparison.align import align, content_of, units_from_frame

VOCAB = ("cơ sở khám bệnh chữa hình ảnh lưu trữ hệ thống kết nối dữ liệu trung tâm bảo đảm an toàn "
         "thông tin tiêu chuẩn DICOM HL7 phần mềm máy trạm bác sĩ chẩn đoán").split()


def _pairs(links):
    return {(l.old.id if l.old else "", l.new.id if l.new else ""): l for l in links}


def test_same_id_same_text_and_renumbered_and_added():
    links = _pairs(align(frame(OLD), frame(NEW)))
    assert links[("D1.k1", "D1.k1")].how == "id"
    assert links[("D1.k4", "D1.k5")].how == "content"        # renumbered, same text
    assert links[("", "D1.k4")].how == "added"
    assert links[("D1.k3", "")].how == "deleted"
    assert links[("D3.k3", "")].how == "deleted"


def test_split_found_with_its_group():
    links = align(frame(OLD), frame(NEW))
    split = [l for l in links if l.how == "split"]
    assert [(l.old.id if l.old else "", l.new.id) for l in split] == [("D1.k2", "D1.k2"),
                                                                        ("", "D1.k3")]
    assert len({l.group for l in split}) == 1


def test_merge_found():
    old = frame([("D1", "", "article", "Điều 1", "Quy định chung"),
                 ("D1.k1", "D1", "clause", "1.", "Máy trạm phải có màn hình chẩn đoán chuyên dụng"),
                 ("D1.k2", "D1", "clause", "2.", "Máy trạm phải cài phần mềm xem ảnh DICOM"),
                 ("D1.k3", "D1", "clause", "3.", "Hệ thống lưu trữ tối thiểu mười năm")])
    new = frame([("D1", "", "article", "Điều 1", "Quy định chung"),
                 ("D1.k1", "D1", "clause", "1.", "Máy trạm phải có màn hình chẩn đoán chuyên dụng "
                  "và phải cài phần mềm xem ảnh DICOM"),
                 ("D1.k2", "D1", "clause", "2.", "Hệ thống lưu trữ tối thiểu mười năm")])
    links = align(old, new)
    merged = [l for l in links if l.how == "merged"]
    assert [(l.old.id, l.new.id if l.new else "") for l in merged] == [("D1.k1", "D1.k1"),
                                                                         ("D1.k2", "")]
    assert _pairs(links)[("D1.k3", "D1.k2")].how == "content"


def test_assignment_pairs_reworded_clause_under_new_id():
    old = frame([("a", "", "point", "a)", "Phần mềm quản lý thông tin hình ảnh y tế của cơ sở"),
                 ("b", "", "point", "b)", "Máy trạm cho bác sĩ chẩn đoán hình ảnh")])
    new = frame([("a", "", "point", "a)", "Máy trạm dành cho bác sĩ chẩn đoán hình ảnh"),
                 ("c", "", "point", "c)", "Phần mềm quản lý thông tin hình ảnh y tế của cơ sở "
                  "khám bệnh")])
    links = _pairs(align(old, new))
    assert links[("b", "a")].how == "assigned"
    assert links[("a", "c")].how == "assigned"


def test_clauses_never_pair_with_non_clause_blocks():
    old = frame([("_header.1", "", "header", "", "Cơ sở khám bệnh chữa bệnh")])
    new = frame([("D1", "", "article", "Điều 1", "Cơ sở khám bệnh chữa bệnh")])
    hows = sorted(l.how for l in align(old, new))
    assert hows == ["added", "deleted"]


def test_content_of_keeps_heading_once():
    assert content_of("Phạm vi", "") == "Phạm vi"
    assert content_of("Phạm vi", "Phạm vi điều chỉnh") == "Phạm vi điều chỉnh"
    assert content_of("Phạm vi", "Thông tư này") == "Phạm vi Thông tư này"


sentence = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12).map(" ".join)


@st.composite
def versions(draw):
    texts = draw(st.lists(sentence, min_size=0, max_size=12))
    old = [(f"k{i}", "", "clause", f"{i}.", t) for i, t in enumerate(texts)]
    new_texts = []
    for t in texts:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop", "dup"]))
        if action == "keep":
            new_texts.append(t)
        elif action == "edit":
            new_texts.append(t + " " + draw(sentence))
        elif action == "dup":
            new_texts += [t, draw(sentence)]
    if new_texts and draw(st.booleans()):
        i = draw(st.integers(0, len(new_texts) - 1))
        new_texts.append(new_texts.pop(i))
    new = [(f"k{i}", "", "clause", f"{i}.", t) for i, t in enumerate(new_texts)]
    return frame(old), frame(new)


@given(versions())
def test_every_unit_is_in_exactly_one_link(pair):
    old, new = pair
    links = align(old, new)
    olds = Counter(l.old.id for l in links if l.old is not None)
    news = Counter(l.new.id for l in links if l.new is not None)
    assert olds == Counter(old["clause_id"])
    assert news == Counter(new["clause_id"])


@given(versions())
def test_units_from_frame_keep_order(pair):
    old, _ = pair
    units = units_from_frame(old)
    assert [u.order for u in units] == sorted(u.order for u in units)


def test_alignment_accuracy_on_the_decree_with_known_edits(nd30):
    """Nghị định 30/2020 against a copy with known edits: word edits in 60 clauses, 3
    deletions, 2 points moved under other clauses, a khoản inserted at the head of an
    article (its siblings renumbered). Every surviving clause must find its original."""
    import random

    from consultkit import schema
    from consultkit.clauses.parse import parse_clauses
    from consultkit.comparison.core import compare

    old = parse_clauses(nd30 / "nd30_30_2020_ND_CP.txt")
    rng = random.Random(2020)
    rows = old.sort_values("order").to_dict("records")
    truth = {r["clause_id"]: r["clause_id"] for r in rows}      # old id -> new id
    parents = {r["parent_id"] for r in rows}
    leaves = [r for r in rows if r["kind"] in ("clause", "point") and r["clause_id"] not in parents
              and len(r["text"].split()) >= 8]
    for r in rng.sample(leaves, 60):
        words = r["text"].split(" ")
        i = rng.randrange(len(words))
        words[i] = "sửa đổi"
        r["text"] = " ".join(words)
    deleted = rng.sample([r for r in leaves], 3)
    for r in deleted:
        rows.remove(r)
        truth[r["clause_id"]] = ""
    points = [r for r in rows if r["kind"] == "point" and r["clause_id"] not in parents]
    for r in rng.sample(points, 2):
        rows.remove(r)
        host = rng.choice([x for x in rows if x["kind"] == "clause"])
        new_id = f"{host['clause_id']}.moved{len(truth)}"
        truth[r["clause_id"]] = new_id
        rows.insert(rows.index(host) + 1, dict(r, clause_id=new_id, parent_id=host["clause_id"]))
    article = next(a for a in rows[len(rows) // 2:] if a["kind"] == "article"
                   and len([k for k in rows if k["parent_id"] == a["clause_id"]]) >= 3
                   and not any(k["clause_id"] in parents for k in rows
                               if k["parent_id"] == a["clause_id"]))
    kids = [k for k in rows if k["parent_id"] == article["clause_id"]]
    for n, k in enumerate(kids, start=2):
        new_id = f"{article['clause_id']}.k{n}~new"
        truth[k["clause_id"]] = new_id
        k.update(clause_id=new_id, number=f"{n}.")
    rows.insert(rows.index(kids[0]), dict(kids[0], clause_id=f"{article['clause_id']}.k1~new",
                                          number="1.", text="Khoản mới chèn vào đầu điều."))
    for i, r in enumerate(rows):
        r["order"] = i
    new = schema.conform(rows, schema.CLAUSES)

    table = compare(old, new, ignore_renumbering=False).table
    found = {o: n for o, n in zip(table["old_id"], table["new_id"]) if o}
    wrong = {o: (found.get(o), n) for o, n in truth.items() if found.get(o) != n}
    assert not wrong
    kinds = dict(zip(table["old_id"], table["change"]))
    assert all(kinds[r["clause_id"]] == "deleted" for r in deleted)
    assert {kinds[k] for k in truth if truth[k].startswith(article["clause_id"] + ".k")} == \
        {"renumbered"}
    assert sum(c.startswith("moved") for c in table["change"]) == 2


# ----------------------------------------------------------------- evidence on real text
def _decree_units(nd30):
    from consultkit import parse_clauses
    frame_ = parse_clauses(nd30 / "nd30_30_2020_ND_CP.docx")
    return frame_, [u for u in units_from_frame(frame_) if u.is_clause]


def _lookalikes(units, threshold):
    """Pairs of different leaf clauses of the real decree at least ``threshold`` alike."""
    from rapidfuzz import fuzz
    parents = {u.parent for u in units}
    leaves = [u for u in units if u.id not in parents and len(u.content.split()) >= 5]
    return [(a, b) for i, a in enumerate(leaves) for b in leaves[i + 1:]
            if fuzz.ratio(a.content, b.content) / 100 >= threshold]


def test_similarity_alone_is_no_evidence_on_a_real_decree(nd30):
    """Why CONTENT_MIN is not enough by itself: in Nghị định 30/2020, unrelated clauses
    (văn bản đi / văn bản đến, sao y / sao lục…) are this alike; a content-only pair must
    also be each other's clearly best match in the whole other text (DISTINCT_MARGIN)."""
    from consultkit.comparison.align import CONTENT_MIN
    _, units = _decree_units(nd30)
    alike = _lookalikes(units, CONTENT_MIN)
    assert len(alike) >= 20
    assert any(a.content != b.content for a, b in alike)


def test_a_deleted_clause_is_never_paired_with_an_added_lookalike(nd30):
    """For every look-alike pair (A, C) of the real decree: delete A and insert a copy of
    C elsewhere as an inserted unit "1a." — A must come out deleted and the copy added,
    never paired (a wrong pairing is worse than an honest delete + add). Identical texts
    (D16.k3 and D22.k4 are word for word the same) are the same words moved: left out."""
    from consultkit import compare
    from consultkit.comparison.align import CONTENT_MIN
    base, units = _decree_units(nd30)
    alike = [(a, c) for a, c in _lookalikes(units, CONTENT_MIN) if a.content != c.content]
    target = next(u for u in units if u.id == "D2.k1")
    checked = 0
    for a, c in alike[:40]:
        for gone, copied in ((a, c), (c, a)):
            if target.id in (gone.id, copied.id):
                continue
            rows = []
            for record in base[base.clause_id != gone.id].to_dict("records"):
                rows.append(record)
                if record["clause_id"] == target.id:
                    rows.append({**record, "clause_id": "D2.k1a", "number": "1a.",
                                 "heading": "", "text": copied.content})
            new = pd.DataFrame(rows)
            new["order"] = range(len(new))
            table = compare(base, new).table
            got = table[(table.old_id == gone.id) | (table.new_id == "D2.k1a")]
            assert set(zip(got.old_id, got.new_id, got.change)) == {
                (gone.id, "", "deleted"), ("", "D2.k1a", "added")}, (gone.id, copied.id)
            checked += 1
    assert checked >= 40
