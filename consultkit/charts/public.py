"""Charts of a public consultation, drawn from the small frames of :mod:`consultkit.public.views`.

Each function takes a :class:`~consultkit.public.store.PublicStore` and runs
one DuckDB aggregate over it (never loading the comments themselves):
comments over time and by province (by commenter kind), comments per clause
by stance, and the sizes of the clusters (form letters, near-duplicates).
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..public import views
from ._common import (NO_CLAUSE, STANCE_COLORS, STANCE_LABELS, _clause_axis, _layout, _no_data,
                      clause_tick, order_clause_ids)

KIND_COLORS = {"citizen": "#1f77b4", "organisation": "#ff7f0e", "unknown": "#7f7f7f"}
NO_PUBLIC = "Chưa có góp ý công khai nào"
NO_PROVINCE = "Không rõ tỉnh"


def _n(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def public_over_time(store, unit: str = "day") -> go.Figure:
    """Stacked bars: public comments per day (or hour/week/month), citizens and organisations."""
    frame = views.over_time(store, unit)
    fig = go.Figure()
    for kind, label in views.KIND_LABELS.items():
        part = frame[frame["kind"] == kind]
        if len(part):
            fig.add_trace(go.Bar(x=part["period"], y=part["comments"], name=label,
                                 marker_color=KIND_COLORS[kind],
                                 hovertemplate="%{x|%d/%m/%Y}<br>" + label + ": %{y} ý kiến<extra></extra>"))
    if frame.empty:
        _no_data(fig, NO_PUBLIC)
    return _layout(fig, f"Góp ý công khai theo thời gian ({_n(frame['comments'].sum())} ý kiến)",
                   barmode="stack", xaxis_title="Ngày", yaxis_title="Số ý kiến",
                   legend=dict(title_text="Người góp ý"))


def public_by_province(store, top: int = 40) -> go.Figure:
    """Horizontal stacked bars: comments per province (valid on the comment's date), by kind."""
    frame = views.by_province(store)
    frame["province"] = frame["province"].replace("", NO_PROVINCE)
    order = list(dict.fromkeys(frame["province"]))[:top]
    fig = go.Figure()
    for kind, label in views.KIND_LABELS.items():
        part = frame[frame["kind"] == kind].set_index("province")["comments"]
        if len(part):
            fig.add_trace(go.Bar(y=order, x=[int(part.get(p, 0)) for p in order], name=label,
                                 orientation="h", marker_color=KIND_COLORS[kind],
                                 hovertemplate="%{y}<br>" + label + ": %{x} ý kiến<extra></extra>"))
    if frame.empty:
        _no_data(fig, NO_PUBLIC)
    return _layout(fig, "Góp ý công khai theo tỉnh, thành phố", barmode="stack",
                   xaxis_title="Số ý kiến", yaxis=dict(autorange="reversed"),
                   height=max(400, 22 * len(order) + 120), legend=dict(title_text="Người góp ý"))


def public_clause_stance(store, clauses=None) -> go.Figure:
    """Stacked bars: comments citing each clause, by stance (a comment citing two counts twice)."""
    frame = views.clause_stance(store)
    cited = frame[frame["clause_id"] != ""]
    order = order_clause_ids(cited["clause_id"].unique(), clauses)
    if (frame["clause_id"] == "").any():
        order = order + [""]
    fig = go.Figure()
    for stance, label in STANCE_LABELS.items():
        part = frame[frame["stance"] == stance].set_index("clause_id")["comments"]
        fig.add_trace(go.Bar(x=[c or NO_CLAUSE for c in order], y=[int(part.get(c, 0)) for c in order],
                             name=label, marker_color=STANCE_COLORS[stance],
                             customdata=[clause_tick(c) if c else NO_CLAUSE for c in order],
                             hovertemplate="%{customdata}<br>" + label + ": %{y} ý kiến<extra></extra>"))
    if frame.empty:
        _no_data(fig, NO_PUBLIC)
    return _layout(fig, "Góp ý công khai theo điều khoản và loại ý kiến", barmode="stack",
                   xaxis=_clause_axis([c or NO_CLAUSE for c in order], title="Điều khoản"),
                   yaxis_title="Số ý kiến", legend=dict(title_text="Loại ý kiến"))


def public_cluster_sizes(store) -> go.Figure:
    """Bars: how many comments are in clusters of 1, 2–9, 10–99 … members (form letters)."""
    frame = views.cluster_sizes(store)
    labels = ["Riêng lẻ (1)" if s == "1" else f"Nhóm {s} ý kiến" for s in frame["size_class"]]
    fig = go.Figure(go.Bar(x=labels, y=frame["comments"], customdata=frame["clusters"],
                           marker_color="#1f77b4",
                           hovertemplate="%{x}<br>%{y} ý kiến trong %{customdata} nhóm<extra></extra>"))
    if frame.empty:
        _no_data(fig, NO_PUBLIC)
    return _layout(fig, "Ý kiến theo cỡ nhóm (mẫu chung, gần trùng)", xaxis_title="Cỡ nhóm",
                   yaxis_title="Số ý kiến")
