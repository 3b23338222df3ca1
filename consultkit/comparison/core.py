"""``compare(old, new)``: what changed between two versions, clause by clause.

The result's :attr:`Comparison.table` follows ``schema.COMPARISON`` and adds, after
the declared columns: ``kind`` (the unit's kind, new side first), ``is_clause``
(False for headers, notes and other non-clause blocks), ``old_number``,
``new_number`` (numbers as written), ``old_order``, ``new_order`` (document
positions, -1 when absent), ``old_parent``, ``new_parent``.

Rows are in the new document's order; a deleted clause is placed right after the
row of the nearest clause before it (in the old document) that still exists.

Change kinds (Vietnamese labels in :data:`CHANGE_LABELS`):

* ``unchanged`` / ``modified``: same place, same or different content;
* ``renumbered``: its own number changed (``Điều 8`` → ``Điều 9``, ``b)`` → ``c)``)
  but it stays under the same parent, in the same order among its siblings. A
  clause whose only change is that an *ancestor* was renumbered is not renumbered.
  With ``ignore_renumbering=True`` (the default) renumbering is not reported:
  ``renumbered`` reads ``unchanged`` and ``renumbered+modified`` reads ``modified``
  (old_id and new_id still show both numbers);
* ``moved``: under another parent, or out of order among its siblings (the
  siblings kept in order are a longest increasing subsequence);
* ``moved+modified``, ``renumbered+modified``: both at once;
* ``added``, ``deleted``;
* ``split``: one old clause became several consecutive new ones; ``merged``:
  several consecutive old clauses became one. The rows of one split or merge share
  ``group``; the single clause is on the group's first row, and each row's
  ``old_text``/``new_text`` holds the piece of the single clause's text that went
  to (or came from) that row's clause, so ``apply_ops(old_text, ops) == new_text``
  holds on every row.

Modules read one way: :mod:`.worddiff`, :mod:`.align` and :mod:`.kinds` (change kinds,
labels) at the bottom; :mod:`.amend` (the amending wording) and :mod:`.html` over them;
this module over those (``Comparison.to_html`` and ``amending_text`` import them when
called); :mod:`.history` on top.

Non-clause blocks (title, header, preamble, signature, recipients, text, note) are
aligned among themselves and kept in the table (``is_clause`` False); ``summary``,
``changed``, the HTML view with ``only_changed``, the amending wording and the
history leave them out.
"""

from __future__ import annotations

import bisect
import gc
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import schema
from ..errors import ConsultkitError, SchemaError
from . import worddiff as wd
from .align import Link, Unit, align, is_clause, units_from_frame
from .kinds import CHANGE_KINDS, CHANGE_LABELS

__all__ = ["compare", "Comparison", "CHANGE_LABELS", "CHANGE_KINDS", "as_clause_frame"]


_REQUIRED = ("clause_id", "parent_id", "kind", "number", "heading", "text", "order")
_SEP = "\x00SEP\x00"  # never produced by the tokenizer


def as_clause_frame(source: Any, side: str = "") -> pd.DataFrame:
    """A CLAUSES frame from a frame, or from anything ``parse_clauses`` reads."""
    if isinstance(source, pd.DataFrame):
        missing = [c for c in _REQUIRED if c not in source.columns]
        if missing:
            raise SchemaError(f"the {side} clause frame lacks columns {missing}",
                              hint="Build it with consultkit.parse_clauses or schema.conform(rows, "
                                   "schema.CLAUSES)")
        frame = schema.conform(source, schema.CLAUSES)
        dup = frame["clause_id"][frame["clause_id"].duplicated()].tolist()
        if dup:
            raise SchemaError(f"the {side} clause frame has duplicate clause_id values {dup[:5]}",
                              hint="clause ids must be unique; parse_clauses adds '~2' suffixes")
        return frame
    try:
        from ..clauses.parse import parse_clauses
    except ImportError as exc:  # pragma: no cover - while the parser is being written
        raise ConsultkitError("cannot read documents: consultkit.clauses.parse is not available",
                              hint="Pass clause frames instead") from exc
    return as_clause_frame(parse_clauses(source), side)


