"""The synthesis report (.docx): title block, summary with the numbers, the table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Mapping

from .. import text as vt
from ..errors import ConsultkitError
from .synthesis_table import COLUMNS, WIDTHS_MM, synthesis_numbers, synthesis_table


def consultation_frames(source: Any, need: tuple[str, ...] = ("comments", "responses")) -> dict[str, Any]:
    """comments, responses, clauses, dispatch, roster, deadline, title from a Consultation or a mapping."""
    if isinstance(source, Mapping):
        out = dict(source)
    else:
        out = {"comments": source.comments, "responses": source.responses(),
               "title": getattr(source, "title", None), "deadline": getattr(source, "deadline", None)}
        for name in ("dispatch", "roster"):
            try:
                out[name] = getattr(source, name)
            except ConsultkitError:
                out[name] = None
        try:
            versions = source.versions
            out["clauses"] = list(versions.values())[-1] if versions else None
        except (ConsultkitError, ImportError, ModuleNotFoundError):
            out["clauses"] = None
    for key in need:
        if out.get(key) is None:
            raise ConsultkitError(f"văn bản này cần bảng '{key}'",
                                  hint="Đưa vào một Consultation hoặc một từ điển có comments và responses")
    for key in ("comments", "responses", "clauses", "dispatch", "roster", "title", "deadline"):
        out.setdefault(key, None)
    return out


def draft_name(subject: str | None) -> str:
    """'V/v xin ý kiến góp ý dự thảo Thông tư …' -> 'dự thảo Thông tư …'."""
    subject = vt.normalize(subject or "")
    match = re.search(r"dự thảo.*", subject, flags=re.IGNORECASE)
    if match:
        return match.group(0)
    return re.sub(r"^V/v\s*", "", subject) or "dự thảo văn bản"


def _names(items: list[str]) -> str:
    from .labels import unit_label

    return "; ".join(unit_label(i) for i in items)


def listed_units(numbers: Mapping[str, Any]) -> tuple[int, int]:
    """(units consulted, units replied) counting listed units only, not the groups the annex
    names without a list (those are named beside the numbers)."""
    groups = numbers["placeholder_groups"]
    answered = [g for g in groups if g not in numbers["placeholders_not_replied"]]
    return numbers["units_consulted"] - len(groups), numbers["units_replied"] - len(answered)


def summary_paragraphs(numbers: Mapping[str, Any], dispatch=None) -> list[str]:
    """The opening summary in Vietnamese prose, one string per paragraph.

    Terms: "ý kiến" is one comment (counted), "góp ý" the act of commenting,
    "văn bản góp ý" a unit's reply; units are "cơ quan, đơn vị".
    """
    from .style import BLANK, format_date_vn

    subject = draft_name(dispatch.subject if dispatch is not None else "")
    consulted, replied = listed_units(numbers)
    groups = numbers["placeholder_groups"]
    issuer = (dispatch.issuer if dispatch is not None else None) or "Cơ quan chủ trì soạn thảo"
    # The groups the annex names without listing their units (Y tế các Bộ, Ngành) are named
    # beside the count, as the dispatch addresses them; the count is of listed units, the
    # number the charts and the tracker show.
    also = (" và " + ", ".join(f"{g}" for g in groups)) if groups else ""
    if dispatch is not None:
        number = dispatch.number or f"{BLANK}/{dispatch.number_symbol or BLANK}"
        when = format_date_vn(dispatch.date, year=dispatch.year)
        opening = (f"Thực hiện quy trình xây dựng văn bản quy phạm pháp luật, {issuer} đã có "
                   f"Công văn số {number} {when} gửi {consulted} cơ quan, đơn vị{also} xin ý kiến "
                   f"góp ý {subject}")
    else:
        opening = (f"Thực hiện quy trình xây dựng văn bản quy phạm pháp luật, {issuer} đã xin "
                   f"ý kiến góp ý {subject} của {consulted} cơ quan, đơn vị{also}")
    opening += (f". Đến nay, {issuer} đã nhận được văn bản góp ý của "
                f"{replied}/{consulted} cơ quan, đơn vị")
    answered = [g for g in groups if g not in numbers["placeholders_not_replied"]]
    if answered:
        opening += " và của " + ", ".join(answered)
    if numbers["units_late"]:
        opening += f" (trong đó {numbers['units_late']} cơ quan, đơn vị gửi sau thời hạn)"
    opening += ", cụ thể như sau:"
    agreed = numbers["units_agreed"]
    lines = [opening]
    lines.append(f"- {len(agreed)} cơ quan, đơn vị nhất trí với dự thảo, không có ý kiến khác"
                 + (f": {_names(agreed)}." if agreed else "."))
    received, in_table = numbers["comments_received"], numbers["comments_in_table"]
    left_out = []
    if received - numbers["duplicates"] > in_table:
        left_out.append("các ý kiến nhất trí")
    if numbers["duplicates"]:
        left_out.append(f"{numbers['duplicates']} ý kiến gửi trùng lặp")
    lines.append(f"- {len(numbers['units_substantive'])} cơ quan, đơn vị có ý kiến góp ý cụ thể. "
                 f"Tổng số ý kiến nhận được là {received}; {in_table} ý kiến góp ý cụ thể được "
                 "tổng hợp tại bảng dưới đây"
                 + (f" (không tính {' và '.join(left_out)})." if left_out else "."))
    lines.append(f"- {numbers['units_not_replied']} cơ quan, đơn vị chưa gửi văn bản góp ý"
                 + ("; nhóm " + ", ".join(f"“{g}”" for g in numbers["placeholders_not_replied"])
                    + " cũng chưa có văn bản góp ý." if numbers["placeholders_not_replied"] else "."))
    lines.append(f"Kết quả tiếp thu, giải trình {in_table} ý kiến góp ý: tiếp thu "
                 f"{numbers['accepted']} ý kiến; tiếp thu một phần {numbers['partly_accepted']} ý kiến; "
                 f"giải trình, không tiếp thu {numbers['explained']} ý kiến; chưa xử lý "
                 f"{numbers['pending']} ý kiến. Nội dung cụ thể tại bảng sau:")
    return lines


def write_synthesis(consultation_or_frames: Any, path: str | Path, *, date: dt.date | None = None,
                    xlsx: str | Path | None = None) -> Path:
    """Write the bản tổng hợp, tiếp thu, giải trình (.docx, A4 landscape); optionally the table as .xlsx."""
    from . import style

    frames = consultation_frames(consultation_or_frames)
    comments, responses = frames["comments"], frames["responses"]
    dispatch = frames["dispatch"]
    table = synthesis_table(comments, frames["clauses"], responses)
    numbers = synthesis_numbers(comments, responses)
    doc = style.new_document(landscape=True)
    issuer = dispatch.issuer if dispatch is not None else "Cục Công nghệ thông tin"
    parent = dispatch.parent_issuer if dispatch is not None else "Bộ Y tế"
    place = (dispatch.place if dispatch is not None else None) or "Hà Nội"
    style.add_header_block(doc, issuer, parent, None, None, place, date,
                           year=(date.year if date else dt.date.today().year), show_number=False)
    subject = draft_name(dispatch.subject if dispatch is not None else frames.get("title"))
    style.add_title(doc, "Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý",
                    subject[0].upper() + subject[1:] if subject else None)
    for i, paragraph in enumerate(summary_paragraphs(numbers, dispatch)):
        style.add_body_paragraph(doc, paragraph)
    rows = table[COLUMNS].astype({"STT": str}).values.tolist()
    if rows:
        style.add_table(doc, COLUMNS, rows, WIDTHS_MM,
                        align=["center", "left", "left", "justify", "justify"], merge_columns=[1])
    else:
        style.add_body_paragraph(doc, "Chưa có ý kiến góp ý cụ thể nào.", italic=True)
    path = style.save_document(doc, path, what="the synthesis")
    if xlsx:
        from .excel import write_xlsx

        write_xlsx(table[COLUMNS + ["Tình trạng xử lý"]], xlsx, sheet_name="Tổng hợp góp ý")
    return path


__all__ = ["write_synthesis", "summary_paragraphs", "consultation_frames", "draft_name", "listed_units"]
