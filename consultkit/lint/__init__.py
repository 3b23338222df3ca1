"""A checker for consultation dispatches (công văn xin ý kiến) before they are issued.

:func:`lint_dispatch` reads a dispatch (.md/.txt/.docx path or a
:class:`~consultkit.readers.dispatch.Dispatch`) and returns a ``schema.LINT``
frame of findings, each with a severity, a rule id, a location, a message and
a suggested fix in Vietnamese:

* ``todo`` — placeholders left for issuance (blank number, blank day/month,
  the annex's "Kèm theo Công văn số …"): to complete when issued, not errors;
* ``subject.*`` — the draft named in the body agrees with the subject line;
* ``deadline.*`` — a real date, after the dispatch date, leaving at least
  ``min_days`` days (measured from ``issue_date``/``today`` when the date is
  blank, and the message says so); ``format.date`` — ND 30 date writing;
* ``recipients.*``/``signature.*`` — "Nơi nhận" from "Như trên" to "Lưu: VT, …",
  the signer's title and name, "KT./TL./TUQ./TM." followed by the signer's own title;
  ``deadline.relative`` (a warning) — a period counted from receipt, no date;
* ``annex.*`` — group numbers unique and in sequence, entries numbered in
  sequence, no duplicate units, Kính gửi groups ⇄ annex groups, province names
  valid on the dispatch's date;
* for a .docx: ``page.*``/``font.*`` — paper, margins, fonts and sizes against
  Phụ lục I (:func:`consultkit.writers.style.check_document`).

:func:`format_findings` renders the frame as a table for the terminal.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from ..text import fold
from . import annex as annex_rules
from . import form as form_rules

#: Default minimum number of days between the dispatch and its deadline.
MIN_DAYS = 10
SEVERITY_ORDER = {"error": 0, "warning": 1, "todo": 2, "info": 3}
SEVERITY_LABELS = {"error": "LỖI", "warning": "CẢNH BÁO", "todo": "CẦN HOÀN THIỆN", "info": "GHI CHÚ"}


def _lines_of(source: Any):
    from ..errors import ConsultkitError
    from ..readers.dispatch import dispatch_lines

    try:
        return dispatch_lines(source)[0]
    except ConsultkitError:          # the file changed since it was read: locate nothing
        return None


def _locator(lines) -> Any:
    folded = [(fold(line.text), line.location) for line in lines or []]

    def locate(needle: str) -> str:
        key = fold(needle)
        if key:
            for text, where in folded:
                if key in text:
                    return where
        return "body"
    return locate


def _reading_notes(dispatch) -> list[dict]:
    """Lines the reader could not place (outside the annex): shown, never dropped silently."""
    out = []
    for issue in dispatch.issues:
        if "không nhận ra" not in issue or "trong phụ lục" in issue:
            continue
        where, _, message = issue.partition(": ")
        out.append(form_rules.finding("info", "reading.unrecognized", where,
                                      message[:1].upper() + message[1:] + ".",
                                      "Kiểm tra dòng này có đúng vị trí trong công văn (Phụ lục I, "
                                      "mục II) hay bị gõ nhầm."))
    for issue in dispatch.annex_issues:
        if "không nhận ra" not in issue:
            continue                      # blank lines inside a list: harmless, not shown
        where, _, message = issue.partition(": ")
        out.append(form_rules.finding("info", "annex.reading", f"phụ lục, {where}",
                                      message[:1].upper() + message[1:] + ".",
                                      "Kiểm tra dòng này trong danh sách kèm theo."))
    return out


def lint_dispatch(source_or_dispatch: Any, *, roster: pd.DataFrame | None = None,
                  min_days: int = MIN_DAYS, today: dt.date | None = None,
                  issue_date: dt.date | None = None, check_style: bool = True) -> pd.DataFrame:
    """Check a dispatch; returns a ``schema.LINT`` frame sorted by severity then place.

    ``roster``: a ROSTER frame; when given, units it lists twice are reported
    too. ``today``/``issue_date``: where the consultation period is measured
    from when the dispatch's date is blank.
    """
    from ..readers.dispatch import Dispatch, dispatch_lines, parse_dispatch_lines

    lines = None
    if isinstance(source_or_dispatch, Dispatch):
        dispatch = source_or_dispatch
        if dispatch.source and Path(dispatch.source).is_file():
            lines = _lines_of(dispatch.source)
        path = Path(dispatch.source) if dispatch.source else None
    else:
        lines, name = dispatch_lines(source_or_dispatch)      # read once: parse and locate
        dispatch = parse_dispatch_lines(lines, source=name)
        path = Path(source_or_dispatch) if isinstance(source_or_dispatch, (str, Path)) else None
    locate = _locator(lines)
    findings = []
    findings += form_rules.placeholders(dispatch, locate)
    findings += form_rules.subject_agreement(dispatch, locate)
    findings += form_rules.closing(dispatch, locate)
    findings += form_rules.authority(dispatch, locate)
    findings += form_rules.date_line_format(lines)
    findings += form_rules.deadline_rules(dispatch, locate, min_days=min_days, today=today,
                                          issue_date=issue_date)
    findings += annex_rules.numbering(dispatch)
    findings += annex_rules.duplicates(dispatch)
    findings += annex_rules.addressees(dispatch)
    findings += annex_rules.empty_groups(dispatch)
    findings += annex_rules.provinces(dispatch, on=dispatch.date or issue_date)
    findings += _reading_notes(dispatch)
    if roster is not None and len(roster):
        keys = roster["name"].map(lambda n: fold(n))
        for name in roster.loc[keys.duplicated(), "name"]:
            findings.append(form_rules.finding("error", "roster.duplicate", "roster",
                                               f"Đơn vị “{name}” có hai lần trong danh sách gửi.",
                                               "Xóa dòng trùng trong danh sách."))
    if check_style and path is not None and path.suffix.lower() == ".docx":
        from ..writers.style import check_document

        findings += check_document(path)
    frame = schema.conform(findings, schema.LINT)
    if len(frame):
        frame = frame.assign(_o=frame["severity"].map(SEVERITY_ORDER).fillna(9))
        frame = frame.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return frame


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF"
               else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and _width(line) + 1 + _width(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [""]


_PLACES = {"addressees": "Kính gửi", "body": "nội dung", "roster": "danh sách gửi"}


def place_vi(location: str) -> str:
    """A finding's location in Vietnamese ('line 25' → 'dòng 25', 'section 1' → 'khổ giấy, phần 1')."""
    import re

    from ..readers.plain import where_vi

    if location in _PLACES:
        return _PLACES[location]
    if m := re.fullmatch(r"section (\d+)", location):
        return f"trang in, phần {m.group(1)}"
    if m := re.fullmatch(r"annex group (\S+)", location):
        return f"phụ lục, nhóm {m.group(1)}"
    return where_vi(location)


