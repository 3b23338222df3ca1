"""Applying amending instructions to a base text: :func:`consolidate`.

The base is a clause frame (or anything :func:`~consultkit.clauses.parse.parse_clauses`
reads); it is kept as an ordered list of rows and changed instruction by
instruction, the rules of the Pháp lệnh hợp nhất (01/2012/UBTVQH13):

* numbers never change: a restated unit keeps its id; an inserted unit takes the
  id its number gives (``D2.k1a``) and is placed where its instruction says
  ("vào sau khoản 1" right after khoản 1 and its descendants; "vào Điều 5"
  among Điều 5's units by number);
* a repealed unit stays as its number followed by "(được bãi bỏ)";
* every changed unit carries a footnote naming the amending document (number,
  date of effect) and the provision of it that made the change (``notes``).

The quoted new text is read by the same clause builder as every document, under
a skeleton of the target's enclosing units, so its ids are the ids the base's
numbering gives; a quoted table row ("6. Ký số | … | x") under a criteria table
becomes a table row.

Nothing is applied silently: an instruction whose target is missing, already
there, or repealed; a phrase absent from its place or present more than once;
an unreadable instruction; a quotation never closed — each is a row of
``frame.attrs["report"]`` with ``applied=False`` and the reason in Vietnamese,
and the base is left as it was for that instruction. ``strict=True`` raises
:class:`~consultkit.errors.ConsolidationError` at the first one instead.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .. import schema
from ..errors import ConsolidationError
from ..readers.dates import parse_date
from .instructions import read_amendments
from .locate import (  # noqa: F401  (re-exported: render.py imports _date_vn, _doc_ref)
    _date_vn, _doc_ref, _Failure, _find, _footnote, _missing, _previous_sibling, _records,
    _sort_key, _Text, unit_name,
)
from .phrases import _apply_phrase
from .quoted import _units

__all__ = ["consolidate", "REPEALED", "unit_name", "surviving"]

#: the text a repealed unit keeps after its number
REPEALED = "(được bãi bỏ)"


def _mark(rows: list[dict], status: str, note: str) -> None:
    for row in rows:
        row["status"] = status
        row["notes"] = [note] if row is rows[0] else []


def _apply_unit(state: _Text, inst: dict, info: dict) -> None:
    action = inst["action"]
    targets = list(inst["targets"])
    if not targets:
        raise _Failure("lệnh không nêu đơn vị nào")
    if action == "insert":
        how, _, anchor = inst["anchor"].partition(":")
        a = _find(state, anchor)
        if a < 0:
            raise _Failure(_missing(anchor))
        for cid in targets:
            at = state.index(cid)
            if at >= 0:
                status = "đã được bãi bỏ" if state.rows[at]["status"] == "repealed" else "đã có"
                raise _Failure(f"{cid} {status} trong văn bản; đơn vị bổ sung phải có số hiệu mới "
                               f"(ví dụ khoản 1a, điểm d1)")
        if how == "in":
            parent_index = a
            children = [j for j in range(a + 1, state.end(a))
                        if state.rows[j]["parent_id"] == state.rows[a]["clause_id"]
                        and not state.rows[j]["clause_id"].startswith("_")]
            # "Bổ sung điểm d vào khoản 2": among the units of the same kind, by number; the
            # first of its kind goes first (after the parent's own text rows)
            key = _sort_key(targets[0])
            same = [j for j in children if _sort_key(state.rows[j]["clause_id"])[0] == key[0]]
            if same:
                position, sibling = state.end(same[-1]), same[-1]
                for j in same:
                    if _sort_key(state.rows[j]["clause_id"]) > key:
                        position, sibling = j, j
                        break
            else:
                position, sibling = a + 1, -1
                while position < len(state.rows) and state.rows[position]["clause_id"].startswith(
                        "_") and state.rows[position]["parent_id"] == state.rows[a]["clause_id"]:
                    position += 1
        else:
            parent_id = state.rows[a]["parent_id"]
            parent_index = state.index(parent_id) if parent_id else -1
            position = state.end(a) if how == "after" else a
            sibling = a
        previous = a if how == "after" else -1
        if how != "after":
            previous = _previous_sibling(state, position) if position < len(state.rows) else -1
            if how == "in" and position == state.end(a) and sibling >= 0:
                previous = sibling
        rows = _units(state, inst, targets, parent_index, sibling, previous)
        what = f"{unit_name(rows[0]).capitalize()} này được bổ sung"
        note = _footnote(what, inst, info)
        for row in rows:
            row["status"] = "inserted"
            row["notes"] = [note] if row["clause_id"] in targets else []
        state.rows[position:position] = rows
        return
    for cid in targets:
        i = _find(state, cid)
        if i < 0:
            raise _Failure(_missing(cid))
        if state.rows[i]["status"] == "repealed":
            raise _Failure(f"{cid} đã được bãi bỏ trước đó")
    for cid in targets:
        i = _find(state, cid)
        row = state.rows[i]
        if action == "repeal":
            end = state.end(i)
            what = f"{unit_name(row).capitalize()} này được bãi bỏ"
            kept = dict(row, heading="", text=REPEALED, status="repealed",
                        notes=[_footnote(what, inst, info)], cells=None)
            state.rows[i:end] = [kept]
        elif action == "amend":
            parent_id = row["parent_id"]
            parent_index = state.index(parent_id) if parent_id else -1
            rows = _units(state, inst, [row["clause_id"]], parent_index, i,
                          _previous_sibling(state, i))
            what = f"{unit_name(row).capitalize()} này được sửa đổi, bổ sung"
            note = _footnote(what, inst, info)
            for new in rows:
                new["status"] = "amended"
                new["notes"] = [note] if new["clause_id"] == row["clause_id"] else []
            state.rows[i:state.end(i)] = rows
        elif action == "rename":
            if not inst["blocks"]:
                raise _Failure("lệnh sửa đổi tên không có tên mới trong ngoặc kép")
            title = " ".join(b.display for b in inst["blocks"]).strip()
            number = (row["number"] or "").strip()
            if number and title.startswith(number):
                title = title[len(number):].strip()
            title = re.sub(r"^[.:\-–]\s*", "", title)
            what = f"Tên {unit_name(row)} này được sửa đổi"
            row["heading"] = title
            row["status"] = row["status"] or "renamed"
            row["notes"] = row["notes"] + [_footnote(what, inst, info)]
        elif action == "replace_annex":
            rows = _units(state, inst, [row["clause_id"]], state.index(row["parent_id"])
                          if row["parent_id"] else -1, i)
            note = _footnote("Phụ lục này được thay thế", inst, info)
            for new in rows:
                new["status"] = "amended"
                new["notes"] = [note] if new["clause_id"] == row["clause_id"] else []
            state.rows[i:state.end(i)] = rows


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value)) or dt.date.fromisoformat(str(value))


def _to_frame(rows: list[dict]) -> pd.DataFrame:
    parents: dict[str, int] = {}
    out = []
    for order, row in enumerate(rows):
        row = dict(row)
        row["order"] = order
        row["level"] = parents[row["parent_id"]] + 1 if row["parent_id"] in parents else 0
        parents[row["clause_id"]] = row["level"]
        row["notes"] = tuple(row["notes"])
        row["location"] = row.get("location") or ""
        out.append(row)
    return schema.conform(out, schema.CONSOLIDATED) if out else schema.empty(schema.CONSOLIDATED)


def consolidate(base, *amending, effective=None, strict: bool = False) -> pd.DataFrame:
    """The text in force: ``base`` with the instructions of ``amending`` applied.

    ``base``: a clause frame or what :func:`~consultkit.clauses.parse.parse_clauses`
    reads. ``amending``: amending documents (paths, texts, clause frames) or
    instruction frames from :func:`read_amendments`; applied in order of their
    date of effect (then as given). ``effective``: a date — only the documents in
    force on it are applied. Returns a :data:`~consultkit.schema.CONSOLIDATED`
    frame; ``attrs["report"]`` (:data:`~consultkit.schema.CONSOLIDATION_REPORT`)
    says for every instruction whether it was applied and why not,
    ``attrs["documents"]`` lists the amending documents applied (number, date,
    date of effect, title), ``attrs["issues"]`` document-level problems.

    >>> f = consolidate("Điều 5. A\\n1. Một.\\n2. Hai.\\nĐiều 6. B",
    ...                 "1. Bổ sung Điều 5a vào sau Điều 5 như sau:\\n“Điều 5a. Mới”\\n"
    ...                 "2. Bãi bỏ khoản 2 Điều 5.")
    >>> list(zip(f.clause_id, f.heading, f.text))[2:]
    [('D5.k2', '', '(được bãi bỏ)'), ('D5a', 'Mới', ''), ('D6', 'B', '')]
    """
    from ..clauses.parse import parse_clauses
    if not isinstance(base, pd.DataFrame):
        base = parse_clauses(base)
    frames = []
    for source in amending:
        if isinstance(source, pd.DataFrame) and "action" in source.columns:
            frames.append(source)
        else:
            frames.append(read_amendments(source))
    on = _as_date(effective)
    far = dt.date.max
    ordered = sorted(range(len(frames)), key=lambda k: (
        frames[k].attrs.get("document", {}).get("effective")
        or frames[k].attrs.get("document", {}).get("date") or far, k))
    state = _Text(base)
    report: list[dict] = []
    documents: list[dict] = []
    issues: list[str] = []
    for k in ordered:
        frame = frames[k]
        info = dict(frame.attrs.get("document", {}))
        issues += list(frame.attrs.get("issues", []))
        if strict and frame.attrs.get("issues"):
            raise ConsolidationError(frame.attrs["issues"][0])
        later = on is not None and info.get("effective") is not None and info["effective"] > on
        if not later:
            documents.append(info)
        parts = frame["seq"].value_counts().to_dict() if len(frame) else {}
        for inst in _records(frame):
            inst["shared"] = parts.get(inst["seq"], 1) > 1
            reason = inst["issue"]
            if later and not reason:
                reason = f"văn bản chưa có hiệu lực vào {_date_vn(on)}"
            if not reason:
                saved = list(state.rows)   # edits in place happen only after every check
                try:
                    if inst["action"] in ("replace_phrase", "insert_phrase", "delete_phrase",
                                          "correct"):
                        _apply_phrase(state, inst, info)
                    else:
                        _apply_unit(state, inst, info)
                except _Failure as failure:
                    state.rows = saved
                    reason = str(failure)
            if reason and strict:
                raise ConsolidationError(reason, where=f"{inst['document']}, {inst['location']}",
                                         hint=f"Lệnh: “{inst['instruction'][:120]}”")
            inst.pop("shared", None)
            report.append(dict(inst, applied=not reason, reason=reason))
    result = _to_frame(state.rows)
    result.attrs["report"] = (schema.conform(report, schema.CONSOLIDATION_REPORT) if report
                              else schema.empty(schema.CONSOLIDATION_REPORT))
    result.attrs["documents"] = documents
    result.attrs["issues"] = issues
    result.attrs["base_name"] = base.attrs.get("name", "")
    return result


def surviving(frame: pd.DataFrame) -> pd.DataFrame:
    """The units in force: clauses only, repealed units left out (for comparing texts)."""
    keep = ~frame["clause_id"].str.startswith("_")
    if "status" in frame.columns:
        keep &= frame["status"] != "repealed"
    return frame[keep]
