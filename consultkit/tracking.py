"""Who replied, who is late, who to remind: pure functions over the roster and comments.

:func:`responses` gives one row per roster unit (``schema.RESPONSES``):

* a comment counts for the unit in its ``unit_id``; copies of a letter that
  arrived twice (``duplicate_of`` not empty) are not counted again;
* ``late`` means the *first* reply came after the deadline; a reply without a
  date is never called late;
* ``stance`` is ``substantive`` when any comment of the unit is substantive
  (or general), ``agree`` when every comment only agrees, ``none`` with no reply;
* ``needs_reminder`` is true for units that have not replied, except
  placeholder groups (which stand for units the dispatch does not list).

Placeholder groups: replies from units not in the roster whose name says
they are a ministry's or sector's health agency ("Y tế Bộ Công an", "Cục Y tế
Bộ Giao thông vận tải", "Y tế ngành Đường sắt") are *attributed* to the
placeholder row of kind ``ministry_health_agency`` ("Y tế các Bộ, Ngành"): it
shows as replied, with their count. Those comments keep ``unit_id == ""`` in
the register and stay visible in :func:`unmatched_replies` (with the
placeholder in ``attributed_to``), so nobody's reply disappears.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from . import schema
from .text import fold

#: folded unit names that belong to a ministry's / sector's health agency
MINISTRY_HEALTH_PATTERN = re.compile(r"(?:^|\s)(?:cuc |vu |ban |phong )?y te (?:cac )?(?:bo|nganh)\b")

UNMATCHED_COLUMNS: schema.Columns = {
    "unit_raw": ("str", "the sender as written"),
    "n_comments": ("int64", "comments from this sender"),
    "first_reply": ("date", "first date received"),
    "match_method": ("str", "how the match ended: needs_decision, none"),
    "attributed_to": ("str", "placeholder unit the reply is counted for, '' if none"),
}

SUMMARY_COLUMNS: schema.Columns = {
    "group": ("str", "group number as written"),
    "group_title": ("str", "group heading as written"),
    "placeholder": ("bool", "the group is a placeholder for unlisted units"),
    "consulted": ("int64", "roster entries (a placeholder group counts as one)"),
    "replied": ("int64", "entries with at least one reply"),
    "late": ("int64", "entries whose first reply came after the deadline"),
    "to_remind": ("int64", "entries without a reply, placeholders excepted"),
}

#: Vietnamese headers for the summary, for everything a user sees
SUMMARY_LABELS = {
    "group": "Nhóm", "group_title": "Tên nhóm", "placeholder": "Nhóm đại diện",
    "consulted": "Số đơn vị được xin ý kiến", "replied": "Đã trả lời", "late": "Trả lời muộn",
    "to_remind": "Cần đôn đốc",
}


def _placeholder_target(roster: pd.DataFrame) -> str:
    ph = roster[roster["placeholder"].astype(bool)]
    preferred = ph[ph["kind"] == "ministry_health_agency"]
    if preferred.empty:
        preferred = ph[ph["group_title"].map(fold).str.contains("y te cac bo", regex=False)]
    return str(preferred["unit_id"].iloc[0]) if len(preferred) else ""


def _attribute(comments: pd.DataFrame, roster: pd.DataFrame) -> pd.Series:
    """unit_id of each comment, with ministry health agencies attributed to the placeholder."""
    unit = comments["unit_id"].fillna("").astype(str)
    known = unit.isin(set(roster["unit_id"]))
    target = _placeholder_target(roster)
    if target:
        ministry = comments["unit_raw"].fillna("").astype(str).map(fold) \
            .str.contains(MINISTRY_HEALTH_PATTERN)
        unit = unit.where(known | ~ministry, target)
    return unit


def _as_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.map(lambda v: v if isinstance(v, dt.date) else None),
                          errors="coerce")


def _to_date(value) -> dt.date | None:
    return None if pd.isna(value) else value.date()


def _counted(comments: pd.DataFrame, today: dt.date | None) -> pd.DataFrame:
    frame = comments
    if "duplicate_of" in frame:
        frame = frame[frame["duplicate_of"].fillna("").astype(str) == ""]
    if today is not None:
        received = _as_dates(frame["received"])
        frame = frame[received.isna() | (received <= pd.Timestamp(today))]
    return frame


def responses(roster: pd.DataFrame, comments: pd.DataFrame, deadline: dt.date | None,
              today: dt.date | None = None) -> pd.DataFrame:
    """One row per roster unit: replied, first/last reply, late, comments, stance, reminder.

    ``today`` reads the situation as of that day: comments received after it
    are ignored (default: all comments).
    """
    roster = schema.conform(roster, schema.ROSTER)
    counted = _counted(comments, today)
    per_comment = pd.DataFrame({
        "unit_id": _attribute(counted, roster) if len(counted) else pd.Series([], dtype=str),
        "received": _as_dates(counted["received"]) if len(counted) else pd.Series([], dtype="M8[ns]"),
        "substantive": counted["stance"].isin(["substantive", "general"]) if len(counted)
        else pd.Series([], dtype=bool),
    })
    grouped = per_comment[per_comment["unit_id"] != ""].groupby("unit_id").agg(
        n_comments=("unit_id", "size"), first=("received", "min"), last=("received", "max"),
        substantive=("substantive", "any"))
    out = roster.join(grouped, on="unit_id")
    n = out["n_comments"].fillna(0).astype("int64")
    replied = n > 0
    first = out["first"]
    late = first.notna() & (first > pd.Timestamp(deadline)) if deadline else pd.Series(
        False, index=out.index)
    stance = pd.Series("none", index=out.index, dtype=object)
    stance[replied] = "agree"
    stance[replied & out["substantive"].fillna(False).astype(bool)] = "substantive"
    result = pd.DataFrame({
        "unit_id": out["unit_id"], "name": out["name"], "group": out["group"],
        "group_title": out["group_title"], "kind": out["kind"], "placeholder": out["placeholder"],
        "replied": replied, "first_reply": first.map(_to_date).astype(object),
        "last_reply": out["last"].map(_to_date).astype(object), "late": late.astype(bool),
        "n_comments": n, "stance": stance,
        "needs_reminder": ~replied & ~out["placeholder"].astype(bool),
    })
    return schema.conform(result, schema.RESPONSES)


def unmatched_replies(comments: pd.DataFrame, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """Senders not matched to a roster unit, one row per sender as written.

    With ``roster``, ``attributed_to`` names the placeholder a ministry health
    agency's reply is counted for (see the module docstring).
    """
    unit = comments["unit_id"].fillna("").astype(str)
    unmatched = unit == "" if roster is None else ~unit.isin(set(roster["unit_id"]))
    frame = comments[unmatched]
    if frame.empty:
        return schema.empty(UNMATCHED_COLUMNS)
    attributed = (_attribute(frame, schema.conform(roster, schema.ROSTER)) if roster is not None
                  else pd.Series("", index=frame.index))
    work = pd.DataFrame({"unit_raw": frame["unit_raw"].fillna("").astype(str),
                         "received": _as_dates(frame["received"]),
                         "match_method": frame["match_method"].fillna("").astype(str),
                         "attributed_to": attributed.where(attributed != frame["unit_id"], "")})
    grouped = work.groupby("unit_raw", sort=False).agg(
        n_comments=("unit_raw", "size"), first_reply=("received", "min"),
        match_method=("match_method", "first"), attributed_to=("attributed_to", "first"))
    grouped["first_reply"] = grouped["first_reply"].map(_to_date).astype(object)
    return schema.conform(grouped.reset_index(), UNMATCHED_COLUMNS)


def group_keys(frame: pd.DataFrame) -> pd.Series:
    """A unique key per annex group of a roster-like frame (``group``, ``group_title``).

    The group number as written is not unique (the 2021 annex numbers two groups
    "IV"), so a group is the pair (number, title); its key is the number, with
    ``~2``, ``~3`` added for the second and later groups that reuse a number.

    >>> f = pd.DataFrame({"group": ["I", "IV", "IV", "IV"],
    ...                   "group_title": ["BHXH", "Vụ, Cục", "Bệnh viện", "Vụ, Cục"]})
    >>> list(group_keys(f))
    ['I', 'IV', 'IV~2', 'IV']
    """
    keys: dict[tuple[str, str], str] = {}
    used: dict[str, int] = {}
    for pair in zip(frame["group"].astype(str), frame["group_title"].astype(str)):
        if pair not in keys:
            used[pair[0]] = used.get(pair[0], 0) + 1
            keys[pair] = pair[0] if used[pair[0]] == 1 else f"{pair[0]}~{used[pair[0]]}"
    return pd.Series([keys[p] for p in zip(frame["group"].astype(str),
                                           frame["group_title"].astype(str))],
                     index=frame.index, dtype=str)


def summary(responses_frame: pd.DataFrame) -> pd.DataFrame:
    """Counts per roster group, in roster order (group titles as written)."""
    frame = responses_frame.assign(
        to_remind=responses_frame["needs_reminder"].astype(bool),
        late_=responses_frame["late"].astype(bool),
        replied_=responses_frame["replied"].astype(bool))
    grouped = frame.groupby(["group", "group_title"], sort=False).agg(
        placeholder=("placeholder", "all"), consulted=("unit_id", "size"),
        replied=("replied_", "sum"), late=("late_", "sum"), to_remind=("to_remind", "sum"))
    return schema.conform(grouped.reset_index(), SUMMARY_COLUMNS)