def format_findings(frame: pd.DataFrame, *, width: int = 100) -> str:
    """A readable table for the terminal: severity, rule, place, message and fix."""
    where_vi = place_vi

    if not len(frame):
        return "Không phát hiện vấn đề nào."
    counts = frame["severity"].value_counts()
    head = ", ".join(f"{SEVERITY_LABELS.get(k, k)}: {int(counts[k])}"
                     for k in SEVERITY_ORDER if k in counts)
    sev_w = max(_width(SEVERITY_LABELS.get(s, s)) for s in frame["severity"])
    where_w = min(28, max(_width(where_vi(str(w))) for w in frame["location"]))
    text_w = max(30, width - sev_w - where_w - 6)
    out = [f"{len(frame)} phát hiện — {head}", ""]
    for rec in frame.to_dict("records"):
        sev = SEVERITY_LABELS.get(rec["severity"], rec["severity"])
        where = where_vi(str(rec["location"]))
        body = _wrap(f"{rec['message']} [{rec['rule']}]", text_w)
        body += [f"→ {line}" if i == 0 else f"  {line}"
                 for i, line in enumerate(_wrap(str(rec["suggestion"]), text_w - 2))] if rec["suggestion"] else []
        for i, line in enumerate(body):
            left = sev if i == 0 else ""
            mid = where if i == 0 else ""
            out.append(f"{left}{' ' * (sev_w - _width(left))}  {mid}{' ' * max(0, where_w - _width(mid))}  {line}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


__all__ = ["lint_dispatch", "format_findings", "place_vi", "MIN_DAYS"]
