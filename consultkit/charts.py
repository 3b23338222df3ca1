"""Charts for the meeting: plotly figures from consultkit frames.

Each chart is a pure function from DataFrames (with the columns declared in
:mod:`consultkit.schema`) to a ``plotly.graph_objects.Figure``; titles, axis
labels, legends and hover text are Vietnamese. :func:`save_figure` writes a
figure to ``.html`` (always works, plotly.js inline so the file opens offline)
or to ``.png``/``.svg``/``.pdf`` through kaleido, which needs a Chrome or
Chromium (``BROWSER_PATH``; ``/usr/bin/chromium`` is used when present).

>>> from consultkit import charts                                 # doctest: +SKIP
>>> fig = charts.reply_rate_by_group(c.responses())              # doctest: +SKIP
>>> charts.save_figure(fig, "exports/ty-le-tra-loi.html")        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .errors import ExportError
from .schema import DISPOSITION_STATUSES
from .tracking import group_keys

__all__ = [
    "STANCE_LABELS",
    "reply_rate_by_group",
    "cumulative_replies",
    "comments_per_clause",
    "clause_group_heatmap",
    "dispositions_by_status",
    "change_kinds",
    "headline",
    "save_figure",
]

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
    from .writers.labels import clause_label

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


def _as_date(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


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


# --- comparison ------------------------------------------------------------------------

def _section(clause_id: str, depth: int) -> str:
    return ".".join(clause_id.split(".")[:depth])


def change_kinds(comparison_table: pd.DataFrame, *, only_changed: bool = False,
                 depth: int | None = None) -> go.Figure:
    """Treemap of a comparison's rows: section → kind of change (schema.COMPARISON in).

    Rows of blocks that are not clauses (title, header, signature…, when the
    table has compare()'s ``kind`` column) are left out.

    The section is the first ``depth`` segments of the clause id (new id, else
    old id). By default ``depth`` is 1, or 2 when most rows (80 %) are in the
    same top-level unit (e.g. Annex section ``IV``).
    """
    table = comparison_table
    if "kind" in table.columns:  # compare() adds the block kind: leave out titles, headers…
        table = table[~table["kind"].isin(_NON_CLAUSE_KINDS)]
    blocks = table["new_id"].str.startswith("_") | table["old_id"].str.startswith("_")
    table = table[~blocks]  # ids of blocks that are not clauses begin with "_"
    if only_changed:
        table = table[table["change"] != "unchanged"]
    ids = [n or o for n, o in zip(table["new_id"], table["old_id"])]
    if depth is None:
        firsts = pd.Series([_section(i, 1) for i in ids], dtype="str")
        depth = 2 if len(firsts) and firsts.value_counts().iloc[0] >= 0.8 * len(firsts) else 1
    from .comparison.core import CHANGE_LABELS as labels

    counts: dict[tuple[str, str], int] = {}
    for cid, change in zip(ids, table["change"]):
        key = (_section(cid, depth) or "(khác)", change)
        counts[key] = counts.get(key, 0) + 1
    sections = order_clause_ids({s for s, _ in counts}, None)
    root = "Toàn bộ văn bản"
    node_ids, names, parents, values = [root], [root], [""], [sum(counts.values())]
    for sec in sections:
        sec_total = sum(v for (s, _), v in counts.items() if s == sec)
        node_ids.append(sec); names.append(sec); parents.append(root); values.append(sec_total)
        for (s, change), v in sorted(counts.items()):
            if s == sec:
                node_ids.append(f"{sec}/{change}"); names.append(labels.get(change, change))
                parents.append(sec); values.append(v)
    fig = go.Figure(go.Treemap(
        ids=node_ids, labels=names, parents=parents, values=values, branchvalues="total",
        texttemplate="<b>%{label}</b><br>%{value} điều khoản",
        hovertemplate="%{label}: %{value} điều khoản<extra></extra>"))
    changed = int((table["change"] != "unchanged").sum())
    return _layout(fig, f"Các thay đổi theo phần của văn bản ({changed} điều khoản thay đổi)")


# --- export ----------------------------------------------------------------------------

_STATIC = {".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp"}


def _browser() -> str:
    """The Chrome/Chromium kaleido will use; sets BROWSER_PATH if it was unset."""
    path = os.environ.get("BROWSER_PATH")
    if path:
        if not Path(path).is_file():
            raise ExportError(f"BROWSER_PATH names {path}, which does not exist",
                              hint="Point BROWSER_PATH at Chrome or Chromium, install Chromium "
                                   "('make system-deps'), or save the chart as .html")
        return path
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome"), shutil.which("chrome")):
        if candidate and Path(candidate).is_file():
            os.environ["BROWSER_PATH"] = candidate
            return candidate
    raise ExportError("no Chrome or Chromium found, which PNG/SVG/PDF export needs",
                      hint="Install Chromium ('make system-deps') or set BROWSER_PATH; "
                           "saving the chart as .html always works")


def save_figure(fig: go.Figure, path: str | Path, *, width: int = 1100, height: int | None = None,
                scale: float = 2.0) -> Path:
    """Write ``fig`` to ``path``; the format follows the suffix.

    ``.html`` always works (plotly.js inline: the file opens without internet).
    ``.png``/``.svg``/``.pdf`` go through kaleido and need Chrome/Chromium;
    without one an :class:`~consultkit.errors.ExportError` says what to do.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _STATIC | {".html", ".htm"}:
        raise ExportError(f"cannot save a chart as '{suffix or path.name}'", path=path,
                          hint="Use .html, .png, .svg or .pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in {".html", ".htm"}:
        fig.write_html(path, include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "locale": "vi"})
        return path
    _browser()
    height = height or fig.layout.height or 600
    try:
        fig.write_image(path, format=suffix.lstrip(".").replace("jpg", "jpeg"),
                        width=width, height=height, scale=scale if suffix != ".svg" else 1)
    except Exception as exc:  # kaleido/choreographer raise many kinds
        raise ExportError(f"the chart could not be rendered by Chromium ({type(exc).__name__}: "
                          f"{exc})", path=path,
                          hint="Check that BROWSER_PATH points at a working Chrome/Chromium, "
                               "or save the chart as .html") from exc
    return path
