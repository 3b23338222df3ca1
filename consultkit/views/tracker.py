"""ResponseTracker: who has replied, who is late, and the reminder letters.

>>> from consultkit.views import ResponseTracker                  # doctest: +SKIP
>>> ResponseTracker(c)                                            # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..errors import ConsultkitError
from ._base import View
from ..tracking import group_keys
from ._html import STYLE, date_vi, esc, message, table

ANY = "__any__"

#: state filter: key -> (label, predicate over a RESPONSES frame)
STATES = {
    ANY: ("Tất cả", lambda f: pd.Series(True, index=f.index)),
    "replied": ("Đã trả lời", lambda f: f["replied"]),
    "on_time": ("Trả lời đúng hạn", lambda f: f["replied"] & ~f["late"]),
    "late": ("Trả lời muộn", lambda f: f["replied"] & f["late"]),
    "missing": ("Chưa trả lời", lambda f: ~f["replied"]),
    "reminder": ("Cần đôn đốc", lambda f: f["needs_reminder"]),
}


def state_label(row) -> str:
    """The Vietnamese reply state of one RESPONSES row."""
    if row["placeholder"]:
        return "Nhóm không liệt kê đơn vị"
    if not row["replied"]:
        return "Chưa trả lời"
    return "Trả lời muộn" if row["late"] else "Đã trả lời đúng hạn"


class ResponseTracker(View):
    """Every roster unit with its reply state, filters, and a reminders button.

    ``consultation``: a :class:`consultkit.workspace.Consultation`. ``today``
    fixes the date used for "late" (default: the real today). Letters go to
    ``WORKSPACE/exports/``.
    """

    def __init__(self, consultation, *, today: dt.date | None = None):
        self.consultation = consultation
        self.today = today
        self.frame = pd.DataFrame()
        self.group = w.Dropdown(description="Nhóm:", layout=w.Layout(width="420px"))
        self.state = w.Dropdown(options=[(label, key) for key, (label, _) in STATES.items()],
                                value=ANY, description="Tình trạng:")
        self.summary = w.HTML()
        self.table = w.HTML()
        # default new deadline: a week after the later of the old deadline and "today"
        base = max(filter(None, [consultation.deadline, today])) \
            if (consultation.deadline or today) else dt.date.today()
        self.new_deadline = w.DatePicker(description="Hạn mới:", value=base + dt.timedelta(days=7))
        # the picker shows the browser's date format (mm/dd/yyyy in an English browser):
        # the date as Vietnamese write it stands beside it
        self.deadline_shown = w.HTML()
        self.merged = w.Checkbox(value=False, description="Gộp thành một tệp")
        self.write_button = w.Button(description="Viết công văn đôn đốc", icon="envelope",
                                     button_style="warning", layout=w.Layout(width="auto"),
                                     tooltip="Viết công văn đôn đốc các đơn vị chưa trả lời "
                                             "vào thư mục exports/ (Tab tới nút, Enter để bấm)")
        self.refresh_button = w.Button(description="Cập nhật", icon="refresh",
                                       tooltip="Đọc lại sổ ý kiến và tính lại")
        self.files = w.HTML()
        self.group.observe(self._unless_quiet(self.render), "value")
        self.state.observe(self._unless_quiet(self.render), "value")
        self.new_deadline.observe(lambda _: self._show_deadline(), "value")
        self._show_deadline()
        self.write_button.on_click(lambda _: self.write_reminders())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.widget = w.VBox([
            self.summary, w.HBox([self.group, self.state, self.refresh_button]), self.table,
            w.HBox([self.new_deadline, self.deadline_shown, self.merged, self.write_button]),
            self.files,
        ])
        self.refresh()

    @property
    def exports(self) -> Path:
        """Where the letters go: WORKSPACE/exports/cong-van-don-doc/."""
        return Path(self.consultation.path) / "exports" / "cong-van-don-doc"

    def _show_deadline(self) -> None:
        value = self.new_deadline.value
        self.deadline_shown.value = (f'<span class="ck-muted" style="padding:0 8px">'
                                     f'ngày {esc(date_vi(value))}</span>' if value else "")

    def refresh(self) -> None:
        """Recompute the reply states from the register and redraw."""
        self.frame = self.consultation.responses(today=self.today)
        self.frame = self.frame.assign(group_key=group_keys(self.frame))
        titles: dict[str, tuple[str, str]] = {}
        for k, g, t in zip(self.frame["group_key"], self.frame["group"], self.frame["group_title"]):
            titles.setdefault(k, (g, t))
        opts = [("Tất cả các nhóm", ANY)] + [(f"Nhóm {g}. {t}"[:80], k)
                                             for k, (g, t) in titles.items()]
        current = self.group.value
        with self._quietly():
            self.group.options = opts
            self.group.value = current if current in [v for _, v in opts] else ANY
        self.render()

    def visible(self) -> pd.DataFrame:
        f = self.frame
        keep = STATES[self.state.value][1](f).astype(bool)
        if self.group.value not in (ANY, None):
            keep &= f["group_key"] == self.group.value
        return f[keep]

    def render(self) -> None:
        f = self.frame
        units = f[~f["placeholder"]]
        replied, late = int(units["replied"].sum()), int((units["replied"] & units["late"]).sum())
        deadline = self.consultation.deadline
        self.summary.value = STYLE + (
            f"<b>{len(units)}</b> đơn vị được xin ý kiến · <b>{replied}</b> đã trả lời "
            f"(<b>{late}</b> muộn) · <b>{int(units['needs_reminder'].sum())}</b> cần đôn đốc"
            + (f" · hạn góp ý {esc(date_vi(deadline))}" if deadline else ""))
        rows = self.visible()
        body = [(esc(i + 1), esc(r["name"]), esc(r["group"]), esc(state_label(r)),
                 esc(date_vi(r["first_reply"])), esc(r["n_comments"]))
                for i, r in enumerate(rows.to_dict("records"))]
        self.table.value = (
            '<div style="max-height:420px;overflow:auto">'
            + table(["STT", "Đơn vị", "Nhóm", "Tình trạng", "Ngày trả lời", "Số ý kiến"], body)
            + f'</div><div class="ck-muted">{self._shown(rows)}</div>')

    def _shown(self, rows: pd.DataFrame) -> str:
        """'Đang hiện 40/127 đơn vị' — units counted as the header counts them."""
        units = int((~self.frame["placeholder"]).sum())
        shown = int((~rows["placeholder"]).sum())
        groups = int(rows["placeholder"].sum())
        extra = f" và {groups} nhóm không liệt kê đơn vị" if groups else ""
        return f"Đang hiện {shown}/{units} đơn vị{extra}."

    def write_reminders(self) -> list[Path]:
        """Write the reminder letters into WORKSPACE/exports/ and list them."""
        from ..writers.letters import write_reminders

        try:
            written = write_reminders(self.consultation, self.exports,
                                      new_deadline=self.new_deadline.value,
                                      merged=self.merged.value)
        except ConsultkitError as exc:
            self.files.value = message(f"Chưa viết được công văn: {esc(exc)}", "err")
            return []
        paths = [Path(p) for p in written]
        items = "".join(f"<li>{esc(p.name)}</li>" for p in paths[:12])
        more = f"<li>… và {len(paths) - 12} tệp khác</li>" if len(paths) > 12 else ""
        self.files.value = message(
            f"Đã viết {len(paths)} tệp vào {esc(self.exports)}:<ul>{items}{more}</ul>")
        return paths
