"""Charts of who replied and when."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ..tracking import group_keys
from ._common import (_layout, _no_data, _group_label, _ordered_unique, _active_comments,
                      _as_date)


# --- replies ---------------------------------------------------------------------------

def reply_rate_by_group(responses: pd.DataFrame) -> go.Figure:
    """Bar per recipient group: share of units that replied (schema.RESPONSES in).

    Placeholder rows (a group the dispatch names without listing its units)
    are left out: they cannot reply or be reminded.
    """
    frame = responses[~responses["placeholder"].astype(bool)]
    frame = frame.assign(_key=group_keys(frame))
    rows = []
    for key in _ordered_unique(frame["_key"]):
        part = frame[frame["_key"] == key]
        total, replied = len(part), int(part["replied"].sum())
        late = int((part["replied"] & part["late"]).sum())
        rows.append((str(part["group"].iloc[0]), str(part["group_title"].iloc[0]), total,
                     replied, late))
    x = [_group_label(g, title) for g, title, *_ in rows]
    rate = [100.0 * r / t if t else 0.0 for _, _, t, r, _ in rows]
    fig = go.Figure(go.Bar(
        x=x, y=rate, name="Tỷ lệ đã trả lời",
        text=[f"{r}/{t}" for _, _, t, r, _ in rows], textposition="outside",
        customdata=[[title, t, r, late] for _, title, t, r, late in rows],
        hovertemplate=("<b>%{x}</b>: %{customdata[0]}<br>Đã trả lời %{customdata[2]}/"
                       "%{customdata[1]} đơn vị (%{y:.0f}%)<br>Trong đó trả lời muộn: "
                       "%{customdata[3]}<extra></extra>"),
        marker_color="#1f77b4"))
    total = sum(t for _, _, t, _, _ in rows)
    replied = sum(r for _, _, _, r, _ in rows)
    return _layout(fig, f"Tỷ lệ đơn vị đã trả lời theo nhóm (chung: {replied}/{total})",
                   xaxis_title="Nhóm đơn vị được xin ý kiến",
                   yaxis=dict(title="Tỷ lệ đã trả lời (%)", range=[0, 110]), showlegend=False)



def cumulative_replies(frame: pd.DataFrame, deadline: dt.date | None = None) -> go.Figure:
    """Cumulative replies over time, with the deadline as a vertical line.

    ``frame`` is either a RESPONSES frame (counts units by their first reply)
    or a COMMENTS frame (counts comments by the date received).
    """
    if "first_reply" in frame.columns:
        dates = [_as_date(v) for v in frame.loc[frame["replied"].astype(bool), "first_reply"]]
        what, unit = "Số đơn vị đã trả lời (cộng dồn)", "đơn vị"
        expected = int((~frame["placeholder"].astype(bool)).sum())
    else:
        dates = [_as_date(v) for v in _active_comments(frame)["received"]]
        what, unit = "Số ý kiến đã nhận (cộng dồn)", "ý kiến"
        expected = None
    dates = sorted(d for d in dates if d is not None)
    counts = pd.Series(1, index=pd.to_datetime(dates)).groupby(level=0).sum().cumsum() \
        if dates else pd.Series(dtype="int64")
    fig = go.Figure()
    if len(counts):
        fig.add_trace(go.Scatter(
            x=list(counts.index), y=[int(v) for v in counts.values], mode="lines+markers",
            line_shape="hv", name=what,
            hovertemplate="%{x|%d/%m/%Y}: %{y} " + unit + "<extra></extra>"))
    else:
        _no_data(fig, "Chưa nhận được trả lời nào")
    if deadline is not None:
        day = pd.Timestamp(deadline)
        fig.add_shape(type="line", x0=day, x1=day, xref="x", y0=0, y1=1, yref="paper",
                      line=dict(color="#d62728", dash="dash", width=2))
        fig.add_annotation(x=day, y=1, yref="paper", text=f"Hạn góp ý {deadline:%d/%m/%Y}",
                           showarrow=False, xanchor="left", yanchor="bottom",
                           font=dict(color="#d62728"))
    if expected:
        fig.add_hline(y=expected, line=dict(color="#7f7f7f", dash="dot"),
                      annotation_text=f"Tổng số đơn vị được xin ý kiến: {expected}",
                      annotation_position="top left")
    n = int(counts.iloc[-1]) if len(counts) else 0
    xaxis = dict(title="Ngày nhận", tickformat="%d/%m/%Y", type="date")
    if not len(counts) and deadline is not None:   # an empty chart still shows the deadline
        xaxis["range"] = [pd.Timestamp(deadline) - pd.Timedelta(days=30),
                          pd.Timestamp(deadline) + pd.Timedelta(days=14)]
    yaxis = dict(title=what, rangemode="tozero")
    if expected:
        yaxis["range"] = [0, expected * 1.1]
    return _layout(fig, f"Tiến độ nhận trả lời ({n} {unit})", xaxis=xaxis, yaxis=yaxis,
                   showlegend=False)



def headline(responses: pd.DataFrame, comments: pd.DataFrame) -> go.Figure:
    """The headline numbers of a consultation as big figures (plotly indicators).

    Units consulted (placeholders left out), units that replied and how many
    late, comments received (without copies of duplicate letters), comments
    with a disposition other than pending.
    """
    units = responses[~responses["placeholder"].astype(bool)]
    replied = int(units["replied"].sum())
    late = int((units["replied"] & units["late"]).sum())
    active = _active_comments(comments)
    status = active["status"].fillna("").replace("", "pending") if "status" in active.columns \
        else pd.Series(["pending"] * len(active))
    done = int((status != "pending").sum())
    cells = [("Đơn vị được xin ý kiến", len(units)), ("Đơn vị đã trả lời", replied),
             ("Trả lời muộn", late), ("Chưa trả lời", len(units) - replied),
             ("Ý kiến đã nhận", len(active)), ("Ý kiến đã xử lý", done)]
    fig = go.Figure()
    for i, (label, value) in enumerate(cells):
        fig.add_trace(go.Indicator(mode="number", value=value, title=dict(text=label),
                                   number=dict(valueformat="d"),
                                   domain=dict(row=0, column=i)))
    return _layout(fig, "Số liệu chính", grid=dict(rows=1, columns=len(cells)), height=220,
                   margin=dict(l=20, r=20, t=60, b=10))


