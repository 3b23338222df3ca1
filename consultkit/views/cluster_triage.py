"""ClusterTriage: answer a public consultation cluster by cluster, biggest first.

>>> from consultkit.views import ClusterTriage                          # doctest: +SKIP
>>> ClusterTriage(PublicStore.of(c), c.register)                        # doctest: +SKIP

The clusters (form letters, near-duplicates; :mod:`consultkit.public.clusters`)
are paged from the store by DuckDB (``views.cluster_page``), never loaded all
at once. Choosing a cluster shows its representative text, its size, stance
counts, cited clauses, provinces and its most frequent variants; "Lưu" records
one disposition for the cluster in the register (compare-and-set on the
version shown: when someone else saved first the edit is refused and the
typed text kept), inherited by every member.
"""

from __future__ import annotations

import ipywidgets as w

from ..charts import STANCE_LABELS, clause_tick
from ..errors import ConsultkitError, StaleEditError
from ..public import views
from ..schema import DISPOSITION_STATUSES
from ._base import View
from ._html import STYLE, esc, esc_multiline, message
from .triage import _user


def _n(value) -> str:
    return f"{int(value):,}".replace(",", ".")


class ClusterTriage(View):
    """A page of clusters (biggest first), the chosen cluster and its disposition editor."""

    def __init__(self, store, register, *, per_page: int = 20, min_size: int = 1,
                 who: str | None = None):
        self.store = store
        self.register = register
        self.per_page = per_page
        self.min_size = min_size
        self.page = 0
        self.frame = None
        self._loaded_version: dict[str, int] = {}

        self.list = w.Select(rows=12, description="Nhóm ý kiến:", layout=w.Layout(width="98%"))
        self.page_label = w.HTML()
        self.prev_button = w.Button(description="Trang trước", icon="arrow-left")
        self.next_button = w.Button(description="Trang sau", icon="arrow-right")
        self.detail = w.HTML()
        self.status = w.Dropdown(options=[(label, key) for key, label in DISPOSITION_STATUSES.items()],
                                 description="Xử lý:")
        self.response = w.Textarea(description="Tiếp thu, giải trình:", rows=5,
                                   layout=w.Layout(width="98%"), style={"description_width": "initial"})
        self.who = w.Text(value=who or _user(), description="Người xử lý:")
        self.save_button = w.Button(description="Lưu", button_style="primary", icon="save")
        self.message = w.HTML()
        self.list.observe(self._unless_quiet(self._load_editor), "value")
        self.prev_button.on_click(lambda _: self.go(self.page - 1))
        self.next_button.on_click(lambda _: self.go(self.page + 1))
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([w.HBox([self.prev_button, self.page_label, self.next_button]), self.list,
                              self.detail, self.status, self.response,
                              w.HBox([self.who, self.save_button]), self.message])
        self.go(0)

    def pages(self) -> int:
        total = views.cluster_count(self.store, min_size=self.min_size)
        return max(1, -(-total // self.per_page))

    def go(self, page: int) -> None:
        """Show page ``page`` (0-based, clamped) of the clusters, biggest first."""
        pages = self.pages()
        self.page = min(max(page, 0), pages - 1)
        self.frame = views.cluster_page(self.store, self.page, self.per_page, min_size=self.min_size)
        options = []
        for cid, size, text in zip(self.frame["cluster_id"], self.frame["size"],
                                   self.frame["representative"]):
            short = text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + "…"
            status = DISPOSITION_STATUSES.get(self.register.cluster_disposition(cid)["status"], "")
            options.append((f"{_n(size)} ý kiến · {status} · {short}", str(cid)))
        with self._quietly():
            self.list.options = options
            self.list.value = options[0][1] if options else None
        self.page_label.value = f"<b>Trang {self.page + 1}/{pages}</b>"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= pages - 1
        self._load_editor()

    def _row(self, cid: str) -> dict | None:
        hit = self.frame[self.frame["cluster_id"].astype(str) == cid]
        return None if hit.empty else hit.iloc[0].to_dict()

    def _load_editor(self) -> None:
        cid = self.list.value
        row = self._row(cid) if cid else None
        if row is None:
            self.detail.value = STYLE + "<p>Chưa có nhóm ý kiến nào.</p>"
            return
        disposition = self.register.cluster_disposition(cid)
        self._loaded_version[cid] = int(disposition["version"])
        self.status.value = disposition["status"]
        self.response.value = disposition["response"]
        stances = ", ".join(f"{STANCE_LABELS[s]}: {_n(row[s])}" for s in STANCE_LABELS if row[s])
        clauses = ", ".join(clause_tick(c) for c in list(row["clause_ids"])[:8]) or "không nêu"
        provinces = ", ".join(list(row["provinces"])[:6]) or "không rõ"
        members = views.cluster_members(self.store, int(cid), limit=5)
        variants = "".join(f"<li>{_n(n)} × {esc(t)}</li>" for n, t in
                           zip(members["comments"], members["text"]))
        self.detail.value = (
            STYLE + f"<p><b>{_n(row['size'])} ý kiến</b> ({_n(row['n_texts'])} cách viết) — {esc(stances)}"
            f"<br>Điều khoản: {esc(clauses)}<br>Tỉnh, thành phố: {esc(provinces)}</p>"
            f"<blockquote>{esc_multiline(row['representative'])}</blockquote>"
            f"<p>Các cách viết nhiều nhất:</p><ul>{variants}</ul>")

    def save(self) -> bool:
        """Record the editor's status and response for the chosen cluster; True if saved."""
        cid = self.list.value
        who = self.who.value.strip()
        if not cid:
            self.message.value = message("Chưa chọn nhóm ý kiến nào.", "warn")
            return False
        if not who:
            self.message.value = message("Hãy nhập tên người xử lý trước khi lưu.", "warn")
            return False
        try:
            self.register.set_cluster_disposition(cid, status=self.status.value,
                                                  response=self.response.value, who=who,
                                                  expected_version=self._loaded_version.get(cid, 0))
        except StaleEditError as exc:
            fresh = self.register.cluster_disposition(cid)
            self._loaded_version[cid] = int(fresh["version"])
            self.message.value = message(
                f"Chưa lưu: {esc(exc.changed_by or 'người khác')} đã sửa nhóm này trước "
                f"({esc(DISPOSITION_STATUSES.get(fresh['status'], fresh['status']))}: "
                f"{esc(fresh['response'])}). Nội dung bạn nhập vẫn giữ nguyên; bấm Lưu lần nữa để ghi đè.",
                "err")
            return False
        except ConsultkitError as exc:
            self.message.value = message(f"Chưa lưu được: {esc(exc)}", "err")
            return False
        keep_status = self.status.value
        self.go(self.page)
        with self._quietly():
            self.list.value = cid
        self._load_editor()
        self.message.value = message(
            f"Đã lưu cho cả nhóm {_n(self._row(cid)['size'])} ý kiến: "
            f"{esc(DISPOSITION_STATUSES.get(keep_status, keep_status))} (người xử lý: {esc(who)}).")
        return True
