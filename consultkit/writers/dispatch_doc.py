"""A consultation dispatch (công văn) and its recipient annex rendered from data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import text as vt
from . import style
from .labels import unit_label


def annex_groups(dispatch, roster: pd.DataFrame | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(number, title, [(seq, name)]) per annex group, as written, in order.

    From the roster when given (a new group starts where the (group,
    group_title) pair changes, so a number used twice stays twice); else from
    the dispatch's annex. Placeholder rows and the row that is the group
    itself are not entries. STT are kept as written; a group whose entries
    have none (expanded from the reference provinces) is numbered from 1.
    """
    groups: list[tuple[str, str, list[tuple[str, str]]]] = []
    if roster is not None and len(roster):
        current = None
        for rec in roster.to_dict("records"):
            key = (str(rec["group"]), str(rec["group_title"]))
            if key != current:
                groups.append((key[0], key[1], []))
                current = key
            seq = rec.get("seq")
            seq = "" if seq is None or pd.isna(seq) else str(int(seq))
            name = unit_label(rec["name"])
            if rec.get("placeholder") or (not seq and vt.fold(name) == vt.fold(key[1])):
                continue
            groups[-1][2].append((seq, name))
        # Units expanded from a reference list (no STT written) are numbered 1, 2, 3…
        return [(n, t, [(str(k), e[1]) for k, e in enumerate(entries, start=1)]
                 if entries and not any(s for s, _ in entries) else entries)
                for n, t, entries in groups]
    for group in getattr(dispatch, "annex", ()) or ():
        groups.append((group.number, group.title, [(str(s), unit_label(n)) for s, n in group.entries]))
    return groups


def cite_dispatch(dispatch) -> str:
    """'Công văn số …/CNTT-THKCB ngày … tháng … năm 2021' (dots for blank fields)."""
    number = dispatch.number or f"{style.BLANK}/{dispatch.number_symbol or style.BLANK}"
    return f"Công văn số {number} {style.format_date_vn(dispatch.date, year=dispatch.year)}"


def _is_aside(paragraph: str) -> bool:
    return paragraph.startswith("(") and paragraph.endswith(")")


def write_dispatch(dispatch, roster: pd.DataFrame | None, path: str | Path) -> Path:
    """Render ``dispatch`` (+ its roster as the annex) to a .docx in the house style."""
    doc = style.new_document()
    style.add_header_block(doc, dispatch.issuer, dispatch.parent_issuer, dispatch.number,
                           dispatch.number_symbol, dispatch.place, dispatch.date,
                           subject=dispatch.subject, year=dispatch.year)
    style.add_addressees(doc, dispatch.addressees)
    for paragraph in dispatch.body:
        paragraph = vt.normalize(paragraph)
        if not paragraph:
            continue
        if _is_aside(paragraph):
            style.add_paragraph(doc, paragraph, italic=True, align="center", after=6)
        else:
            style.add_body_paragraph(doc, paragraph)
    style.add_recipients_and_signature(doc, dispatch.cc, dispatch.signer_title, dispatch.signer_name)
    groups = annex_groups(dispatch, roster)
    if groups:
        style.add_section(doc)  # the annex is numbered on its own (Phụ lục I, III.1.đ)
        style.add_paragraph(doc, (dispatch.annex_title or "Danh sách các đơn vị gửi công văn").upper(),
                            size=style.SIZE["annex_title"], bold=True, align="center")
        note = (f"(Kèm theo {cite_dispatch(dispatch)} của {dispatch.issuer})")
        style.add_paragraph(doc, note, size=style.SIZE["annex_title"], italic=True, align="center",
                            after=12)
        for number, title, entries in groups:
            style.add_paragraph(doc, f"{number}. {title}", size=style.SIZE["body"], bold=True,
                                before=6, after=4, keep_next=True)
            if entries:
                style.add_table(doc, ["STT", "Tên đơn vị"], [[s, n] for s, n in entries], [20, 140],
                                size=13, align=["center", "left"])
    return style.save_document(doc, Path(path))


__all__ = ["write_dispatch", "annex_groups", "cite_dispatch"]
