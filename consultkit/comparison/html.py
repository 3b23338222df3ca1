"""HTML views of a comparison: deletions ``<del>``, insertions ``<ins>``, styled.

Every piece of document text goes through :func:`html.escape`, so a clause that
contains ``<script>`` or ``&`` is shown as written and never interpreted.
Clause numbers (their citation, e.g. ``khoản 2 Điều 8``) head every row.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from .amend import cite
from .kinds import CHANGE_LABELS, ComparisonLike
from .worddiff import DELETE, EQUAL, INSERT

__all__ = ["ops_to_html", "comparison_html", "CSS"]

CSS = """
.ck-cmp { font-family: 'Times New Roman', serif; font-size: 14px; border-collapse: collapse; width: 100%; }
.ck-cmp th, .ck-cmp td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
.ck-cmp th { background: #eee; }
.ck-cmp del { background: #fdd; color: #900; text-decoration: line-through; }
.ck-cmp ins { background: #dfd; color: #060; text-decoration: underline; font-weight: bold; }
.ck-cmp .ck-id { white-space: nowrap; font-weight: bold; }
.ck-cmp .ck-change { white-space: nowrap; font-style: italic; }
.ck-cmp tr.ck-unchanged td { color: #555; }
"""


def ops_to_html(ops: Iterable[tuple[int, str]], side: str = "both") -> str:
    """Escaped HTML of a word diff; ``side`` "old" keeps deletions, "new" insertions."""
    out = []
    for op, text in ops:
        t = escape(text)
        if op == EQUAL:
            out.append(t)
        elif op == DELETE and side in ("both", "old"):
            out.append(f"<del>{t}</del>")
        elif op == INSERT and side in ("both", "new"):
            out.append(f"<ins>{t}</ins>")
    return "".join(out)


def _label(row) -> str:
    return CHANGE_LABELS.get(row.change, row.change)


def _ident(row) -> str:
    """The clause's number and citation, old → new when they differ."""
    def one(cid: str, number: str) -> str:
        if not cid:
            return ""
        if cid.startswith("_"):
            return escape(number or cid)
        label = cite(cid)
        return escape(label[:1].upper() + label[1:])   # it heads a cell: "Mục IV", "Điểm a …"
    old = one(row.old_id, row.old_number)
    new = one(row.new_id, row.new_number)
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old


def comparison_html(cmp: ComparisonLike, layout: str = "inline", only_changed: bool = False,
                    title: str = "So sánh các phiên bản") -> str:
    """A self-contained HTML fragment (style + table) of the comparison."""
    if layout not in ("inline", "side-by-side"):
        raise ValueError("layout must be 'inline' or 'side-by-side'")
    table = cmp.table
    if only_changed:
        table = table[(table["change"] != "unchanged") & table["is_clause"]]
    if layout == "inline":
        head = "<tr><th>Điều, khoản</th><th>Thay đổi</th><th>Nội dung</th></tr>"
    else:
        head = ("<tr><th>Điều, khoản</th><th>Thay đổi</th><th>Quy định hiện hành</th>"
                "<th>Dự thảo</th></tr>")
    rows = []
    for row in table.itertuples(index=False):
        ops = list(row.ops)
        cls = "ck-" + row.change.replace("+", "-")
        cells = [f'<td class="ck-id">{_ident(row)}</td>',
                 f'<td class="ck-change">{escape(_label(row))}</td>']
        if layout == "inline":
            cells.append(f"<td>{ops_to_html(ops)}</td>")
        else:
            cells.append(f"<td>{ops_to_html(ops, 'old')}</td>")
            cells.append(f"<td>{ops_to_html(ops, 'new')}</td>")
        rows.append(f'<tr class="{cls}">' + "".join(cells) + "</tr>")
    if not rows:
        span = 3 if layout == "inline" else 4
        rows.append(f'<tr><td colspan="{span}">Không có thay đổi.</td></tr>')
    return (f"<style>{CSS}</style>\n<table class=\"ck-cmp\"><caption>{escape(title)}</caption>\n"
            f"<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")
