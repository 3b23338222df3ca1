"""Alignment and naming scored on redrafts of a real decree with known edits.

tests/fixtures/redrafts/ (scripts/build_redraft_corpus.py): the real Nghị định 30/2020
and drafters' redrafts of it — inserted articles with and without renumbering, inserted
``1a.``/``c1)`` units, deletions, a number reused by another unit, moves, splits, merges,
rewordings — written by python-docx and saved again by LibreOffice, each with its truth.

Scored per pair, and over the corpus:

* an *edit* is an added or deleted unit, an expected pairing (modified, moved, renumbered)
  or a split/merge; it is found when the comparison has exactly that row (or group) with
  the change kind named right;
* a *wrong pairing* is a row pairing an old unit with a new one the truth does not pair it
  with (untouched units pair with themselves). Target: at least 98 % of edits found,
  0 wrong pairings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consultkit import compare, parse_clauses

FIXTURES = Path(__file__).parent / "fixtures" / "redrafts"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))
PAIRS = [(name, suffix) for name in NAMES for suffix in ("", ".lo")]

_MODIFIED = {"modified", "renumbered+modified"}
_MOVED = {"moved", "moved+modified"}
_SAME = {"unchanged", "renumbered"}


def truth_of(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def expected_partner(truth: dict, old_ids: list[str], new_ids: set[str]) -> dict:
    """old id → the new id (or tuple of ids for a split/merge, None when deleted)."""
    out: dict = {}
    for old in old_ids:
        out[old] = old if old in new_ids else None
    out.update(truth.get("renamed", {}))
    for old, (new, _) in truth.get("pairs", {}).items():
        out[old] = new
    for old in truth.get("deleted", []):
        out[old] = None
    for old, news in truth.get("splits", []):
        out[old] = tuple(news)
    for olds, new in truth.get("merges", []):
        for old in olds:
            out[old] = (new,)
    return out


def score(table, truth: dict, old_ids: list[str], new_ids: set[str]) -> dict:
    rows = table[table["is_clause"]]
    expected = expected_partner(truth, old_ids, new_ids)
    wrong: list[tuple] = []
    pairs = 0
    groups: dict[str, list] = {}
    for r in rows.itertuples(index=False):
        if r.group:
            groups.setdefault(r.group, []).append(r)
            continue
        if r.old_id and r.new_id:
            pairs += 1
            if expected.get(r.old_id) != r.new_id:
                wrong.append((r.old_id, r.new_id, r.change))
    found_groups = []
    for members in groups.values():
        olds = [m.old_id for m in members if m.old_id]
        news = tuple(m.new_id for m in members if m.new_id)
        pairs += 1
        found_groups.append((members[0].change, tuple(olds), news))
        for old in olds:
            if expected.get(old) != news:
                wrong.append((tuple(olds), news, members[0].change))
    by_old = {r.old_id: r for r in rows.itertuples(index=False) if r.old_id and not r.group}
    by_new = {r.new_id: r for r in rows.itertuples(index=False) if r.new_id and not r.group}
    edits: list[tuple[str, bool]] = []
    for new in truth.get("added", []):
        r = by_new.get(new)
        edits.append((f"added {new}", r is not None and r.change == "added"))
    for old in truth.get("deleted", []):
        r = by_old.get(old)
        edits.append((f"deleted {old}", r is not None and r.change == "deleted"))
    for old, (new, how) in truth.get("pairs", {}).items():
        r = by_old.get(old)
        kinds = _MODIFIED if how == "modified" else _MOVED
        edits.append((f"{how} {old}→{new}", r is not None and r.new_id == new
                      and r.change in kinds))
    for old, new in truth.get("renamed", {}).items():
        r = by_old.get(old)
        edits.append((f"renumbered {old}→{new}", r is not None and r.new_id == new
                      and r.change in _SAME))
    for old, news in truth.get("splits", []):
        edits.append((f"split {old}", ("split", (old,), tuple(news)) in found_groups))
    for olds, new in truth.get("merges", []):
        edits.append((f"merged {olds}", ("merged", tuple(olds), (new,)) in found_groups))
    return {"edits": len(edits), "found": sum(ok for _, ok in edits),
            "missed": [e for e, ok in edits if not ok], "pairs": pairs, "wrong": wrong}


@pytest.fixture(scope="module")
def results():
    out = {}
    bases = {}
    for name, suffix in PAIRS:
        truth = truth_of(name)
        if truth["base"] not in bases:
            bases[truth["base"]] = parse_clauses(FIXTURES / truth["base"])
        base = bases[truth["base"]]
        new = parse_clauses(FIXTURES / f"{name}{suffix}.docx")
        comparison = compare(base, new)
        old_ids = [c for c in base.clause_id if not c.startswith("_")]
        out[(name, suffix)] = (comparison, score(comparison.table, truth, old_ids,
                                                 set(new.clause_id)))
    return out


def test_corpus_is_complete():
    assert {"insert-article", "insert-article-renumber", "insert-units", "delete-renumber",
            "delete-and-reuse-number", "move", "split", "merge", "modify", "all",
            "renumber-and-modify", "insert-clause-renumber", "annex-units"} <= set(NAMES)
    for name, suffix in PAIRS:
        assert (FIXTURES / f"{name}{suffix}.docx").exists()


@pytest.mark.parametrize("name,suffix", PAIRS, ids=[f"{n}{s}" for n, s in PAIRS])
def test_each_redraft_no_wrong_pairing_and_every_edit_named(results, name, suffix):
    _, result = results[(name, suffix)]
    assert result["wrong"] == []
    assert result["missed"] == []


def test_corpus_precision_and_recall(results):
    edits = sum(r["edits"] for _, r in results.values())
    found = sum(r["found"] for _, r in results.values())
    pairs = sum(r["pairs"] for _, r in results.values())
    wrong = sum(len(r["wrong"]) for _, r in results.values())
    print(f"\nredraft corpus: {len(results)} pairs, {edits} edits, recall {found / edits:.3f}, "
          f"{pairs} pairings, {wrong} wrong, precision {(pairs - wrong) / pairs:.4f}")
    assert edits >= 150
    assert found / edits >= 0.98
    assert wrong == 0


def test_parse_keeps_inserted_units_of_the_redrafts():
    frame = parse_clauses(FIXTURES / "insert-units.lo.docx")
    ids = list(frame.clause_id)
    for new in truth_of("insert-units")["added"]:
        assert new in ids
    assert ids.index("D8.k2.c") < ids.index("D8.k2.c1") < ids.index("D8.k2.c2") \
        < ids.index("D8.k2.d")
