"""Charts of the comments: by clause, by group, by disposition."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..schema import DISPOSITION_STATUSES
from ..tracking import group_keys
from ._common import (STANCE_LABELS, STANCE_COLORS, STATUS_COLORS, UNKNOWN_GROUP, NO_COMMENTS,
                      _layout, _no_data, _group_label, _ordered_unique, order_clause_ids,
                      clause_tick, _clause_axis, _active_comments, _exploded_clauses)


# --- comments --------------------------------------------------------------------------

def comments_per_clause(comments: pd.DataFrame, clauses: pd.DataFrame | None = None) -> go.Figure:
    """Stacked bars: comments citing each clause, by stance (schema.COMMENTS in).

    A comment citing several clauses counts once for each; comments citing
    none are shown as "Không nêu điều khoản"; copies of duplicate letters are
    left out. ``clauses`` (a CLAUSES frame) puts the clauses in document order.
    """
    rows = _exploded_clauses(comments)
    order = order_clause_ids(rows["clause"], clauses)
    stances = [s for s in STANCE_LABELS if s in set(rows["stance"])]
    stances += sorted(set(rows["stance"]) - set(stances))
    fig = go.Figure()
    for stance in stances:
        counts = rows[rows["stance"] == stance].groupby("clause").size()
        label = STANCE_LABELS.get(stance, stance or "Chưa phân loại")
        fig.add_trace(go.Bar(
            x=order, y=[int(counts.get(c, 0)) for c in order], name=label,
            marker_color=STANCE_COLORS.get(stance), customdata=[clause_tick(c) for c in order],
            hovertemplate="%{customdata}<br>" + label + ": %{y} ý kiến<extra></extra>"))
    n = len(_active_comments(comments))
    if not n:
        _no_data(fig, NO_COMMENTS)
    return _layout(fig, f"Số ý kiến theo điều khoản ({n} ý kiến)", barmode="stack",
                   xaxis=_clause_axis(order, title="Điều khoản"),
                   yaxis_title="Số ý kiến",
                   legend=dict(title_text="Loại ý kiến", orientation="h", x=1, xanchor="right",
                               y=1.02, yanchor="bottom"))


def clause_group_heatmap(comments: pd.DataFrame, roster: pd.DataFrame,
                         clauses: pd.DataFrame | None = None) -> go.Figure:
    """Heatmap of comment counts: clause (rows) × recipient group (columns)."""
    rows = _exploded_clauses(comments)
    roster = roster.assign(_key=group_keys(roster))
    group_of = dict(zip(roster["unit_id"], roster["_key"]))
    rows["grp"] = [group_of.get(u, "") for u in rows["unit_id"].fillna("")]
    groups = [g for g in _ordered_unique(roster["_key"]) if g in set(rows["grp"])]
    if "" in set(rows["grp"]):
        groups.append("")
    titles = dict(zip(roster["_key"], roster["group_title"]))
    numbers = dict(zip(roster["_key"], roster["group"]))
    order = order_clause_ids(rows["clause"], clauses)
    counts = rows.groupby(["clause", "grp"]).size()
    z = [[int(counts.get((c, g), 0)) for g in groups] for c in order]
    fig = go.Figure()
    if not len(rows):
        _no_data(fig, NO_COMMENTS)
        return _layout(fig, "Ý kiến theo điều khoản và nhóm đơn vị")
    fig.add_trace(go.Heatmap(
        z=z, x=[_group_label(numbers.get(g, ""), titles.get(g, "")) for g in groups], y=order,
        colorscale="Blues",
        texttemplate="%{z}", colorbar=dict(title="Số ý kiến"),
        customdata=[[[titles.get(g, UNKNOWN_GROUP), clause_tick(c)] for g in groups] for c in order],
        hovertemplate="%{customdata[1]}<br>%{x}: %{customdata[0]}<br>%{z} ý kiến<extra></extra>"))
    # Group labels (two lines) under the map, never against the title.
    return _layout(fig, "Ý kiến theo điều khoản và nhóm đơn vị",
                   xaxis=dict(title="Nhóm đơn vị", type="category", side="bottom"),
                   yaxis=_clause_axis(order, title="Điều khoản", autorange="reversed"),
                   margin=dict(l=60, r=30, t=70, b=110),
                   height=max(440, 190 + 28 * len(order)))


def dispositions_by_status(comments: pd.DataFrame) -> go.Figure:
    """Bar per disposition status (Vietnamese labels); comments with no status are pending."""
    frame = _active_comments(comments)
    if "status" in frame.columns:
        status = frame["status"].fillna("").replace("", "pending")
    else:
        status = pd.Series(["pending"] * len(frame))
    counts = status.value_counts()
    keys = list(DISPOSITION_STATUSES) + sorted(set(counts.index) - set(DISPOSITION_STATUSES))
    total = int(counts.sum())
    values = [int(counts.get(k, 0)) for k in keys]
    fig = go.Figure(go.Bar(
        x=[DISPOSITION_STATUSES.get(k, k) for k in keys], y=values,
        marker_color=[STATUS_COLORS.get(k, "#9467bd") for k in keys],
        text=[f"{v} ({100 * v / total:.0f}%)" if total else "0" for v in values],
        textposition="outside", hovertemplate="%{x}: %{y} ý kiến<extra></extra>"))
    done = total - int(counts.get("pending", 0))
    if not total:
        _no_data(fig, NO_COMMENTS)
    return _layout(fig, f"Tình hình xử lý ý kiến (đã xử lý {done}/{total})",
                   xaxis_title="Trạng thái xử lý",
                   yaxis=dict(title="Số ý kiến", rangemode="tozero"), showlegend=False)


