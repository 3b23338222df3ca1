"""The next draft from the drafters' edits: numbering inserted units, applying edits.

Pure functions over CLAUSES and CLAUSE_EDITS frames (``consultkit.schema``);
the files of the next draft are written by :mod:`consultkit.writers.draft_files`
and :meth:`consultkit.workspace.Consultation.new_draft`.

Inserted units are numbered the amending way (the original numbers never
change): an article, khoản or annex item takes the number of the unit it
follows plus a letter (``Điều 5a``, ``1a.``, ``2.2a.``; the next one after it
``1b.``), a point the letter of the point it follows plus a digit (``d1)``,
then ``d2)``), a criteria-table row its STT plus a letter (``5a``).

>>> import pandas as pd
>>> f = pd.DataFrame({"clause_id": ["D2", "D2.k1", "D2.k1.d", "D2.k2"],
...                   "kind": ["article", "clause", "point", "clause"],
...                   "number": ["Điều 2.", "1.", "d)", "2."]})
>>> next_number(f, "D2.k1")
('1a.', 'D2.k1a')
>>> next_number(f, "D2.k1.d")
('d1)', 'D2.k1.d1')
>>> next_number(f, "D2")
('Điều 2a.', 'D2a')
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from . import schema
from .errors import ConsultkitError
from .text import VIETNAMESE_POINT_LETTERS, normalize

__all__ = ["next_number", "apply_edits", "checked_edits", "subtree", "Tree", "edit_labels", "RedraftError"]


class RedraftError(ConsultkitError):
    """An edit that cannot be applied to its draft (unit missing, unnumbered …)."""


_SUFFIX = re.compile(r"^(?P<base>.*?\d)(?P<suffix>[a-zđ]*)$")
_POINT = re.compile(r"^(?P<letter>[a-zđ])(?P<digit>\d*)$")


def _next_letter(letter: str) -> str:
    letters = VIETNAMESE_POINT_LETTERS
    if not letter:
        return letters[0]
    index = letters.index(letter) if letter in letters else -1
    if index + 1 >= len(letters):
        raise RedraftError(f"no letter after {letter!r} to number an inserted unit")
    return letters[index + 1]


def _own_token(clause_id: str) -> tuple[str, str]:
    """(prefix, own segment) of an id: 'D2.k1a' → ('D2.', 'k1a'); 'IV.2.2a' → ('IV.2.', '2a')."""
    head, _, own = clause_id.rpartition(".")
    return (head + "." if head else ""), own


def next_number(frame: pd.DataFrame, after_id: str, *, taken: Iterable[str] = ()) -> tuple[str, str]:
    """(number as written, clause id) of a unit inserted after ``after_id``.

    ``taken``: ids already given to other pending insertions, skipped like the
    frame's own ids.
    """
    rows = frame[frame["clause_id"] == after_id]
    if rows.empty:
        raise RedraftError(f"không có đơn vị {after_id} trong dự thảo",
                           hint="Chọn một điều khoản có trong dự thảo")
    row = rows.iloc[0]
    kind, number = str(row["kind"]), str(row["number"]).strip()
    existing = set(frame["clause_id"])
    used = existing | set(taken)
    prefix, own = _own_token(after_id)

    def check(first_id: str, first_number: str) -> None:
        # a unit inserted earlier already follows this one: the new one goes after it
        if first_id in existing:
            raise RedraftError(f"sau {after_id} đã có đơn vị {first_number} được bổ sung trước đây",
                               hint=f"Bổ sung vào sau đơn vị {first_number} (số tiếp theo của nó) "
                                    "để giữ đúng thứ tự")
    if kind == "point" or (kind == "item" and _POINT.match(own)):
        match = _POINT.match(own)
        if not match:
            raise RedraftError(f"không đánh số được đơn vị chèn sau {after_id}")
        letter, digit = match["letter"], int(match["digit"] or 0)
        check(f"{prefix}{letter}{digit + 1}", f"{letter}{digit + 1})")
        while True:
            digit += 1
            new_own = f"{letter}{digit}"
            if prefix + new_own not in used:
                closer = number[-1] if number and number[-1] in ")." else ")"
                return f"{new_own}{closer}", prefix + new_own
    if kind == "table_row":
        match = re.match(r"^(?P<head>.*\.r)(?P<stt>\d+)(?P<suffix>[a-zđ]*)$", after_id)
        if not match:
            raise RedraftError(f"không đánh số được dòng chèn sau {after_id}")
        stt, suffix = match["stt"], match["suffix"]
        check(f"{match['head']}{stt}{_next_letter(suffix[-1:] if suffix else '')}",
              f"{stt}{_next_letter(suffix[-1:] if suffix else '')}")
        while True:
            suffix = _next_letter(suffix[-1:] if suffix else "")
            new_id = f"{match['head']}{stt}{suffix}"
            if new_id not in used:
                return f"{stt}{suffix}", new_id
    bullet = re.match(r"^(?P<head>.*?)(?P<mark>[-+])(?P<n>\d+)$", after_id)
    if kind == "item" and bullet:
        # bullets have no number: their ids count them, so the new one takes the next count
        # (and the bullets after it move up by one, as the parser will count them)
        pending = sum(1 for t in taken if re.fullmatch(re.escape(bullet["head"] + bullet["mark"]) + r"\d+", t))
        return number or bullet["mark"], f"{bullet['head']}{bullet['mark']}{int(bullet['n']) + 1 + pending}"
    # articles, khoản, annex items: number + letter
    match = _SUFFIX.match(own)
    if not match:
        raise RedraftError(f"đơn vị {after_id} không có số nên không đánh số được đơn vị chèn sau nó",
                           hint="Chèn sau một điều, khoản, điểm hoặc tiểu mục có số")
    base, suffix = match["base"], match["suffix"]
    check(prefix + base + _next_letter(suffix[-1:] if suffix else ""),
          base.lstrip("Dk") + _next_letter(suffix[-1:] if suffix else ""))
    while True:
        suffix = _next_letter(suffix[-1:] if suffix else "")
        new_id = prefix + base + suffix
        if new_id not in used:
            break
    written = re.sub(r"(\d)([a-zđ]*)(?=\D*$)", lambda m: m.group(1) + suffix, number, count=1)
    if written == number:          # number written without digits as expected: rebuild it
        written = f"{base.lstrip('Dk')}{suffix}."
    return written, new_id


class Tree:
    """The units of a clause frame as a tree: what is below a unit, in document order."""

    def __init__(self, frame: pd.DataFrame):
        ordered = frame.sort_values("order", kind="stable")
        ids = ordered["clause_id"].tolist()
        self.position = {cid: i for i, cid in enumerate(ids)}
        self.children: dict[str, list[str]] = {}
        for cid, parent in zip(ids, ordered["parent_id"].tolist()):
            self.children.setdefault(parent, []).append(cid)
        self.order = dict(zip(ids, ordered["order"].tolist()))
        self.level = dict(zip(ids, ordered["level"].tolist()))

    def subtree(self, clause_id: str) -> list[str]:
        """``clause_id`` and every unit below it, in document order."""
        out, stack = [], [clause_id]
        while stack:
            cid = stack.pop()
            out.append(cid)
            stack.extend(reversed(self.children.get(cid, [])))
        return sorted(out, key=lambda c: self.position.get(c, -1))


def subtree(frame: pd.DataFrame, clause_id: str) -> list[str]:
    """``clause_id`` and every unit below it, in document order."""
    return Tree(frame).subtree(clause_id)


def _edit_rows(edits: pd.DataFrame | Iterable[dict]) -> list[dict]:
    frame = edits if isinstance(edits, pd.DataFrame) else pd.DataFrame(list(edits))
    if frame.empty:
        return []
    return [r for r in frame.to_dict("records") if r.get("action") != "withdrawn"]


def checked_edits(frame: pd.DataFrame, edits: pd.DataFrame | Iterable[dict]) -> list[dict]:
    """The edits to apply (withdrawn ones left out), each checked against ``frame``,
    insertions in the order they will stand.

    Two units inserted at the same place (after point d, and after item 2.2
    whose last point is d) stand deepest first: ``d1)`` before ``2.2a.``.
    """
    rows = _edit_rows(edits)
    known = set(frame["clause_id"])
    for edit in rows:
        if edit["clause_id"] not in known:
            raise RedraftError(f"không có đơn vị {edit['clause_id']} trong dự thảo để sửa",
                               hint="Dự thảo đã đổi sau khi sửa; kiểm tra lại các chỉnh sửa")
    tree = Tree(frame)

    def place(edit: dict) -> tuple:
        if edit["action"] != "insert":
            return (0, 0, 0)
        last = tree.subtree(edit["clause_id"])[-1]
        return (1, tree.order[last], -tree.level[edit["clause_id"]])

    return sorted(rows, key=place)


def apply_edits(frame: pd.DataFrame, edits: pd.DataFrame | Iterable[dict]) -> pd.DataFrame:
    """The clause frame of the next draft: ``frame`` with ``edits`` (CLAUSE_EDITS rows) applied.

    An edit replaces the unit's text (its heading when it has no text of its
    own); a repeal removes the unit and everything below it; an insertion adds
    a unit of the same kind and parent right after the unit it follows and the
    units below that one, written like it (a title when it has only a title). Every edit must name a unit of ``frame``.
    """
    rows = frame.sort_values("order", kind="stable").to_dict("records")
    by_id = {r["clause_id"]: r for r in rows}
    tree = Tree(frame)
    gone: set[str] = set()
    after: dict[str, list[dict]] = {}
    for edit in checked_edits(frame, edits):
        target = edit["clause_id"]
        unit = by_id[target]
        if edit["action"] == "edit":
            text = normalize(edit["text"])
            if unit.get("cells"):
                unit["cells"] = _cells_from_text(unit["cells"], text)
                unit["text"] = _row_text(unit["cells"])
            elif (unit.get("text") or "").strip() or not (unit.get("heading") or "").strip():
                unit["text"] = text
            else:
                unit["heading"] = text
        elif edit["action"] == "repeal":
            gone.update(tree.subtree(target))
        elif edit["action"] == "insert":
            text = normalize(edit["text"])
            titled = bool((unit.get("heading") or "").strip()) and not (unit.get("text") or "").strip()
            # a unit inserted after a titled one ("1. Phạm vi áp dụng") is written like it
            new = {**unit, "clause_id": edit["new_id"], "number": edit["number"],
                   "heading": text if titled else "", "text": "" if titled else text}
            if unit.get("cells"):
                new["cells"] = _cells_from_text(unit["cells"], new["text"], stt=edit["number"])
                new["text"] = _row_text(new["cells"])
            last = tree.subtree(target)[-1]
            after.setdefault(last, []).append(new)
    out = []
    for r in rows:
        if r["clause_id"] not in gone:
            out.append(r)
        out.extend(after.get(r["clause_id"], []))
    _count_bullets(out)
    for i, r in enumerate(out):
        r["order"] = i
    return schema.conform(pd.DataFrame(out, columns=list(frame.columns)), schema.CLAUSES)


_BULLET_OWN = re.compile(r"([-+])\d+")


def _count_bullets(rows: list[dict]) -> None:
    """Give bullets the ids the parser gives them: counted under their parent, in order."""
    renamed: dict[str, str] = {}
    counters: dict[tuple[str, str], int] = {}
    for r in rows:
        old_parent = r.get("parent_id") or ""
        parent = renamed.get(old_parent, old_parent)
        cid = r["clause_id"]
        if old_parent in renamed and cid.startswith(old_parent):
            cid = parent + cid[len(old_parent):]
        mark = _BULLET_OWN.fullmatch(cid[len(parent):]) if cid.startswith(parent) else None
        if r.get("kind") == "item" and mark:
            key = (parent, mark.group(1))
            counters[key] = counters.get(key, 0) + 1
            cid = f"{parent}{mark.group(1)}{counters[key]}"
        if cid != r["clause_id"]:
            renamed[r["clause_id"]] = cid
        r["clause_id"], r["parent_id"] = cid, parent


def _row_text(cells: dict) -> str:
    """A criteria row's text as the parser gives it: the cells after STT that are not empty."""
    return " | ".join(v for v in list(cells.values())[1:] if v)


