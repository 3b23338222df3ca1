"""HTML helpers shared by the views: escaping, diff spans, small tables.

Every piece of document or comment text goes through :func:`esc` before it is
put into HTML, so a comment containing markup shows as text.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Iterable, Sequence

STYLE = """<style>
.ck-box{border:1px solid #ddd;padding:6px 10px;border-radius:4px;line-height:1.5}
.ck-table{border-collapse:collapse;font-size:13px}
.ck-table th,.ck-table td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left !important}
.ck-table th{background:#f3f3f3}
.ck-ok{color:#1a7f37}.ck-warn{color:#b35900}.ck-err{color:#c00;font-weight:bold}
.ck-muted{color:#777}
</style>"""


def esc(value) -> str:
    """Escaped text of ``value`` ('' for None/NaN), quotes included."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


def esc_multiline(value) -> str:
    return esc(value).replace("\n", "<br>")


def shorten_words(text, limit: int) -> str:
    """``text`` on one line, cut at a word boundary before ``limit`` characters, with '…'.

    >>> shorten_words("Đề nghị bổ sung quy định về thời gian lưu trữ", 25)
    'Đề nghị bổ sung quy định …'
    """
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(",;:.–- ") + " …"


def date_vi(value) -> str:
    """A date as dd/mm/yyyy, '' when missing."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return ""


def time_vi(value) -> str:
    """An ISO timestamp as Vietnam reads it: '02:42 ngày 26/11/2026' (Vietnam time); else as given.

    >>> time_vi("2026-11-25T19:42:16+00:00")
    '02:42 ngày 26/11/2026'
    """
    try:
        stamp = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone(dt.timedelta(hours=7)))  # Vietnam: UTC+7, no DST
    return f"{stamp:%H:%M} ngày {stamp:%d/%m/%Y}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table; ``rows`` cells must already be escaped HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="ck-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def message(text: str, kind: str = "ok") -> str:
    """A one-line status message; ``text`` must already be escaped HTML."""
    return f'<div class="ck-{kind}" role="status">{text}</div>'


def frame_table(frame, *, columns: dict[str, str] | None = None, limit: int | None = None) -> str:
    """A frame as a left-aligned HTML table with Vietnamese headers, no index, no footer.

    JupyterLab right-aligns the cells of pandas' own tables and shows the
    index and a "rows × columns" line; drafters read text, so notebooks show
    frames with this. ``columns``: column → header to show (and which, in order).
    """
    if columns is not None:
        frame = frame[list(columns)].rename(columns=columns)
    shown = frame if limit is None else frame.head(limit)
    rows = [[esc_multiline(v) if not isinstance(v, (list, tuple)) else esc(", ".join(map(str, v)))
             for v in rec] for rec in shown.itertuples(index=False)]
    more = (f'<div class="ck-muted">… và {len(frame) - len(shown)} dòng nữa.</div>'
            if len(shown) < len(frame) else "")
    return STYLE + table([str(c) for c in frame.columns], rows) + more
