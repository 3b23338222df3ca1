"""ClauseDiffViewer: compare two versions clause by clause in a notebook.

>>> from consultkit.views import ClauseDiffViewer                 # doctest: +SKIP
>>> ClauseDiffViewer(c.versions, c.comments)                      # doctest: +SKIP

Keys: in the clause list, ↑/↓ move between clauses (the diff follows); Tab
reaches the "Trước"/"Sau" buttons, which Enter or Space press. Comparisons are
cached per pair of versions, so switching back and forth is instant.
"""

from __future__ import annotations

import re
from typing import Callable

import ipywidgets as w
import pandas as pd

from ..charts import clause_tick
from ..comparison.amend import cite
from ..comparison.core import CHANGE_LABELS
from ..comparison.html import CSS, ops_to_html
from ..text import fold
from ._base import View
from ._html import STYLE, esc, esc_multiline, message

#: How the blocks that are not clauses (ids starting with "_") are named in the list.
NON_CLAUSE = {"_header": "Phần đầu văn bản", "_title": "Tên văn bản", "_preamble": "Căn cứ ban hành",
              "_signature": "Chữ ký", "_recipients": "Nơi nhận", "_note": "Ghi chú",
              "_text": "Đoạn văn"}


def ident(clause_id: str) -> str:
    """A clause id as the list shows it: 'IV.3.r2' -> 'IV.3, dòng 2', '_note.2' -> 'Ghi chú 2'."""
    if not clause_id:
        return ""
    if clause_id.startswith("_"):
        head, _, rest = clause_id.partition(".")
        name = NON_CLAUSE.get(head.split("-")[0], "Đoạn không đánh số")
        number = re.sub(r"\D", "", rest)
        return f"{name} {number}" if number else name
    return clause_tick(clause_id)


ALL_CHANGES = "__changed__"
EVERYTHING = "__all__"
LAYOUTS = [("Trên một dòng", "inline"), ("Song song", "side")]


