"""Letters in the house style: reminders (công văn đôn đốc) and the dispatch itself.

* :func:`write_reminders` — one letter per unit that has not replied
  (``needs_reminder`` in the responses frame), or all of them in one file
  (each letter its own section, page numbers restarting), plus the mail log
  :func:`reminder_log` as CSV beside them.
* :func:`write_dispatch` — a :class:`~consultkit.readers.dispatch.Dispatch`
  and its roster rendered as a công văn with the recipient annex, groups and
  entries numbered as written.

Blank form fields of the original dispatch (the seed's number and day/month
are blank) are cited with dots, the convention of the Government's forms:
"Công văn số …/CNTT-THKCB ngày … tháng … năm 2021".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from .. import text as vt
from ..errors import ConsultkitError
from . import style
from .cells import to_csv
from .dispatch_doc import annex_groups, cite_dispatch, write_dispatch  # noqa: F401  (re-exported)
from .labels import unit_label
from .synthesis_doc import consultation_frames, draft_name

LOG_NAME = "so-theo-doi-cong-van-don-doc.csv"
MERGED_NAME = "cong-van-don-doc.docx"
LOG_COLUMNS = ["STT", "Đơn vị", "Nhóm", "Dòng địa chỉ", "Tệp"]


def _storage_line(cc) -> str:
    for entry in cc:
        if vt.fold(entry).startswith("luu"):
            return vt.normalize(entry).rstrip(".;")
    return "Lưu: VT"


def _reminder_body(doc, dispatch, unit: str, new_deadline: dt.date) -> None:
    issuer = dispatch.issuer
    old_deadline = (f" trước {style.format_date_vn(dispatch.deadline)}" if dispatch.deadline else "")
    style.add_body_paragraph(
        doc, f"Tại {cite_dispatch(dispatch)}, {issuer} đã đề nghị Quý đơn vị góp ý "
             f"{draft_name(dispatch.subject)} và gửi văn bản góp ý{old_deadline}.")
    where = []
    if dispatch.postal_address:
        where.append(f"địa chỉ: {dispatch.postal_address}")
    if dispatch.contact_email:
        where.append(f"bản điện tử gửi vào email: {dispatch.contact_email}")
    where_text = f" ({'; '.join(where)})" if where else ""
    style.add_body_paragraph(
        doc, f"Đến nay, {issuer} chưa nhận được văn bản góp ý của {unit}. Để kịp tổng hợp, hoàn "
             f"thiện dự thảo và báo cáo Lãnh đạo Bộ, {issuer} trân trọng đề nghị Quý đơn vị "
             f"nghiên cứu, có văn bản góp ý gửi về {issuer}"
             + (f", {dispatch.parent_issuer}" if dispatch.parent_issuer else "")
             + f"{where_text} trước {style.format_date_vn(new_deadline)}. Quá thời hạn trên, nếu "
               f"không nhận được văn bản góp ý, {issuer} xin được hiểu là Quý đơn vị nhất trí "
               "với nội dung dự thảo.")
    style.add_body_paragraph(doc, "Trân trọng cảm ơn sự phối hợp của Quý đơn vị./.")


def _add_reminder(doc, dispatch, unit: str, new_deadline: dt.date, date, number) -> None:
    subject = f"V/v đôn đốc góp ý {draft_name(dispatch.subject)}"
    style.add_header_block(doc, dispatch.issuer, dispatch.parent_issuer, number,
                           dispatch.number_symbol, dispatch.place, date,
                           subject=vt.normalize(subject),
                           year=(date or new_deadline).year)
    style.add_addressees(doc, [unit])
    _reminder_body(doc, dispatch, unit, new_deadline)
    style.add_recipients_and_signature(doc, ["Như trên", _storage_line(dispatch.cc)],
                                       dispatch.signer_title, dispatch.signer_name)


def _pending_units(responses: pd.DataFrame) -> pd.DataFrame:
    if "needs_reminder" not in responses.columns:
        raise ConsultkitError("bảng tình hình trả lời không có cột 'needs_reminder'",
                              hint="Dùng bảng do consultkit.tracking.responses trả về")
    return responses[responses["needs_reminder"].astype(bool)].reset_index(drop=True)


def reminder_log(responses_or_frames: Any, files: list[Path] | None = None) -> pd.DataFrame:
    """The plain list for the office's mail log: STT, unit, group, address line, file."""
    responses = (responses_or_frames if isinstance(responses_or_frames, pd.DataFrame)
                 else consultation_frames(responses_or_frames, need=("responses",))["responses"])
    units = _pending_units(responses)
    rows = []
    for i, rec in enumerate(units.to_dict("records")):
        name = unit_label(rec["name"])
        group = ". ".join(x for x in (str(rec.get("group", "") or ""), str(rec.get("group_title", "") or "")) if x)
        file = ""
        if files:
            file = files[i].name if len(files) == len(units) else files[0].name
        rows.append({"STT": i + 1, "Đơn vị": name, "Nhóm": group, "Dòng địa chỉ": f"Kính gửi: {name}",
                     "Tệp": file})
    return pd.DataFrame(rows, columns=LOG_COLUMNS)


def write_reminders(consultation_or_frames: Any, out: str | Path, *, new_deadline: dt.date,
                    merged: bool = False, date: dt.date | None = None,
                    number: str | None = None) -> list[Path]:
    """Write reminder letters for the units that have not replied; returns the files written.

    ``out`` is a folder (one ``NNN-unit-name.docx`` per unit, ASCII names), or
    with ``merged=True`` a folder or a ``.docx`` path for one file with every
    letter. The mail log CSV (:data:`LOG_NAME`) is written beside them.
    ``date``/``number``: the reminders' own date and number, blank (dots) when None.
    """
    frames = consultation_frames(consultation_or_frames, need=("responses",))
    dispatch = frames["dispatch"]
    if dispatch is None:
        # Shown as is in the notebooks' widgets: in Vietnamese.
        raise ConsultkitError("chưa có công văn xin ý kiến (dispatch) của đợt lấy ý kiến nên chưa "
                              "viết được công văn đôn đốc",
                              hint="Khai báo tệp công văn ở mục dispatch của consultation.toml")
    if dispatch.date and new_deadline <= dispatch.date:
        raise ConsultkitError(f"hạn mới {new_deadline:%d/%m/%Y} không sau ngày ban hành công văn "
                              f"({dispatch.date:%d/%m/%Y})", hint="Chọn hạn mới muộn hơn")
    units = _pending_units(frames["responses"])
    out = Path(out)
    files: list[Path] = []
    if merged:
        path = out if out.suffix.lower() == ".docx" else out / MERGED_NAME
        doc = style.new_document()
        for i, rec in enumerate(units.to_dict("records")):
            if i:
                style.add_section(doc)
            _add_reminder(doc, dispatch, unit_label(rec["name"]), new_deadline, date, number)
        files.append(style.save_document(doc, path))
        folder = path.parent
    else:
        folder = out
        for i, rec in enumerate(units.to_dict("records"), start=1):
            name = unit_label(rec["name"])
            doc = style.new_document()
            _add_reminder(doc, dispatch, name, new_deadline, date, number)
            files.append(style.save_document(doc, folder / f"{i:03d}-{vt.slugify(name, 50)}.docx"))
    log = reminder_log(frames["responses"], files)
    folder.mkdir(parents=True, exist_ok=True)
    to_csv(log, folder / LOG_NAME, encoding="utf-8-sig")
    return files



__all__ = ["write_reminders", "reminder_log", "write_dispatch", "cite_dispatch", "annex_groups"]
