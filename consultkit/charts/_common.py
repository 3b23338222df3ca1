"""What the charts share: labels, colours, layout, clause ordering."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go

#: Vietnamese labels of comment stances (schema.COMMENTS ``stance``).
STANCE_LABELS = {
    "substantive": "Có ý kiến cụ thể",
    "agree": "Nhất trí",
    "general": "Ý kiến chung",
}
STANCE_COLORS = {"substantive": "#d62728", "agree": "#2ca02c", "general": "#7f7f7f"}
STATUS_COLORS = {"pending": "#bbbbbb", "accepted": "#2ca02c", "partly_accepted": "#ffbb33",
                 "explained": "#1f77b4"}
NO_CLAUSE = "Không nêu điều khoản"
UNKNOWN_GROUP = "Chưa xác định đơn vị"
NO_COMMENTS = "Chưa có ý kiến góp ý nào trong sổ"

#: block kinds of schema.CLAUSES that are not clauses
_NON_CLAUSE_KINDS = {"title", "header", "preamble", "signature", "recipients", "text", "note"}

_FONT = dict(family="Times New Roman, Liberation Serif, DejaVu Serif, serif", size=14)


def _layout(fig: go.Figure, title: str, **kwargs) -> go.Figure:
    settings = dict(title=dict(text=title, x=0.01), font=_FONT, template="plotly_white",
                    hoverlabel=dict(font=_FONT), margin=dict(l=60, r=30, t=70, b=60))
    fig.update_layout(**{**settings, **kwargs})
    return fig


def _no_data(fig: go.Figure, text: str) -> None:
    """Say so in the middle of an empty chart."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=18, color="#7f7f7f"))


def _group_label(group: str, title: str = "") -> str:
    """Axis label of a group: its number as written and a short title.

    The title is needed: the 2021 annex numbers two different groups "IV".
    """
    if not group:
        return UNKNOWN_GROUP
    if not title:
        return f"Nhóm {group}"
    short = title if len(title) <= 32 else title[:30].rsplit(" ", 1)[0] + "…"
    return f"Nhóm {group}<br>{short}"


def _ordered_unique(values) -> list:
    return list(dict.fromkeys(values))


def order_clause_ids(ids, clauses: pd.DataFrame | None) -> list[str]:
    """Clause ids in document order when ``clauses`` is given, else natural order."""
    ids = _ordered_unique(ids)
    if clauses is not None and len(clauses):
        rank = {cid: i for i, cid in enumerate(clauses.sort_values("order")["clause_id"])}
    else:
        rank = {}

    def key(cid: str):
        return (cid == NO_CLAUSE, rank.get(cid, len(rank)), natural_clause_key(cid))

    return sorted(ids, key=key)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(seg: str) -> int | None:
    if not seg or any(ch not in _ROMAN for ch in seg):
        return None
    total = 0
    for ch, nxt in zip(seg, seg[1:] + " "):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total


def natural_clause_key(cid: str) -> tuple:
    """Sort key of a clause id: numbers (Arabic or Roman) by value, 'r2' before 'r10'.

    >>> sorted(["IV.3.r10", "IV.10", "IV.3.r2", "IX", "IV.2"], key=natural_clause_key)
    ['IV.2', 'IV.3.r2', 'IV.3.r10', 'IV.10', 'IX']
    """
    parts = []
    for seg in str(cid).split("."):
        roman = _roman(seg)
        if roman is not None:
            parts.append(((0, roman),))
        else:
            parts.append(tuple((0, int(p)) if p.isdigit() else (1, p)
                               for p in re.split(r"(\d+)", seg) if p))
    return tuple(parts)


def clause_tick(cid: str) -> str:
    """A clause id as an axis label reads it: 'IV.3.r2' -> 'IV.3, dòng 2'.

    >>> clause_tick("IV.3.r2"), clause_tick("IV.2.2.a"), clause_tick("D8.k2.a")
    ('IV.3, dòng 2', 'IV.2.2.a', 'Điểm a khoản 2 Điều 8')
    """
    if cid == NO_CLAUSE:
        return cid
    from ..writers.labels import clause_label

    label = clause_label(cid)
    return label[4:] if label.startswith("Mục ") else label


def _clause_axis(order: list[str], **kwargs) -> dict:
    """A category axis of clause ids shown with :func:`clause_tick` labels."""
    return dict(type="category", tickmode="array", tickvals=order,
                ticktext=[clause_tick(c) for c in order], **kwargs)


def _active_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments without the copies of duplicate letters."""
    if "duplicate_of" in comments.columns:
        return comments[comments["duplicate_of"].fillna("") == ""]
    return comments


def _exploded_clauses(comments: pd.DataFrame) -> pd.DataFrame:
    """One row per (comment, cited clause); comments citing none get NO_CLAUSE."""
    frame = _active_comments(comments).copy()
    frame["clause"] = [tuple(ids) if ids is not None and len(ids) else (NO_CLAUSE,)
                       for ids in frame["clause_ids"]]
    return frame.explode("clause")



def _as_date(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()

