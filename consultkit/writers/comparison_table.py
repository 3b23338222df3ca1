"""Bảng so sánh: current rule | draft | rationale, one row per changed clause.

The word-level diff of each row (``ops``, op -1 delete, 0 equal, 1 insert) is
shown as drafters mark it by hand: deleted words struck through in the
current-rule column, inserted words bold and underlined in the draft column.
Rows follow the new document's order; a deleted clause sits after the new
clause that follows its old predecessor. A4 landscape, house style.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .. import text as vt
from . import style
from .labels import clause_label

HEADER = ["Quy định hiện hành", "Dự thảo sửa đổi, bổ sung", "Thuyết minh (lý do)"]
WIDTHS_MM = [100, 100, 52]
#: Blocks that are not clauses (the document's title, notes, signature…) are not rows.
_SKIP_KINDS = {"title", "header", "preamble", "signature", "recipients", "text"}

#: In the "Thuyết minh" column a bare change kind reads as the Ministry writes it.
_NOTE_LABELS = {"moved": "Chuyển vị trí", "moved+modified": "Chuyển vị trí và sửa đổi",
                "split": "Tách nội dung", "merged": "Gộp nội dung"}


def _labels() -> dict[str, str]:
    from ..comparison.core import CHANGE_LABELS

    return {**CHANGE_LABELS, **_NOTE_LABELS}


def _rationale_map(rationale: Any) -> dict[str, str]:
    if rationale is None:
        return {}
    if isinstance(rationale, Mapping):
        return {str(k): vt.normalize(v) for k, v in rationale.items()}
    frame = pd.DataFrame(rationale)
    key = "clause_id" if "clause_id" in frame.columns else frame.columns[0]
    note = next((c for c in ("note", "rationale", "thuyet_minh", "Thuyết minh") if c in frame.columns),
                [c for c in frame.columns if c != key][0])
    return {str(k): vt.normalize(v) for k, v in zip(frame[key], frame[note]) if str(v).strip()}


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in the new document's order; deletions after their old predecessor's successor."""
    if "new_order" not in table.columns or "old_order" not in table.columns or not len(table):
        return table
    t = table.reset_index(drop=True)
    new_order = pd.to_numeric(t["new_order"], errors="coerce")
    old_order = pd.to_numeric(t["old_order"], errors="coerce")
    has_new = (t["new_id"].astype(str) != "") & new_order.notna() & (new_order >= 0)
    anchors = sorted((o, n) for o, n, h in zip(old_order, new_order, has_new)
                     if h and not math.isnan(o) and o >= 0)
    keys = []
    for i in range(len(t)):
        if has_new[i]:
            keys.append((float(new_order[i]), 0, 0.0))
            continue
        o = float(old_order[i]) if not math.isnan(old_order[i]) else float(i)
        before = [n for oo, n in anchors if oo < o]
        keys.append((max(before) if before else -1.0, 1, o))
    t["_key"] = keys
    return t.sort_values("_key", kind="stable").drop(columns="_key")


def _bold_heading(segments: list, heading: str) -> list:
    """Make the leading ``heading`` of a cell's text bold and end its line (as Điều headings are)."""
    if not heading:
        return segments
    text = "".join(t for t, _ in segments)
    if not text.startswith(heading):
        return segments
    n, pos, out, cut_done = len(heading), 0, [], False
    for t, flags in segments:
        if cut_done or pos >= n:
            out.append((t, flags))
        elif pos + len(t) <= n:
            out.append((t, flags + "b"))
            if pos + len(t) == n:
                cut_done = True
                out.append(("\n", ""))
        else:
            cut = n - pos
            out += [(t[:cut], flags + "b"), ("\n", ""), (t[cut:].lstrip(), flags)]
            cut_done = True
        pos += len(t)
    # drop the blank right after the break
    for i in range(len(out) - 1):
        if out[i][0] == "\n":
            nxt, flags = out[i + 1]
            out[i + 1] = (nxt.lstrip(), flags)
            break
    out = [(t, f) for t, f in out if t]
    while out and out[-1][0] == "\n":  # a heading alone: no empty line under it
        out.pop()
    return out


_CELL_SEPARATOR = " | "


def _cell_lines(segments: list) -> list:
    """A criteria-table row's cells ("STT | Tiêu chí | Yêu cầu") one per line, not pipes.

    The separator may straddle segments of different formatting (a deletion
    ending in " |"), so the text is split as a whole and the formatting kept
    character by character.

    >>> _cell_lines([("5 | Lưu trữ", ""), (" | 12 tháng", "bu")])
    [('5', ''), ('\\n', ''), ('Lưu trữ', ''), ('\\n', ''), ('12 tháng', 'bu')]
    >>> _cell_lines([("ảnh |", "s"), (" x", "")])
    [('ảnh', 's'), ('\\n', ''), ('x', '')]
    """
    text = "".join(t for t, _ in segments)
    if _CELL_SEPARATOR not in text:
        return segments
    flags = [f for t, f in segments for _ in t]
    chars: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        if text.startswith(_CELL_SEPARATOR, i):
            chars.append(("\n", ""))
            i += len(_CELL_SEPARATOR)
        else:
            chars.append((text[i], flags[i]))
            i += 1
    out: list = []
    for ch, flag in chars:
        if out and out[-1][1] == flag and ch != "\n" and out[-1][0] != "\n":
            out[-1] = (out[-1][0] + ch, flag)
        else:
            out.append((ch, flag))
    return out


