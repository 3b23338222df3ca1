"""The columns of every DataFrame consultkit returns, in one place.

Each frame is declared as an ordered mapping ``column -> (dtype, meaning)``.
Library functions build their result with :func:`empty` / :func:`conform`, so
notebooks and tests can rely on the columns being there, in this order, even
when there are no rows. The README's "Frames" section is generated from here.

dtype names: ``str`` (text, NFC), ``Int64`` (nullable integer), ``int64``,
``float64``, ``bool``, ``date`` (``datetime.date`` objects or None, kept as
``object``), ``object`` (lists, tuples, dicts).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

Columns = Mapping[str, tuple[str, str]]

CLAUSES: Columns = {
    "clause_id": ("str", "path of official numbers, unique in the frame, e.g. 'IV.2.1.a' or 'D8.k2.a' "
                         "(see consultkit.clauses.parse for the scheme); blocks that are not clauses get "
                         "ids such as '_header.1'"),
    "parent_id": ("str", "clause_id of the enclosing unit, '' at the top"),
    "kind": ("str", "part, chapter, section, article, clause, point, item, annex, annex_section, "
                    "table_row; and for blocks that are not clauses (ids starting with '_'): "
                    "title, header, preamble, signature, recipients, note, text"),
    "number": ("str", "the number as written ('Điều 8', '2.', 'a)', 'IV.', table STT)"),
    "heading": ("str", "the heading or title of the unit, '' if none"),
    "text": ("str", "the unit's own text, NFC, without its children's"),
    "order": ("int64", "position in document order, 0-based"),
    "level": ("int64", "depth in the tree, 0 at the top"),
    "location": ("str", "where in the source: 'p12' (paragraph), 't1.r5' (table 1 row 5), 'line 40'"),
    "cells": ("object", "for table rows: dict column header -> cell text; else None"),
}

ROSTER: Columns = {
    "unit_id": ("str", "stable slug of the unit, unique in the roster"),
    "group": ("str", "the group number exactly as written in the annex ('I', 'IV')"),
    "group_title": ("str", "the group heading as written"),
    "seq": ("Int64", "the entry number as written in its group (STT), null where not numbered"),
    "name": ("str", "the unit's name as written (NFC)"),
    "kind": ("str", "social_security, ministry_health_agency, provincial_health_department, "
                    "ministry_department, ministry_hospital, other"),
    "province_code": ("str", "statistics-office province code for provincial units, else ''"),
    "placeholder": ("bool", "True for a group the dispatch names but cannot be expanded"),
    "source": ("str", "where the row came from: 'annex line 57', 'reference provinces-2021-07-01.tsv'"),
}

#: Vietnamese labels of roster kinds, for everything a user sees.
UNIT_KIND_LABELS = {
    "social_security": "Bảo hiểm xã hội",
    "ministry_health_agency": "Y tế các Bộ, Ngành",
    "provincial_health_department": "Sở Y tế tỉnh/thành phố",
    "ministry_department": "Đơn vị thuộc Bộ Y tế",
    "ministry_hospital": "Bệnh viện, Viện trực thuộc Bộ Y tế",
    "other": "Khác",
}

COMMENTS: Columns = {
    "comment_id": ("str", "stable id derived from source and content; re-importing never duplicates"),
    "unit_raw": ("str", "the sender as written"),
    "unit_id": ("str", "roster unit_id, '' when unmatched or awaiting a decision"),
    "match_score": ("float64", "0–100 confidence of the unit match"),
    "match_method": ("str", "exact, alias, fuzzy, manual, needs_decision, none"),
    "received": ("date", "date the comment was received (datetime.date or None)"),
    "letter_number": ("str", "the reply letter's số/ký hiệu, '' if unknown"),
    "channel": ("str", "email, post, sheet, letter"),
    "text": ("str", "the comment text, NFC"),
    "refs_raw": ("str", "the clause citation as written in the source, '' if none"),
    "clause_ids": ("object", "tuple of clause_ids the comment explicitly cites"),
    "clause_suggestions": ("object", "tuple of (clause_id, score) suggested by similarity, never facts"),
    "stance": ("str", "agree (no further comment), substantive, general"),
    "duplicate_of": ("str", "comment_id of the first copy, '' if none"),
    "group_id": ("str", "id shared by near-identical comments from several units, '' if alone"),
    "source": ("str", "file and place in it, e.g. 'inbox/gop-y.xlsx#Sheet1!R7'"),
    "source_kind": ("str", "how the text was read: digital (from the file's text), ocr (recognised "
                           "from a scan or image)"),
    "confidence": ("float64", "0–100 trust in the text: 100 when read from the file, the mean "
                              "OCR word confidence for a scan"),
    "doubtful": ("object", "tuple of words to check by eye (OCR below the confidence threshold)"),
    "notes": ("str", "what the reader did to the text: corrections against the roster, clause "
                     "numbers and dates, legacy fonts converted; '' if nothing"),
    "proposed": ("str", "for a change tracked in a returned draft: the clause text as the unit "
                        "proposes it ('' otherwise)"),
    "quoted_text": ("str", "the draft's text the comment quotes (column 'Nội dung dự thảo'), '' if none"),
    "rationale": ("str", "the reason the unit gives (column 'Lý do', 'Giải thích', a 'Lý do:' "
                         "paragraph), '' if none"),
}

#: columns added later (how a comment was read): a frame built without them gets these values
DEFAULTS = {"source_kind": "digital", "confidence": 100.0, "doubtful": (), "notes": "", "proposed": "",
            "quoted_text": "", "rationale": ""}

DISPOSITION_STATUSES = {
    "pending": "Chưa xử lý",
    "accepted": "Tiếp thu",
    "partly_accepted": "Tiếp thu một phần",
    "explained": "Giải trình/Không tiếp thu",
}

DISPOSITIONS: Columns = {
    "comment_id": ("str", "the comment"),
    "status": ("str", "pending, accepted, partly_accepted, explained"),
    "response": ("str", "the drafters' answer (ý kiến tiếp thu, giải trình)"),
    "updated_by": ("str", "who made the last change"),
    "updated_at": ("str", "ISO timestamp of the last change"),
    "version": ("int64", "edit counter, used to refuse stale edits"),
}

CLAUSE_EDITS: Columns = {
    "edit_id": ("str", "'<base>|<clause_id>' for an edit or repeal, '<base>|<new_id>' for an inserted unit"),
    "base": ("str", "the version the edit applies to (a name in the manifest's [versions])"),
    "clause_id": ("str", "the unit edited or repealed; for an insertion, the unit it follows"),
    "action": ("str", "edit, insert, repeal, withdrawn (an edit taken back)"),
    "number": ("str", "for an insertion: its number as written ('1a.', 'd1)', '2.2a.'), else ''"),
    "new_id": ("str", "for an insertion: its clause id ('D2.k1a', 'IV.2.2a'), else ''"),
    "text": ("str", "the unit's new text (edit, insert); '' for a repeal"),
    "reason": ("str", "why (the Thuyết minh of the bảng so sánh)"),
    "comment_ids": ("object", "tuple of the comments the edit answers"),
    "updated_by": ("str", "who made the last change"),
    "updated_at": ("str", "ISO timestamp of the last change"),
    "version": ("int64", "edit counter, used to refuse stale edits"),
}

RESPONSES: Columns = {
    "unit_id": ("str", "roster unit"),
    "name": ("str", "unit name"),
    "group": ("str", "group number as written"),
    "group_title": ("str", "group heading"),
    "kind": ("str", "roster kind"),
    "placeholder": ("bool", "a group that stands for units not listed"),
    "replied": ("bool", "at least one reply received"),
    "first_reply": ("date", "date of the first reply"),
    "last_reply": ("date", "date of the last reply"),
    "late": ("bool", "first reply after the deadline"),
    "n_comments": ("int64", "number of comments received from the unit"),
    "stance": ("str", "agree, substantive, none (no reply)"),
    "needs_reminder": ("bool", "no reply, not a placeholder"),
}

COMPARISON: Columns = {
    "old_id": ("str", "clause_id in the old version, '' for additions"),
    "new_id": ("str", "clause_id in the new version, '' for deletions"),
    "change": ("str", "unchanged, modified, added, deleted, moved, renumbered, split, merged; "
                      "'moved+modified', 'renumbered+modified' combine"),
    "similarity": ("float64", "0–1 word similarity of old and new text"),
    "old_text": ("str", "the old clause text"),
    "new_text": ("str", "the new clause text"),
    "ops": ("object", "word-level diff: tuple of (op, text), op -1 delete, 0 equal, 1 insert"),
    "words_added": ("int64", "number of words inserted"),
    "words_deleted": ("int64", "number of words deleted"),
    "group": ("str", "id tying the rows of one split or merge, '' otherwise"),
}

REFS: Columns = {
    "start": ("int64", "start offset of the citation in the text"),
    "end": ("int64", "end offset"),
    "span": ("str", "the citation as written"),
    "parts": ("object", "tuple of (kind, number) from small to large, e.g. (('point','a'),('clause','2'))"),
    "clause_ids": ("object", "tuple of resolved clause_ids"),
    "resolved": ("bool", "every part found in the clause frame"),
    "issue": ("str", "why it is unresolved, '' when resolved"),
}

LINT: Columns = {
    "severity": ("str", "error, warning, info, todo (to complete when issued)"),
    "rule": ("str", "rule id, e.g. 'annex.group-sequence'"),
    "location": ("str", "where: 'line 12', 'annex group IV', 'section 1 margins'"),
    "message": ("str", "what is wrong, in Vietnamese"),
    "suggestion": ("str", "how to fix it, in Vietnamese"),
}

INSTRUCTIONS: Columns = {
    "document": ("str", "the amending document: its number and symbol, else its file name"),
    "seq": ("int64", "the instruction's position in the amending document, 1-based"),
    "part": ("int64", "the action's position within its instruction (several actions: 1, 2…)"),
    "location": ("str", "where in the amending document: 'khoản 3 Điều 1'"),
    "where": ("str", "paragraph or line of the instruction: 'p12', 'line 40'"),
    "instruction": ("str", "the instruction as written (without its quoted text)"),
    "action": ("str", "amend, insert, repeal, replace_phrase, insert_phrase, delete_phrase, "
                      "rename, replace_annex, correct; '' when unreadable"),
    "action_label": ("str", "the action in Vietnamese ('sửa đổi, bổ sung', 'bãi bỏ'…)"),
    "targets": ("object", "tuple of clause ids of the base named by the instruction"),
    "anchor": ("str", "insertions: 'after:ID', 'before:ID', 'in:ID'; inserted phrases: 'sau'/'trước'"),
    "phrase": ("str", "the phrase replaced, removed or inserted after/before, '' if none"),
    "new_phrase": ("str", "the replacing or inserted phrase, '' if none"),
    "text": ("str", "the quoted new text, its paragraphs joined by newlines"),
    "blocks": ("object", "the quoted new text as blocks (paragraphs and table rows)"),
    "issue": ("str", "why the instruction cannot be read, in Vietnamese; '' if fine"),
}

CONSOLIDATED: Columns = dict(CLAUSES, **{
    "status": ("str", "'' unchanged, amended, inserted, repealed, renamed, phrase (a phrase changed)"),
    "notes": ("object", "tuple of footnotes (Vietnamese): which amending document changed the unit"),
})

CONSOLIDATION_REPORT: Columns = dict(INSTRUCTIONS, **{
    "applied": ("bool", "the instruction was applied"),
    "reason": ("str", "why it was not applied, in Vietnamese; '' if applied"),
})

FRAMES: dict[str, Columns] = {
    "clauses": CLAUSES,
    "roster": ROSTER,
    "comments": COMMENTS,
    "dispositions": DISPOSITIONS,
    "responses": RESPONSES,
    "comparison": COMPARISON,
    "refs": REFS,
    "lint": LINT,
    "instructions": INSTRUCTIONS,
    "consolidated": CONSOLIDATED,
    "consolidation_report": CONSOLIDATION_REPORT,
}

_PANDAS_DTYPE = {
    "str": "str",
    "Int64": "Int64",
    "int64": "int64",
    "float64": "float64",
    "bool": "bool",
    "date": "object",
    "object": "object",
}


#: columns added after the first release: a frame built without them gets this value


def empty(columns: Columns) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=_PANDAS_DTYPE[dtype])
                         for name, (dtype, _) in columns.items()})


def conform(rows: Iterable[Mapping] | pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """Build a frame from rows (or a frame) with exactly the declared columns.

    Missing columns raise ``ValueError`` (a programming error, not a user's),
    except those of :data:`DEFAULTS`, which get their default; extra columns
    are kept after the declared ones.
    """
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if frame.empty and not len(frame.columns):
        return empty(columns)
    missing = [c for c in columns if c not in frame.columns]
    for name in [c for c in missing if c in DEFAULTS]:
        frame = frame.assign(**{name: [DEFAULTS[name]] * len(frame)})
        missing.remove(name)
    if missing:
        raise ValueError(f"frame lacks declared columns: {missing}")
    extra = [c for c in frame.columns if c not in columns]
    frame = frame[list(columns) + extra].copy()
    for name, (dtype, _) in columns.items():
        target = _PANDAS_DTYPE[dtype]
        if target == "object":
            frame[name] = frame[name].astype(object)
        elif target == "str":
            frame[name] = frame[name].fillna("").astype(str)
        else:
            frame[name] = frame[name].astype(target)
    return frame.reset_index(drop=True)


def describe(columns: Columns) -> str:
    """A Markdown table of the columns (used for the README and docs)."""
    lines = ["| column | dtype | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {dtype} | {meaning} |" for name, (dtype, meaning) in columns.items()]
    return "\n".join(lines)