def longest_increasing(values: list[int]) -> list[int]:
    """Indices, in order, of one longest strictly increasing subsequence of ``values``.

    The clauses kept in place when others moved (used here and by the tracked file).

    >>> longest_increasing([3, 1, 2, 5, 4])
    [1, 2, 4]
    """
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    keep = []
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        keep.append(i)
        i = prev[i]
    return keep[::-1]


def _number_changed(o: Unit, n: Unit) -> bool:
    if o.number or n.number:
        return o.number.strip() != n.number.strip()
    return o.id.rsplit(".", 1)[-1] != n.id.rsplit(".", 1)[-1]


def _classify(links: list[Link], ignore_renumbering: bool) -> dict[int, str]:
    """Change kind of each one-to-one link (by index in ``links``)."""
    old2new = {"": ""}
    for l in links:
        if l.old is not None and l.new is not None:
            old2new[l.old.id] = l.new.id
    moved: set[int] = set()
    siblings: dict[str, list[int]] = {}
    for i, l in enumerate(links):
        if l.old is None or l.new is None or l.group:
            continue
        if old2new.get(l.old.parent) != l.new.parent:
            moved.add(i)
        else:
            siblings.setdefault(l.new.parent, []).append(i)
    for idx in siblings.values():
        idx.sort(key=lambda i: links[i].new.order)
        keep = set(longest_increasing([links[i].old.order for i in idx]))
        moved.update(i for k, i in enumerate(idx) if k not in keep)
    kinds = {}
    for i, l in enumerate(links):
        if l.group:
            kinds[i] = l.how
        elif l.old is None:
            kinds[i] = "added"
        elif l.new is None:
            kinds[i] = "deleted"
        else:
            modified = l.old.content != l.new.content
            if i in moved:
                kinds[i] = "moved+modified" if modified else "moved"
            elif _number_changed(l.old, l.new) and not ignore_renumbering:
                kinds[i] = "renumbered+modified" if modified else "renumbered"
            else:
                kinds[i] = "modified" if modified else "unchanged"
    return kinds


def _partition(ops: list[tuple[int, list[str]]], sep_op: int, n: int) -> list[list]:
    """Cut token ops at the separator tokens into ``n`` per-row op lists."""
    parts: list[list] = [[] for _ in range(n)]
    s = 0
    for op, toks in ops:
        for tok in toks:
            if tok == _SEP and op == sep_op:
                s += 1
            else:
                parts[s].append((op, tok))
    return [wd._merge(p) for p in parts]


def _group_rows(members: list[Link]) -> list[tuple[Link, list]]:
    """Per-row ops for a split (one old, several new) or merge (several old, one new)."""
    if members[0].how == "split":
        whole = members[0].old
        seq: list[str] = []
        for i, m in enumerate(members):
            seq += ([_SEP] if i else []) + wd.tokenize(m.new.content)
        ops = wd.diff_tokens(wd.tokenize(whole.content), seq)
        parts = _partition(ops, wd.INSERT, len(members))
    else:
        whole = members[0].new
        seq = []
        for i, m in enumerate(members):
            seq += ([_SEP] if i else []) + wd.tokenize(m.old.content)
        ops = wd.diff_tokens(seq, wd.tokenize(whole.content))
        parts = _partition(ops, wd.DELETE, len(members))
    return list(zip(members, parts))


