"""ClauseEditor: redraft a clause of the latest draft from the notebook.

>>> from consultkit.views import ClauseEditor                     # doctest: +SKIP
>>> editor = ClauseEditor(c)            # a Consultation            # doctest: +SKIP
>>> editor.show("IV.2.2.a", comments=["c-…"])                      # doctest: +SKIP

The drafter rewords the unit, adds a unit after it (numbered the amending
way: ``2.2a.``, ``d1)``) or repeals it, ticks the comments the edit answers
and writes the reason; "Lưu chỉnh sửa" stores the edit in the register at
once (audit log, compare-and-set: if another drafter saved the same unit
first, nothing is overwritten and the typed text stays). "Lưu thành dự thảo
mới" writes the next draft (``Consultation.new_draft``). The diff viewer and
the triage view embed one editor each.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from ..errors import ConsultkitError, StaleEditError
from ._base import View
from ._html import STYLE, esc, message, shorten_words, time_vi

ACTIONS = [("Sửa nội dung", "edit"), ("Bổ sung đơn vị sau", "insert"), ("Bãi bỏ", "repeal")]
ACTION_LABELS = {"edit": "sửa nội dung", "insert": "bổ sung", "repeal": "bãi bỏ"}


class ClauseEditor(View):
    """Edit one clause of the latest draft of ``consultation`` and save the next draft."""

    def __init__(self, consultation, *, who: str | None = None):
        from ..drafting import default_user

        self.consultation = consultation
        self.clause_id = ""
        self._versions: dict[str, int] = {}
        #: called with the new version's name after "Lưu thành dự thảo mới"
        self.on_new_draft: list = []
        self._comment_rows: list | None = None
        self.title = w.HTML()
        self.action = w.ToggleButtons(options=ACTIONS, value="edit", description="Việc:",
                                      style={"button_width": "auto"})
        self.text = w.Textarea(description="Nội dung mới:", rows=5, layout=w.Layout(width="98%"),
                               style={"description_width": "initial"})
        self.links = w.SelectMultiple(description="Trả lời ý kiến:", rows=5,
                                      layout=w.Layout(width="98%"),
                                      style={"description_width": "initial"})
        self.reason = w.Textarea(description="Lý do (thuyết minh):", rows=2,
                                 layout=w.Layout(width="98%"), style={"description_width": "initial"})
        self.who = w.Text(value=who or default_user(), description="Người sửa:")
        self.save_button = w.Button(description="Lưu chỉnh sửa", icon="save", button_style="primary",
                                    layout=w.Layout(width="auto"))
        self.withdraw_button = w.Button(description="Bỏ chỉnh sửa này", icon="undo",
                                        layout=w.Layout(width="auto"))
        self.draft_name = w.Text(description="Tên dự thảo mới:", style={"description_width": "initial"})
        self.draft_button = w.Button(description="Lưu thành dự thảo mới", icon="file",
                                     button_style="success", layout=w.Layout(width="auto"))
        self.pending = w.HTML()
        self.message = w.HTML()
        self.action.observe(self._unless_quiet(self._on_action), "value")
        self.save_button.on_click(lambda _: self.save())
        self.withdraw_button.on_click(lambda _: self.withdraw())
        self.draft_button.on_click(lambda _: self.save_draft())
        self.widget = w.VBox([
            self.title, self.action, self.text, self.links, self.reason,
            w.HBox([self.who, self.save_button, self.withdraw_button]), self.message,
            self.pending, w.HBox([self.draft_name, self.draft_button]),
        ], layout=w.Layout(border="1px solid #ddd", padding="6px"))
        self._suggest_name()
        self._list_pending()

    # -- data ------------------------------------------------------------------------
    @property
    def base(self) -> str:
        """The version being edited: the latest one."""
        return self.consultation.version_names[-1]

    def _clauses(self) -> pd.DataFrame:
        return self.consultation.versions[self.base]

    def _edits(self) -> list[dict]:
        """The stored edits of the latest draft (read from the register each time: other
        drafters' edits show at once)."""
        if not self.consultation.register_path.exists():
            return []
        with self.consultation.register as reg:
            return reg.edit_records(self.base)

    def _edit_of(self, clause_id: str, action: str) -> dict | None:
        hits = [e for e in self._edits() if e["clause_id"] == clause_id
                and (e["action"] == "insert") == (action == "insert")]
        return hits[-1] if hits else None

    def _comments(self) -> list[tuple[str, str, tuple]]:
        """(comment id, label, cited clauses) of every comment, read once."""
        if self._comment_rows is None:
            comments = self.consultation.comments
            names = dict(zip(self.consultation.roster["unit_id"], self.consultation.roster["name"]))
            self._comment_rows = [
                (cid, f"{names.get(u) or r or '?'} — {shorten_words(t, 70)}", tuple(ids or ()))
                for cid, u, r, t, ids in zip(comments["comment_id"], comments["unit_id"],
                                             comments["unit_raw"], comments["text"],
                                             comments["clause_ids"])]
        return self._comment_rows

    def _comment_options(self, clause_id: str, extra=()) -> list[tuple[str, str]]:
        return [(label, cid) for cid, label, ids in self._comments()
                if clause_id in ids or cid in extra]

    # -- events ----------------------------------------------------------------------
    def show(self, clause_id: str, comments=()) -> None:
        """Load ``clause_id`` of the latest draft; ``comments`` are ticked as answered."""
        from ..comparison.amend import cite

        clauses = self._clauses()
        hit = clauses[clauses["clause_id"] == clause_id]
        self.clause_id = clause_id if len(hit) and not clause_id.startswith("_") else ""
        self.message.value = ""
        if not self.clause_id:
            self.title.value = message(f"Chỉ sửa được điều khoản của {esc(self.base)} (phiên bản mới "
                                       "nhất).", "muted")
            self.text.value = ""
            return
        unit = hit.iloc[0]
        self.title.value = (f"{STYLE}<b>Sửa {esc(cite(clause_id))}</b> của "
                            f"<b>{esc(self.base)}</b>")
        with self._quietly():
            edit = self._edit_of(clause_id, "edit")
            self.action.value = edit["action"] if edit and edit["action"] in ("edit", "repeal") else "edit"
        self._load(comments)

    def _load(self, comments=()) -> None:
        unit = self._clauses().set_index("clause_id").loc[self.clause_id]
        edit = self._edit_of(self.clause_id, self.action.value)
        own = unit["text"] or unit["heading"]
        if self.action.value == "insert":
            text = edit["text"] if edit else ""
        elif self.action.value == "repeal":
            text = ""
        else:
            text = edit["text"] if edit and edit["action"] == "edit" else own
        linked = tuple(edit["comment_ids"]) if edit else ()
        ticked = tuple(dict.fromkeys([*linked, *comments]))
        self.text.value = text
        self.text.disabled = self.action.value == "repeal"
        self.links.options = self._comment_options(self.clause_id, extra=ticked)
        self.links.value = tuple(c for c in ticked if c in dict(self.links.options).values())
        self.reason.value = edit["reason"] if edit else ""
        key = edit["edit_id"] if edit else ""
        if edit:
            self._versions[key] = int(edit["version"])
        hint = ""
        if self.action.value == "insert" and not edit:
            from ..redraft import RedraftError, next_number
            try:
                number, _ = next_number(self._clauses(), self.clause_id,
                                        taken=[e["new_id"] for e in self._edits() if e["new_id"]])
                hint = f"Đơn vị mới sẽ mang số <b>{esc(number)}</b>."
            except RedraftError as exc:
                hint = esc(exc)
        self.message.value = message(hint, "muted") if hint else ""

    def _on_action(self) -> None:
        if self.clause_id:
            self._load()

    def save(self) -> bool:
        """Store the edit in the register; True if stored."""
        if not self.clause_id:
            self.message.value = message("Chưa chọn điều khoản nào.", "warn")
            return False
        who = self.who.value.strip()
        if not who:
            self.message.value = message("Hãy nhập tên người sửa trước khi lưu.", "warn")
            return False
        action, c = self.action.value, self.consultation
        links, reason = list(self.links.value), self.reason.value
        edit = self._edit_of(self.clause_id, action)
        try:
            if action == "insert" and edit is None:
                saved = c.insert_after(self.clause_id, self.text.value, reason=reason,
                                       comments=links, who=who, base=self.base)
            elif action == "insert":
                with c.register as reg:
                    saved = reg.set_clause_edit(self.base, self.clause_id, action="insert",
                                                text=self.text.value, reason=reason,
                                                comment_ids=links, who=who,
                                                number=edit["number"], new_id=edit["new_id"],
                                                expected_version=self._versions.get(edit["edit_id"], 0))
            else:
                expected = self._versions.get(f"{self.base}|{self.clause_id}", 0)
                fn = c.edit_clause if action == "edit" else c.repeal_clause
                args = (self.clause_id, self.text.value) if action == "edit" else (self.clause_id,)
                saved = fn(*args, reason=reason, comments=links, who=who, base=self.base,
                           expected_version=expected)
        except StaleEditError as exc:
            with c.register as reg:
                theirs = reg.clause_edit(exc.comment_id) or {}
            self._versions[exc.comment_id] = int(theirs.get("version") or 0)
            when = f" lúc {esc(time_vi(exc.changed_at))}" if exc.changed_at else ""
            self.message.value = message(
                f"Chưa lưu: điều khoản này vừa được {esc(exc.changed_by or 'người khác')} sửa{when}, "
                f"sau khi anh/chị mở nó. Bản đang có trong sổ: "
                f"“{esc(shorten_words(theirs.get('text'), 200))}”. Nội dung anh/chị nhập vẫn còn "
                "trong ô; bấm “Lưu chỉnh sửa” lần nữa để ghi đè bằng nội dung của anh/chị.", "err")
            return False
        except ConsultkitError as exc:
            self.message.value = message(f"Chưa lưu được: {esc(exc)}", "err")
            return False
        self._versions[saved["edit_id"]] = int(saved["version"])
        what = ACTION_LABELS[saved["action"]]
        number = f" {saved['number']}" if saved["action"] == "insert" else ""
        self.message.value = message(f"Đã lưu: {what}{esc(number)} ({esc(who)}).")
        self._list_pending()
        return True

    def withdraw(self) -> bool:
        """Take back the stored edit of this clause (for the chosen action)."""
        edit = self._edit_of(self.clause_id, self.action.value) if self.clause_id else None
        if edit is None:
            self.message.value = message("Điều khoản này chưa có chỉnh sửa nào để bỏ.", "warn")
            return False
        try:
            with self.consultation.register as reg:
                reg.set_clause_edit(self.base, edit["clause_id"], action="withdrawn",
                                    who=self.who.value.strip(), number=edit["number"],
                                    new_id=edit["new_id"],
                                    expected_version=self._versions.get(edit["edit_id"], edit["version"]))
        except ConsultkitError as exc:
            self.message.value = message(f"Chưa bỏ được: {esc(exc)}", "err")
            return False
        self.message.value = message("Đã bỏ chỉnh sửa.")
        self._load()
        self._list_pending()
        return True

    def _suggest_name(self) -> None:
        import re

        names = self.consultation.version_names
        last = names[-1] if names else "du-thao"
        match = re.match(r"^(.*?)(\d+)$", last)
        self.draft_name.value = f"{match[1]}{int(match[2]) + 1}" if match else f"{last}-moi"

    def _list_pending(self) -> None:
        from ..comparison.amend import cite

        edits = self._edits()
        if not edits:
            self.pending.value = message(f"Chưa có chỉnh sửa nào cho {esc(self.base)}.", "muted")
            return
        items = "".join(
            f"<li>{esc(ACTION_LABELS[e['action']])} "
            f"{esc(cite(e['new_id'] if e['action'] == 'insert' else e['clause_id']))}"
            f"{' (' + esc(e['number']) + ')' if e['action'] == 'insert' else ''}"
            f" — {esc(e['updated_by'])}</li>" for e in edits)
        self.pending.value = f"{STYLE}<div>Các chỉnh sửa của {esc(self.base)} ({len(edits)}):<ul>{items}</ul></div>"

    def save_draft(self):
        """Write the next draft from the stored edits; returns the files or None."""
        name = self.draft_name.value.strip()
        if not name:
            self.message.value = message("Hãy đặt tên cho dự thảo mới.", "warn")
            return None
        try:
            written = self.consultation.new_draft(name, based_on=self.base)
        except ConsultkitError as exc:
            self.message.value = message(f"Chưa lưu được dự thảo mới: {esc(exc)}", "err")
            return None
        self._suggest_name()
        for callback in self.on_new_draft:
            callback(name)
        if self.clause_id:
            self.show(self.clause_id)
        self._list_pending()
        files = ", ".join(esc(p.name) for p in written.values())
        self.message.value = message(f"Đã lưu dự thảo mới <b>{esc(name)}</b>: {files}. Các chỉnh "
                                     f"sửa tiếp theo sẽ ghi cho {esc(name)}.")
        return written