class ClauseDiffViewer(View):
    """Two dropdowns of versions, a filtered clause list and the selected clause's diff.

    ``versions``: name → CLAUSES frame, in chronological order. ``comments``: a
    COMMENTS frame (optional); the comments whose ``clause_ids`` contain the
    selected row's new or old id are shown beside the diff. ``compare``: the
    function comparing two clause frames (default ``consultkit.comparison.core.compare``).
    ``consultation``: when given, a :class:`~consultkit.views.editor.ClauseEditor`
    under the diff redrafts the selected clause of the latest version, and a
    saved next draft joins the version lists.
    """

    def __init__(self, versions: dict[str, pd.DataFrame], comments: pd.DataFrame | None = None,
                 *, compare: Callable | None = None, old: str | None = None, new: str | None = None,
                 consultation=None):
        if len(versions) < 2:
            raise ValueError("ClauseDiffViewer needs at least two versions")
        if compare is None:
            from ..comparison.core import compare
        self._compare = compare
        self.versions = dict(versions)
        self._cache: dict[tuple[str, str], object] = {}
        self._folded: dict[tuple[str, str], list[str]] = {}
        self._by_clause = self._index_comments(comments)
        self._rows: list[int] = []
        self.labels = CHANGE_LABELS
        names = list(self.versions)

        self.old = w.Dropdown(options=names, value=old or names[-2], description="Bản cũ:")
        self.new = w.Dropdown(options=names, value=new or names[-1], description="Bản mới:")
        self.kind = w.Dropdown(description="Thay đổi:", options=self._kind_options(()),
                               value=ALL_CHANGES)
        self.search = w.Text(description="Tìm:", placeholder="từ khóa hoặc số điều khoản",
                             continuous_update=False)
        self.clauses = w.Select(options=[], rows=14, description="Điều khoản:",
                                layout=w.Layout(width="320px"))
        self.layout_toggle = w.ToggleButtons(options=LAYOUTS, value="inline",
                                             description="Cách hiển thị:",
                                             tooltips=["Phần xóa gạch ngang, phần thêm tô xanh",
                                                       "Bản cũ bên trái, bản mới bên phải"])
        self.prev_button = w.Button(description="◀ Trước", tooltip="Điều khoản trước (Tab tới nút, "
                                    "Enter hoặc Space để bấm; trong danh sách dùng phím ↑)")
        self.next_button = w.Button(description="Sau ▶", tooltip="Điều khoản sau (Tab tới nút, "
                                    "Enter hoặc Space để bấm; trong danh sách dùng phím ↓)")
        self.status = w.HTML()
        self.diff = w.HTML(layout=w.Layout(width="100%", overflow="auto"))
        self.comments = w.HTML(layout=w.Layout(width="38%"))

        self.old.observe(self._unless_quiet(self._on_versions), "value")
        self.new.observe(self._unless_quiet(self._on_versions), "value")
        self.kind.observe(self._unless_quiet(self._on_filter), "value")
        self.search.observe(self._unless_quiet(self._on_filter), "value")
        self.clauses.observe(self._unless_quiet(self.render), "value")
        self.layout_toggle.observe(self._unless_quiet(self.render), "value")
        self.prev_button.on_click(lambda _: self.step(-1))
        self.next_button.on_click(lambda _: self.step(+1))

        self.editor = None
        if consultation is not None:
            from .editor import ClauseEditor

            self.editor = ClauseEditor(consultation)
            self.editor.on_new_draft.append(self._add_version)
        self.consultation = consultation
        self.widget = w.VBox([
            w.HBox([self.old, self.new]),
            w.HBox([self.kind, self.search]),
            w.HBox([self.layout_toggle, self.prev_button, self.next_button]),
            self.status,
            w.HBox([self.clauses, w.VBox([self.diff], layout=w.Layout(width="60%", padding="0 4px 0 0")),
                    self.comments]),
        ] + ([self.editor.widget] if self.editor is not None else []))
        self._on_versions()

    # -- data ------------------------------------------------------------------------

    @staticmethod
    def _index_comments(comments: pd.DataFrame | None) -> dict[str, list[dict]]:
        index: dict[str, list[dict]] = {}
        if comments is None or not len(comments):
            return index
        for row in comments.to_dict("records"):
            for cid in row.get("clause_ids") or ():
                index.setdefault(cid, []).append(row)
        return index

    def comparison(self, old: str | None = None, new: str | None = None):
        """The Comparison of two versions (cached per pair)."""
        key = (old or self.old.value, new or self.new.value)
        if key not in self._cache:
            cmp = self._compare(self.versions[key[0]], self.versions[key[1]])
            self._cache[key] = cmp
            t = cmp.table
            self._folded[key] = [fold(f"{a} {b} {c} {d}") for a, b, c, d in
                                 zip(t["old_id"], t["new_id"], t["old_text"], t["new_text"])]
        return self._cache[key]

    @property
    def table(self) -> pd.DataFrame:
        return self.comparison().table

    def _kind_options(self, kinds) -> list[tuple[str, str]]:
        return ([("Mọi thay đổi", ALL_CHANGES), ("Tất cả, kể cả giữ nguyên", EVERYTHING)]
                + [(self.labels.get(k, k), k) for k in kinds])

    def visible_rows(self) -> list[int]:
        """Positions in the comparison table of the rows the filters let through."""
        table = self.table
        kind, needle = self.kind.value, fold(self.search.value or "")
        folded = self._folded[(self.old.value, self.new.value)]
        rows = []
        blocks = self._blocks()
        for i, change in enumerate(table["change"]):
            if kind == ALL_CHANGES and (change == "unchanged" or blocks[i]):
                continue
            if kind not in (ALL_CHANGES, EVERYTHING) and change != kind:
                continue
            if needle and needle not in folded[i]:
                continue
            rows.append(i)
        return rows

    def _blocks(self) -> list[bool]:
        """Which rows are blocks that are not clauses (the illustrative note, titles…).

        They are not counted as changed clauses (as in the charts) and show only
        under "Tất cả, kể cả giữ nguyên".
        """
        t = self.table
        return [str(o).startswith("_") or str(n).startswith("_")
                for o, n in zip(t["old_id"], t["new_id"])]

    def n_changed(self) -> int:
        """Changed clauses of the selected pair, counted as the charts count them."""
        return sum(c != "unchanged" and not b for c, b in zip(self.table["change"], self._blocks()))

    # -- events ----------------------------------------------------------------------

    def _on_versions(self) -> None:
        if self.old.value == self.new.value:
            self.status.value = message("Hãy chọn hai phiên bản khác nhau.", "warn")
            self.clauses.options = []
            self.diff.value = self.comments.value = ""
            return
        kinds = list(dict.fromkeys(self.table["change"]))
        current = self.kind.value
        with self._quietly():
            self.kind.options = self._kind_options(kinds)
            self.kind.value = current if current in (ALL_CHANGES, EVERYTHING, *kinds) else ALL_CHANGES
        self._on_filter()

    def _on_filter(self) -> None:
        if self.old.value == self.new.value:
            return
        table = self.table
        rows = self.visible_rows()
        changes = table["change"].tolist()
        options = []
        for i in rows:
            oid, nid = table.at[i, "old_id"], table.at[i, "new_id"]
            shown = ident(nid) if oid in ("", nid) else (f"{ident(oid)} → {ident(nid)}" if nid else ident(oid))
            options.append((f"{shown} · {self.labels.get(changes[i], changes[i])}", i))
        self._rows = rows
        with self._quietly():
            self.clauses.options = options
            self.clauses.value = rows[0] if rows else None
        n_clauses = sum(not b for b in self._blocks())
        self.status.value = message(
            f"{esc(self.old.value)} → {esc(self.new.value)}: {n_clauses} điều khoản, "
            f"{self.n_changed()} có thay đổi; đang hiện {len(rows)}.", "muted")
        if rows:
            self.render()
        else:
            self.diff.value = message("Không có điều khoản nào khớp bộ lọc.", "warn")
            self.comments.value = ""

    def step(self, delta: int) -> None:
        """Select the previous (-1) or next (+1) clause in the filtered list."""
        rows = self._rows
        if not rows:
            return
        pos = rows.index(self.clauses.value) if self.clauses.value in rows else -1
        self.clauses.value = rows[max(0, min(len(rows) - 1, pos + delta))]

    # -- rendering -------------------------------------------------------------------

    def render(self) -> None:
        """Show the selected row's diff and the comments citing its clause."""
        i = self.clauses.value
        if i is None or self.old.value == self.new.value:
            return
        row = self.table.iloc[i]
        label = self.labels.get(row["change"], row["change"])
        where = row["new_id"] or row["old_id"]
        citation = f" ({esc(cite(where))})" if where and not where.startswith("_") else ""
        head = (f"<b>{esc(ident(row['old_id'])) or '—'}</b> → <b>{esc(ident(row['new_id'])) or '—'}</b>"
                f"{citation} · {esc(label)} · +{int(row['words_added'])}/−"
                f"{int(row['words_deleted'])} từ")
        ops = row["ops"] or ()
        if self.layout_toggle.value == "side":
            body = ('<table class="ck-cmp"><tr>'
                    f"<th>{esc(self.old.value)}</th><th>{esc(self.new.value)}</th></tr><tr>"
                    f'<td style="width:50%">{ops_to_html(ops, "old")}</td>'
                    f'<td style="width:50%">{ops_to_html(ops, "new")}</td></tr></table>')
        else:
            body = f'<table class="ck-cmp"><tr><td>{ops_to_html(ops)}</td></tr></table>'
        self.diff.value = f"{STYLE}<style>{CSS}</style><div>{head}</div>{body}"
        self.comments.value = self._comments_html({row["old_id"], row["new_id"]} - {""})
        if self.editor is not None:
            latest = self.new.value == self.editor.base and row["new_id"]
            self.editor.show(row["new_id"] if latest else "")

    def _add_version(self, name: str) -> None:
        """A next draft was saved: add it to the version lists and show what it changed."""
        self.versions = dict(self.consultation.versions)
        names = list(self.versions)
        old = self.new.value
        with self._quietly():
            self.old.options = names
            self.new.options = names
            self.old.value, self.new.value = old, name
            self.kind.value = ALL_CHANGES
        self._on_versions()

    def _comments_html(self, ids: set[str]) -> str:
        seen, items = set(), []
        for cid in sorted(ids):
            for c in self._by_clause.get(cid, ()):
                if c["comment_id"] in seen:
                    continue
                seen.add(c["comment_id"])
                items.append(f'<li><b>{esc(c.get("unit_raw") or c.get("unit_id"))}</b>: '
                             f'{esc_multiline(c.get("text"))}</li>')
        if not items:
            return '<div class="ck-muted">Chưa có ý kiến nào nêu điều khoản này.</div>'
        return f"<div><b>Ý kiến góp ý ({len(items)})</b><ul>{''.join(items)}</ul></div>"