def _cells(rec: Mapping[str, Any], headings: tuple[dict, dict] = ({}, {})) -> tuple[list, list]:
    old_cell, new_cell = _cells_raw(rec, headings)
    return _cell_lines(old_cell), _cell_lines(new_cell)


def _cells_raw(rec: Mapping[str, Any], headings: tuple[dict, dict] = ({}, {})) -> tuple[list, list]:
    ops = rec.get("ops") or ()
    old_text, new_text = str(rec.get("old_text", "") or ""), str(rec.get("new_text", "") or "")
    old_id, new_id = str(rec.get("old_id", "") or ""), str(rec.get("new_id", "") or "")
    old_cell: list = [(clause_label(old_id) + "\n", "b")] if old_id else []
    new_cell: list = [(clause_label(new_id) + "\n", "b")] if new_id else []
    if not old_id:
        old_cell = [("(Chưa quy định)", "i")]
        new_cell += [(new_text, "bu")]
    elif not new_id:
        old_cell += [(old_text, "s")]
        new_cell = [("(Bãi bỏ)", "i")]
    elif ops and any(op != 0 for op, _ in ops):
        old_cell += _bold_heading([(t, "s" if op < 0 else "") for op, t in ops if op <= 0],
                                  headings[0].get(old_id, ""))
        new_cell += _bold_heading([(t, "bu" if op > 0 else "") for op, t in ops if op >= 0],
                                  headings[1].get(new_id, ""))
        return old_cell, new_cell
    else:
        old_cell.append((old_text, ""))
        new_cell.append((new_text, ""))
    head = 1 if old_id else 0
    old_cell[head:] = _bold_heading(old_cell[head:], headings[0].get(old_id, ""))
    head = 1 if new_id else 0
    new_cell[head:] = _bold_heading(new_cell[head:], headings[1].get(new_id, ""))
    return old_cell, new_cell


def _headings(frame: pd.DataFrame | None) -> dict[str, str]:
    if frame is None or not len(frame) or "heading" not in frame.columns:
        return {}
    return {str(c): str(h).strip() for c, h in zip(frame["clause_id"], frame["heading"]) if str(h).strip()}


def comparison_rows(comparison: Any, *, rationale: Any = None, only_changed: bool = True) -> list[list]:
    """The table's rows: [old cell, new cell, rationale] with formatted segments."""
    table = comparison.table if hasattr(comparison, "table") else pd.DataFrame(comparison)
    if "kind" in table.columns:
        table = table[~table["kind"].astype(str).isin(_SKIP_KINDS)]
    ids = table["old_id"].astype(str) + table["new_id"].astype(str)
    table = table[~ids.str.startswith("_")]
    if only_changed:
        table = table[table["change"].astype(str) != "unchanged"]
    notes = _rationale_map(rationale)
    labels = _labels()
    headings = tuple(_headings(getattr(comparison, side, None)) for side in ("old", "new"))
    rows = []
    for rec in _ordered(table).to_dict("records"):
        old_cell, new_cell = _cells(rec, headings)
        note = notes.get(str(rec.get("new_id", "")), "") or notes.get(str(rec.get("old_id", "")), "")
        change = labels.get(str(rec.get("change", "")), str(rec.get("change", "")))
        why = [(note, "")] if note else [(change, "i")]
        rows.append([old_cell, new_cell, why])
    return rows


def write_comparison_table(comparison: Any, path: str | Path, *, rationale: Any = None,
                           only_changed: bool = True, title: str | None = None,
                           subtitle: str | None = None) -> Path:
    """Write the bảng so sánh (.docx, A4 landscape) of a ``Comparison`` (or its table frame).

    ``rationale``: dict or DataFrame ``clause_id -> note`` (looked up by the
    new id, then the old id); rows without one show the kind of change.
    """
    doc = style.new_document(landscape=True)
    style.add_title(doc, title or "Bảng so sánh nội dung sửa đổi, bổ sung", subtitle)
    rows = comparison_rows(comparison, rationale=rationale, only_changed=only_changed)
    if rows:
        style.add_table(doc, HEADER, rows, WIDTHS_MM, align=["justify", "justify", "left"])
    else:
        style.add_body_paragraph(doc, "Không có nội dung sửa đổi, bổ sung.", italic=True)
    return style.save_document(doc, path, what="the comparison table")


__all__ = ["write_comparison_table", "comparison_rows", "HEADER"]
