"""How each clause evolved across several versions (current text, draft 1, draft 2, …).

``compare_versions([v0, v1, ...], names=None)`` compares each version with the
next and chains the rows into lineages. The result has one row per lineage and
these columns (``N`` = a version name, ``A→B`` = a step):

* ``lineage``: 0-based number of the lineage, in the last version's order; a clause
  that disappeared earlier stays where it stood (after the lineage before it);
* ``id:N``: the clause id in version N ('' where the clause does not exist);
* ``text:N``: its text in version N;
* ``change:A→B``: the change kind at that step ('' when absent on both sides);
* ``changes``: the step changes in Vietnamese, joined with " → ";
* ``origin``: for a clause split off another one, the lineage it came from
  (-1 otherwise); a merged-away clause ends there, its row saying ``merged``.

Every clause of every version is in exactly one lineage; non-clause blocks
(header, signature…) are left out of the history.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from .align import is_clause
from .core import CHANGE_LABELS, compare

__all__ = ["compare_versions"]


def compare_versions(versions: Sequence[Any], names: Sequence[str] | None = None,
                     *, ignore_renumbering: bool = True) -> pd.DataFrame:
    """One row per clause lineage across ``versions`` (frames or documents)."""
    if len(versions) < 2:
        raise ValueError("compare_versions needs at least two versions")
    names = list(names) if names is not None else [f"v{i}" for i in range(len(versions))]
    if len(names) != len(versions) or len(set(names)) != len(names):
        raise ValueError("names must be distinct, one per version")
    steps = [f"{a}→{b}" for a, b in zip(names, names[1:])]
    comparisons = [compare(a, b, ignore_renumbering=ignore_renumbering)
                   for a, b in zip(versions, versions[1:])]

    lineages: list[dict] = []
    current: dict[str, int] = {}  # clause id in version k -> lineage index

    def new_lineage(origin: int = -1) -> int:
        row = {"origin": origin}
        for n in names:
            row[f"id:{n}"] = ""
            row[f"text:{n}"] = ""
        for s in steps:
            row[f"change:{s}"] = ""
        lineages.append(row)
        return len(lineages) - 1

    sequence: list[int] = []
    first = comparisons[0].old
    for r in first.sort_values("order").itertuples(index=False):
        if not is_clause(r.kind, r.clause_id):
            continue
        i = new_lineage()
        current[r.clause_id] = i
        sequence.append(i)

    for k, cmp in enumerate(comparisons):
        a, b, step = names[k], names[k + 1], steps[k]
        table = cmp.table[cmp.table["is_clause"]]
        old_texts, new_texts = _texts(cmp.old), _texts(cmp.new)
        nxt: dict[str, int] = {}
        step_seq: list[int] = []
        group_lineage: dict[str, int] = {}
        for r in table.itertuples(index=False):
            if r.old_id:
                i = current.get(r.old_id)
                if i is None:  # old clause absent from the first version's lineage map
                    i = new_lineage()
                lineages[i][f"id:{a}"] = r.old_id
                lineages[i][f"text:{a}"] = old_texts.get(r.old_id, "")
                if r.group:
                    group_lineage.setdefault(r.group, i)
            else:
                origin = group_lineage.get(r.group, -1) if r.group else -1
                i = new_lineage(origin)
            if r.new_id:
                nxt[r.new_id] = i
                lineages[i][f"id:{b}"] = r.new_id
                lineages[i][f"text:{b}"] = new_texts.get(r.new_id, "")
            lineages[i][f"change:{step}"] = r.change
            step_seq.append(i)
        sequence = _carry(sequence, step_seq)
        current = nxt

    for row in lineages:
        row["changes"] = " → ".join(CHANGE_LABELS.get(row[f"change:{s}"], "—")
                                    if row[f"change:{s}"] else "—" for s in steps)
    base_cols = (["origin"] + [f"id:{n}" for n in names] + [f"text:{n}" for n in names]
                 + [f"change:{s}" for s in steps] + ["changes"])
    frame = pd.DataFrame(lineages, columns=base_cols)
    frame = frame.loc[sequence]
    # renumber lineages and their origins
    renumber = {old: new for new, old in enumerate(frame.index)}
    frame["origin"] = frame["origin"].map(lambda o: renumber.get(o, -1)).astype("int64")
    frame.insert(0, "lineage", range(len(frame)))
    cols = (["lineage"] + [f"id:{n}" for n in names] + [f"change:{s}" for s in steps]
            + ["changes", "origin"] + [f"text:{n}" for n in names])
    return frame[cols].reset_index(drop=True)


def _carry(previous: list[int], current: list[int]) -> list[int]:
    """``current`` (the step's table order) plus the lineages that ended before it, each
    kept right after the lineage that preceded it in ``previous``."""
    present = set(current)
    after: dict[int, list[int]] = {}
    anchor = -1
    for lin in previous:
        if lin in present:
            anchor = lin
        else:
            after.setdefault(anchor, []).append(lin)
    out = list(after.get(-1, []))
    for lin in current:
        out.append(lin)
        out += after.get(lin, [])
    return out


def _texts(frame: pd.DataFrame) -> dict[str, str]:
    from .align import content_of
    return {cid: content_of(h, t) for cid, h, t in
            zip(frame["clause_id"], frame["heading"], frame["text"])}
