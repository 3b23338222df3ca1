"""CommentTriage: go through the comments and record a disposition for each.

>>> from consultkit.views import CommentTriage                    # doctest: +SKIP
>>> CommentTriage(c.register, clauses=c.versions["du-thao-2"])    # doctest: +SKIP

Each "Lưu" writes the disposition to the register at once, refusing the edit
(with a clear message, the typed text kept) when someone else changed the
comment after it was loaded.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..charts import STANCE_LABELS, clause_tick, order_clause_ids
from ..errors import ConsultkitError, StaleEditError
from ..schema import DISPOSITION_STATUSES
from ..text import fold
from ._base import View
from ._html import STYLE, date_vi, esc, esc_multiline, message, shorten_words, time_vi
from ._reading import reading_html

ANY = "__any__"
NO_CLAUSE = "__none__"


def _user() -> str:
    try:
        return os.environ.get("CONSULTKIT_USER") or getpass.getuser()
    except Exception:  # no login name (containers)
        return "chuyên viên"


class CommentTriage(View):
    """Filters (clause, unit, stance, status), a comment list and a disposition editor.

    ``register``: a :class:`consultkit.register.Register`. ``clauses``: a CLAUSES
    frame (optional) whose text is shown for the clauses a comment cites.
    ``roster``: the ROSTER frame (optional): units are listed by their roster
    names; a sender not matched to the roster is shown as written, marked so.
    ``consultation``: when given, a :class:`~consultkit.views.editor.ClauseEditor`
    below redrafts the clause the selected comment cites, the comment ticked
    as answered.
    """

    def __init__(self, register, clauses: pd.DataFrame | None = None, *, who: str | None = None,
                 roster: pd.DataFrame | None = None, consultation=None):
        self.register = register
        self.clauses = clauses
        # units are named as the roster names them, not as a letterhead or a sheet wrote them
        self.unit_names = ({} if roster is None or not len(roster) else
                           dict(zip(roster["unit_id"], roster["name"])))
        self.clause_text = ({} if clauses is None else
                            dict(zip(clauses["clause_id"], clauses["text"])))
        self.frame = pd.DataFrame()
        self._loaded_version: dict[str, int] = {}

        self.clause = w.Dropdown(description="Điều khoản:")
        self.unit = w.Dropdown(description="Đơn vị:")
        self.stance = w.Dropdown(description="Loại ý kiến:")
        self.status_filter = w.Dropdown(description="Trạng thái:")
        self.list = w.Select(rows=12, description="Ý kiến:", layout=w.Layout(width="98%"))
        self.detail = w.HTML()
        self.status = w.Dropdown(options=[(label, key) for key, label in DISPOSITION_STATUSES.items()],
                                 description="Xử lý:")
        self.response = w.Textarea(description="Tiếp thu, giải trình:", rows=5,
                                   placeholder="Nội dung tiếp thu hoặc giải trình",
                                   layout=w.Layout(width="98%"),
                                   style={"description_width": "initial"})
        self.who = w.Text(value=who or _user(), description="Người xử lý:")
        self.save_button = w.Button(description="Lưu", button_style="primary", icon="save",
                                    tooltip="Lưu ngay vào sổ ý kiến (Tab tới nút, Enter để bấm)")
        self.reload_button = w.Button(description="Tải lại", icon="refresh",
                                      tooltip="Đọc lại sổ ý kiến (thay đổi của người khác)")
        self.message = w.HTML()

        for f in (self.clause, self.unit, self.stance, self.status_filter):
            f.observe(self._unless_quiet(self._apply_filters), "value")
        self.list.observe(self._unless_quiet(self._load_editor), "value")
        self.save_button.on_click(lambda _: self.save())
        self.reload_button.on_click(lambda _: self.reload())

        self.editor = None
        if consultation is not None:
            from .editor import ClauseEditor

            self.editor = ClauseEditor(consultation, who=self.who.value)
        self.widget = w.VBox([
            w.HBox([self.clause, self.unit]), w.HBox([self.stance, self.status_filter]),
            self.list, self.detail, self.status, self.response,
            w.HBox([self.who, self.save_button, self.reload_button]), self.message,
        ] + ([w.HTML("<b>Chỉnh sửa dự thảo theo ý kiến này</b>"), self.editor.widget]
             if self.editor is not None else []))
        self.reload()

    # -- data ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the register again and refill the filters and the list."""
        self.frame = self.register.comments().reset_index(drop=True)
        if "version" not in self.frame.columns:
            self.frame["version"] = 0
        self._loaded_version = dict(zip(self.frame["comment_id"],
                                        (int(v) for v in self.frame["version"].fillna(0))))
        self._fill_filters()
        self._apply_filters()

    def _fill_filters(self) -> None:
        f = self.frame
        cited = order_clause_ids({c for ids in f["clause_ids"] for c in (ids or ())}, self.clauses)
        clause_opts = [("Tất cả", ANY)] + [(clause_tick(c), c) for c in cited] + [("Không nêu điều khoản", NO_CLAUSE)]
        units: dict[str, str] = {}            # one entry per unit, by its roster name
        for uid, raw in zip(f["unit_id"], f["unit_raw"]):
            units.setdefault(self._unit_key(uid, raw), self.unit_name(uid, raw))
        unit_opts = [("Tất cả", ANY)] + sorted(((label, key) for key, label in units.items()),
                                               key=lambda item: fold(item[0]))
        stance_opts = [("Tất cả", ANY)] + [(STANCE_LABELS.get(s, s), s)
                                           for s in dict.fromkeys(f["stance"]) if s]
        status_opts = [("Tất cả", ANY)] + [(lbl, key) for key, lbl in DISPOSITION_STATUSES.items()]
        for widget, opts in ((self.clause, clause_opts), (self.unit, unit_opts),
                             (self.stance, stance_opts), (self.status_filter, status_opts)):
            current = widget.value
            with self._quietly():
                widget.options = opts
                widget.value = current if current in [v for _, v in opts] else ANY

    def visible(self) -> pd.DataFrame:
        """The comments the filters let through."""
        f = self.frame
        keep = pd.Series(True, index=f.index)
        if self.clause.value == NO_CLAUSE:
            keep &= pd.Series([not ids for ids in f["clause_ids"]], index=f.index, dtype=bool)
        elif self.clause.value not in (ANY, None):
            keep &= pd.Series([self.clause.value in (ids or ()) for ids in f["clause_ids"]],
                              index=f.index, dtype=bool)
        if self.unit.value not in (ANY, None):
            keep &= pd.Series([self._unit_key(u, r) == self.unit.value
                               for u, r in zip(f["unit_id"], f["unit_raw"])], index=f.index, dtype=bool)
        if self.stance.value not in (ANY, None):
            keep &= f["stance"] == self.stance.value
        if self.status_filter.value not in (ANY, None):
            keep &= self._status_of(f) == self.status_filter.value
        return f[keep]

    def unit_name(self, unit_id: str, unit_raw: str) -> str:
        """The unit as the roster names it; else as written, marked as not in the roster."""
        if unit_id and unit_id in self.unit_names:
            return self.unit_names[unit_id]
        raw = " ".join(str(unit_raw or "").split())
        if not raw:
            return "(chưa xác định đơn vị)"
        if raw.isupper():                      # a letterhead in capitals: as a name is written
            raw = raw.lower().capitalize()
        return f"{raw} (ngoài danh sách)" if not unit_id else raw

    @staticmethod
    def _unit_key(unit_id: str, unit_raw: str) -> str:
        return unit_id or f"raw:{unit_raw}"

    @staticmethod
    def _status_of(frame: pd.DataFrame) -> pd.Series:
        if "status" not in frame.columns:
            return pd.Series("pending", index=frame.index)
        return frame["status"].fillna("").replace("", "pending")

    def _row(self, comment_id: str) -> dict | None:
        hit = self.frame[self.frame["comment_id"] == comment_id]
        return None if hit.empty else hit.iloc[0].to_dict()

    # -- events ----------------------------------------------------------------------

    def _apply_filters(self) -> None:
        rows = self.visible()
        statuses = self._status_of(rows)
        current = self.list.value
        options = [(f"[{DISPOSITION_STATUSES.get(st, st)}] {self.unit_name(uid, raw)} — "
                    f"{shorten_words(text, 90)}", cid)
                   for cid, uid, raw, text, st in zip(rows["comment_id"], rows["unit_id"],
                                                      rows["unit_raw"], rows["text"], statuses)]
        with self._quietly():
            self.list.options = options
            if current in [cid for _, cid in options]:
                self.list.value = current
        self._load_editor()

    def _load_editor(self) -> None:
        row = self._row(self.list.value) if self.list.value else None
        if row is None:
            self.detail.value = ('<i class="ck-muted">Chọn một ý kiến trong danh sách để xem và '
                                 'ghi kết quả xử lý.</i>' if self.list.options else
                                 '<i class="ck-muted">Không có ý kiến nào khớp bộ lọc.</i>')
            return
        clauses = "".join(
            f"<li><b>{esc(clause_tick(cid))}</b>: {esc(self.clause_text.get(cid, ''))}</li>"
            for cid in row.get("clause_ids") or ())
        base = getattr(self.register, "path", None)
        text, reading = reading_html(row, self.clause_text, Path(base).parent if base else None)
        self.detail.value = (
            f'{STYLE}<div class="ck-box"><b>{esc(self.unit_name(row.get("unit_id"), row.get("unit_raw")))}</b> · '
            f'{esc(date_vi(row.get("received")))} · {esc(row.get("letter_number"))} · '
            f'{esc(STANCE_LABELS.get(row.get("stance"), row.get("stance")))}'
            f'<p>{text}</p>' + reading
            + (f"<div>Điều khoản được nêu:<ul>{clauses}</ul></div>" if clauses else "")
            + self._reading(row) + "</div>")
        self.status.value = row.get("status") or "pending"
        self.response.value = row.get("response") or ""
        if self.editor is not None:
            cited = [c for c in (row.get("clause_ids") or ()) if c]
            self.editor.show(cited[0] if cited else "", comments=(row["comment_id"],))

    @staticmethod
    def _reading(row: dict) -> str:
        """How the comment was read (as ``consultkit ingest --explain`` prints it)."""
        from ..comments.explain import comment_fields, sender_line

        match = {"unit_id": row.get("unit_id"), "unit_name": row.get("unit_id"),
                 "method": row.get("match_method") or "none"}
        lines = [("Cơ quan gửi", sender_line(str(row.get("unit_raw") or ""), match))]
        lines += [(label, value) for label, value in comment_fields(row) if label != "Ý kiến"]
        body = "".join(f"<tr><th>{esc(label)}</th><td>{esc_multiline(value)}</td></tr>"
                       for label, value in lines)
        return f'<details><summary>Cách đọc ý kiến này</summary><table class="ck-table">{body}</table></details>'

    def save(self) -> bool:
        """Save the editor's status and response for the selected comment; True if saved."""
        cid = self.list.value
        if not cid:
            self.message.value = message("Chưa chọn ý kiến nào.", "warn")
            return False
        status, response, who = self.status.value, self.response.value, self.who.value.strip()
        if not who:
            self.message.value = message("Hãy nhập tên người xử lý trước khi lưu.", "warn")
            return False
        try:
            self.register.set_disposition(cid, status=status, response=response, who=who,
                                          expected_version=self._loaded_version.get(cid, 0))
        except StaleEditError as exc:
            self._on_stale(cid, exc, status, response)
            return False
        except ConsultkitError as exc:
            self.message.value = message(f"Chưa lưu được: {esc(exc)}", "err")
            return False
        row = self._row(cid) or {}
        self.reload()
        self.list.value = cid if cid in [v for _, v in self.list.options] else self.list.value
        self.message.value = message(
            f"Đã lưu ý kiến của {esc(self.unit_name(row.get('unit_id'), row.get('unit_raw')))}: "
            f"{esc(DISPOSITION_STATUSES.get(status, status))} (người xử lý: {esc(who)}).")
        return True

    def _on_stale(self, cid: str, exc: StaleEditError, status: str, response: str) -> None:
        """Someone else saved first: show their version, keep the user's text."""
        fresh = self.register.comments()
        hit = fresh[fresh["comment_id"] == cid]
        theirs = hit.iloc[0].to_dict() if len(hit) else {}
        # From now on a new "Lưu" deliberately overwrites the version just shown.
        self._loaded_version[cid] = int(theirs.get("version") or 0)
        when = f" lúc {esc(time_vi(exc.changed_at))}" if exc.changed_at else ""
        self.message.value = message(
            f"Chưa lưu: ý kiến này vừa được {esc(exc.changed_by or 'người khác')} sửa{when}, "
            f"sau khi anh/chị mở nó. Bản đang có trong sổ: "
            f"<b>{esc(DISPOSITION_STATUSES.get(theirs.get('status'), theirs.get('status')))}</b>"
            f" — “{esc(theirs.get('response'))}”. Nội dung anh/chị nhập vẫn còn trong ô; "
            "bấm “Lưu” lần nữa để ghi đè bằng nội dung của anh/chị.", "err")
        self.status.value, self.response.value = status, response