def _cells_from_text(cells: dict, text: str, *, stt: str | None = None) -> dict:
    """A criteria row's cells from its text ('Tiêu chí | Yêu cầu | x | x', STT kept)."""
    keys = list(cells)
    values = [v.strip() for v in text.split("|")]
    rest = keys[1:]
    if len(values) > len(rest):
        values = values[:len(rest) - 1] + [" | ".join(values[len(rest) - 1:])]
    values += [""] * (len(rest) - len(values))
    out = {keys[0]: stt if stt is not None else cells[keys[0]]}
    out.update(zip(rest, values))
    return out


def edit_labels(edits: pd.DataFrame) -> dict[str, str]:
    """comment id → where the drafters took it in: 'Đã chỉnh sửa tại điểm a tiểu mục 2.2'."""
    from .comparison.amend import cite

    places: dict[str, list[str]] = {}
    for edit in _edit_rows(edits):
        where = cite(edit["new_id"] if edit["action"] == "insert" else edit["clause_id"])
        verb = {"edit": "Đã chỉnh sửa tại", "insert": "Đã bổ sung", "repeal": "Đã bãi bỏ"}[edit["action"]]
        for cid in edit.get("comment_ids") or ():
            places.setdefault(cid, [])
            label = f"{verb} {where}"
            if label not in places[cid]:
                places[cid].append(label)
    return {cid: "; ".join(labels) for cid, labels in places.items()}