def _rows(links: list[Link], ignore_renumbering: bool) -> list[dict]:
    kinds = _classify(links, ignore_renumbering)
    groups: dict[str, list[Link]] = {}
    for l in links:
        if l.group:
            groups.setdefault(l.group, []).append(l)
    group_ops = {}
    for members in groups.values():
        for m, ops in _group_rows(members):
            group_ops[id(m)] = ops
    # new order of each old unit's partner, to place deletions
    placed = sorted((l.old.order, _group_last(groups[l.group]) if l.group else l.new.order)
                    for l in links if l.old is not None and (l.new is not None or l.group))
    old_orders = [o for o, _ in placed]
    rows = []
    for i, l in enumerate(links):
        o, n = l.old, l.new
        if l.group:
            ops = group_ops[id(l)]
        else:
            ops = wd.word_diff(o.content if o else "", n.content if n else "")
        if n is not None:
            key = (n.order, 0, 0)
        else:
            k = bisect.bisect_left(old_orders, o.order)
            anchor = placed[k - 1][1] if k else -1
            if l.group:
                anchor = _group_new(groups[l.group]).order
            key = (anchor, 1, o.order)
        unit = n or o
        if o is not None and n is not None and not l.group and o.content == n.content:
            sim, added, deleted = 1.0, 0, 0  # identical: skip counting words
        else:
            sim = round(wd.similarity(ops), 4) if (o and n) or l.group else 0.0
            added, deleted = wd.words_added(ops), wd.words_deleted(ops)
        rows.append({
            "_key": key,
            "old_id": o.id if o else "",
            "new_id": n.id if n else "",
            "change": kinds[i],
            "similarity": sim,
            "old_text": wd.old_text(ops),
            "new_text": wd.new_text(ops),
            "ops": tuple(ops),
            "words_added": added,
            "words_deleted": deleted,
            "group": l.group,
            "kind": unit.kind,
            "is_clause": is_clause(unit.kind, unit.id),
            "old_number": o.number if o else "",
            "new_number": n.number if n else "",
            "old_order": o.order if o else -1,
            "new_order": n.order if n else -1,
            "old_parent": o.parent if o else "",
            "new_parent": n.parent if n else "",
        })
    rows.sort(key=lambda r: r["_key"])
    for r in rows:
        del r["_key"]
    return rows


def _group_last(members: list[Link]) -> int:
    return max(m.new.order for m in members if m.new is not None)


def _group_new(members: list[Link]) -> Unit:
    return next(m.new for m in members if m.new is not None)


@dataclass
class Comparison:
    """The result of :func:`compare`: the table plus both clause frames."""
    table: pd.DataFrame
    old: pd.DataFrame
    new: pd.DataFrame
    ignore_renumbering: bool = True

    def summary(self) -> pd.DataFrame:
        """Counts by change kind (clauses only): columns change, label, count."""
        clauses = self.table[self.table["is_clause"]]
        counts = clauses["change"].value_counts()
        rows = [{"change": k, "label": CHANGE_LABELS[k], "count": int(counts.get(k, 0))}
                for k in CHANGE_KINDS]
        return pd.DataFrame(rows)

    def changed(self) -> pd.DataFrame:
        """Rows of clauses that changed (not unchanged, not non-clause blocks)."""
        t = self.table
        return t[(t["change"] != "unchanged") & t["is_clause"]]

    def to_html(self, layout: str = "inline", only_changed: bool = False) -> str:
        from .html import comparison_html
        return comparison_html(self, layout=layout, only_changed=only_changed)

    def amending_text(self, document: str = "") -> str:
        from .amend import amending_text
        return amending_text(self, document=document)

    def _repr_html_(self) -> str:  # notebooks
        return self.to_html(only_changed=True)


def compare(old: Any, new: Any, *, ignore_renumbering: bool = True) -> Comparison:
    """Compare two versions clause by clause (frames or documents ``parse_clauses`` reads)."""
    old_frame = as_clause_frame(old, "old")
    new_frame = as_clause_frame(new, "new")
    # many small objects, none cyclic: pausing the cyclic GC saves a third of the time
    paused = gc.isenabled()
    gc.disable()
    try:
        links = align(units_from_frame(old_frame), units_from_frame(new_frame))
        rows = _rows(links, ignore_renumbering)
    finally:
        if paused:
            gc.enable()
    table = schema.conform(rows, schema.COMPARISON)
    if table.empty:
        for col, dtype in (("kind", "str"), ("is_clause", "bool"), ("old_number", "str"), ("new_number", "str"),
                           ("old_order", "int64"), ("new_order", "int64"),
                           ("old_parent", "str"), ("new_parent", "str")):
            table[col] = pd.Series(dtype=dtype)
    return Comparison(table=table, old=old_frame, new=new_frame,
                      ignore_renumbering=ignore_renumbering)
