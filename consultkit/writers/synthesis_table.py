"""Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý: the table and its numbers (pure).

* :func:`synthesis_table` (pure) — one row per distinct comment, grouped by the
  clause it cites in the draft's order, general comments first; identical
  comments from several units (same text, or the same ``group_id`` of
  near-identical comments) merged into one row naming every unit.
* :func:`synthesis_numbers` (pure) — the numbers of the opening summary,
  computed from the responses frame (units) and the comments (register), so
  they agree with ``Consultation.responses()`` and the register.

The document (:func:`write_synthesis`, A4 landscape) is in :mod:`.synthesis_doc`, which
builds on this module; :mod:`.synthesis` re-exports both.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import schema
from .. import text as vt
from .labels import clause_label, clause_order, clause_texts, is_deictic, natural_key, shorten, unit_label

COLUMNS = ["STT", "Điều, khoản (nội dung dự thảo)", "Đơn vị góp ý", "Nội dung góp ý",
           "Ý kiến tiếp thu, giải trình"]
#: Extra columns of :func:`synthesis_table`, after the five printed ones.
EXTRA = ["Tình trạng xử lý", "clause_id", "comment_ids", "n_units"]
WIDTHS_MM = [12, 52, 42, 82, 64]
STATUS_LABELS = schema.DISPOSITION_STATUSES
#: How a disposition opens the "Ý kiến tiếp thu, giải trình" cell.
ANSWER_LEADS = {"accepted": "Tiếp thu", "partly_accepted": "Tiếp thu một phần",
                "explained": "Giải trình"}


def _as_tuple(value: Any) -> tuple:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(value)


def _unit_names(responses: pd.DataFrame | None) -> tuple[dict[str, str], dict[str, int]]:
    if responses is None or not len(responses):
        return {}, {}
    names = dict(zip(responses["unit_id"].astype(str), responses["name"].astype(str)))
    rank = {uid: i for i, uid in enumerate(responses["unit_id"].astype(str))}
    return names, rank


def table_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """The comments that go into the table: not a duplicate copy, not a bare agreement."""
    if not len(comments):
        return comments
    keep = pd.Series(True, index=comments.index)
    if "duplicate_of" in comments.columns:
        keep &= comments["duplicate_of"].fillna("").astype(str) == ""
    if "stance" in comments.columns:
        keep &= comments["stance"].fillna("").astype(str) != "agree"
    return comments[keep]


def synthesis_table(comments: pd.DataFrame, clauses: pd.DataFrame | None = None,
                    responses: pd.DataFrame | None = None) -> pd.DataFrame:
    """The synthesis table as a frame: the five printed columns, then :data:`EXTRA`.

    ``comments``: COMMENTS columns, optionally with ``status``/``response``
    (the register's dispositions) and ``placed`` (where the drafters' edits took
    the comment in: 'Đã chỉnh sửa tại điểm a tiểu mục 2.2 mục IV', see
    ``Consultation.comments``); ``clauses``: the draft's CLAUSES frame (for
    order and text); ``responses``: RESPONSES (for the units' roster names).
    """
    order = clause_order(clauses)
    texts = clause_texts(clauses)
    names, rank = _unit_names(responses)
    groups: dict[tuple, dict[str, Any]] = {}
    for rec in table_comments(comments).to_dict("records"):
        cited = [c for c in _as_tuple(rec.get("clause_ids")) if c]
        cited.sort(key=lambda c: (c not in order, order.get(c, 0), natural_key(c)))
        primary = cited[0] if cited else ""
        text = vt.normalize(rec.get("text", ""))
        same = str(rec.get("group_id", "") or "") or vt.fold(text)
        key = (primary, same)
        unit_id = str(rec.get("unit_id", "") or "")
        unit = unit_label(names.get(unit_id) or rec.get("unit_raw", "")) or "(không rõ đơn vị)"
        group = groups.setdefault(key, {"primary": primary, "cited": [], "text": text,
                                        "units": [], "ranks": [], "ids": [], "statuses": [],
                                        "responses": [], "refs": vt.normalize(rec.get("refs_raw", ""))})
        for c in cited:
            if c not in group["cited"]:
                group["cited"].append(c)
        if unit not in group["units"]:
            group["units"].append(unit)
            group["ranks"].append(rank.get(unit_id, len(rank) + len(group["units"])))
        group["ids"].append(str(rec.get("comment_id", "")))
        group["statuses"].append(str(rec.get("status", "") or "pending"))
        response = vt.normalize(rec.get("response", "") or "")
        if response and response not in group["responses"]:
            group["responses"].append(response)
        placed = vt.normalize(rec.get("placed", "") or "")   # where a redraft took it in
        if placed and placed not in group["responses"]:
            group["responses"].append(placed)

    def sort_key(item):
        (primary, _), group = item
        if not primary:  # general comments first, those citing a place not found next, together
            refs = "" if is_deictic(group["refs"]) else vt.fold(group["refs"])
            return (0, 0, (bool(refs), refs), min(group["ranks"], default=0))
        return (1, order.get(primary, 10**9), natural_key(primary), min(group["ranks"], default=0))

    rows = []
    for n, (_, group) in enumerate(sorted(groups.items(), key=sort_key), start=1):
        primary = group["primary"]
        label = ", ".join(clause_label(c) for c in group["cited"]) or clause_label("")
        if primary in texts:
            number, heading, body = texts[primary]
            excerpt = shorten(" ".join(x for x in (heading, body) if x), 300)
            if excerpt:
                label = f"{label}:\n{excerpt}"
        elif not primary and group["refs"] and not is_deictic(group["refs"]):
            refs = group["refs"]  # cited, but not found in the draft: shown as the unit wrote it
            label = refs[0].upper() + refs[1:]
        statuses = [s for s in group["statuses"] if s != "pending"] or ["pending"]
        status = statuses[0]
        status_label = STATUS_LABELS.get(status, status)
        answer = "\n".join(group["responses"])
        lead = ANSWER_LEADS.get(status, "")
        shown = f"{lead}: {answer}" if answer and lead else (answer or lead)
        units = [u for _, u in sorted(zip(group["ranks"], group["units"]))]
        rows.append({COLUMNS[0]: n, COLUMNS[1]: label, COLUMNS[2]: ";\n".join(units),
                     COLUMNS[3]: group["text"], COLUMNS[4]: shown, "Tình trạng xử lý": status_label,
                     "clause_id": primary, "comment_ids": tuple(group["ids"]),
                     "n_units": len(units)})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("STT", "n_units") else
                                          ("object" if c == "comment_ids" else "str"))
                             for c in COLUMNS + EXTRA})
    return pd.DataFrame(rows, columns=COLUMNS + EXTRA)


def synthesis_numbers(comments: pd.DataFrame, responses: pd.DataFrame) -> dict[str, Any]:
    """The numbers of the opening summary.

    Units are counted as ``consultkit.tracking`` counts them (its ``summary``):
    every roster entry is consulted, a placeholder group ("Y tế các Bộ,
    Ngành") counting as one; ``units_not_replied`` are those needing a
    reminder (placeholders excepted, named in ``placeholders_not_replied``).
    Comments come from the register: ``comments_received`` counts every
    comment, ``comments_in_table`` those that are neither a duplicate copy nor
    a bare agreement; the status counts are over the latter.
    """
    def flag(column: str) -> pd.Series:
        return responses[column].astype(bool) if len(responses) else pd.Series([], dtype=bool)

    replied, placeholder = flag("replied"), flag("placeholder")
    stance = responses["stance"].astype(str) if len(responses) else pd.Series([], dtype=str)
    names = responses["name"].astype(str) if len(responses) else pd.Series([], dtype=str)
    in_table = table_comments(comments)
    statuses = (in_table["status"].fillna("pending").astype(str).replace("", "pending")
                if "status" in in_table.columns else pd.Series(["pending"] * len(in_table)))
    counts = statuses.value_counts()
    duplicates = (int((comments["duplicate_of"].fillna("").astype(str) != "").sum())
                  if "duplicate_of" in comments.columns else 0)
    return {
        "units_consulted": int(len(responses)),
        "placeholder_groups": names[placeholder].tolist(),
        "units_replied": int(replied.sum()),
        "units_late": int((replied & flag("late")).sum()),
        "units_agreed": names[replied & (stance == "agree")].tolist(),
        "units_substantive": names[replied & (stance == "substantive")].tolist(),
        "units_not_replied": int(flag("needs_reminder").sum()),
        "placeholders_not_replied": names[placeholder & ~replied].tolist(),
        "comments_received": int(len(comments)),
        "duplicates": duplicates,
        "comments_in_table": int(len(in_table)),
        "accepted": int(counts.get("accepted", 0)),
        "partly_accepted": int(counts.get("partly_accepted", 0)),
        "explained": int(counts.get("explained", 0)),
        "pending": int(counts.get("pending", 0)),
    }


__all__ = ["synthesis_table", "synthesis_numbers", "table_comments", "COLUMNS", "WIDTHS_MM"]
