"""Show how a reply letter was read, part by part, in Vietnamese.

:func:`explain_letter` is what ``consultkit ingest --explain FILE`` prints: the
header (sender → roster unit, số/ký hiệu, date, subject), the reply's stance
and any agreement stated in its opening or closing, each comment with its
place, target (as written and as clause ids), stance, quoted draft text and
rationale, then every other part (opening, headings, closing, signature) and
the text the reader could not place, each with its place ("đoạn 5", "bảng 2,
dòng 3, ô 4"). :func:`comment_fields` gives the same lines for one comment
of the register; the triage view shows them for the selected comment.
"""

from __future__ import annotations

import re

import pandas as pd

STANCE_LABELS = {"substantive": "Có ý kiến cụ thể", "agree": "Nhất trí", "general": "Ý kiến chung",
                 "": "Chưa xác định"}
METHOD_LABELS = {"exact": "khớp đúng tên", "alias": "khớp tên viết khác", "fuzzy": "khớp gần đúng",
                 "manual": "do người dùng chọn", "needs_decision": "cần người quyết định",
                 "none": "không có trong danh sách"}


def place_vi(place: str) -> str:
    """A place in a source, as a reader says it.

    >>> place_vi("t2.r3.c4"), place_vi("p12"), place_vi("p12.2"), place_vi("Tổng hợp!R7")
    ('bảng 2, dòng 3, ô 4', 'đoạn 12', 'đoạn 12, dòng 2', 'trang tính Tổng hợp, dòng 7')
    """
    place = place.rsplit("#", 1)[-1]
    m = re.fullmatch(r"t(\d+)\.r(\d+)(?:\.c(\d+))?", place)
    if m and m[1] == "0":      # a PDF's header, read as two columns
        return "phần đầu" + (f", cột {m[3]}" if m[3] else "")
    if m:
        return f"bảng {m[1]}, dòng {m[2]}" + (f", ô {m[3]}" if m[3] else "")
    m = re.fullmatch(r"p(\d+)(?:\.(\d+))?", place)
    if m:
        return f"đoạn {m[1]}" + (f", dòng {m[2]}" if m[2] else "")
    m = re.fullmatch(r"(?:(.*)!)?R(\d+)", place)
    if m:
        return (f"trang tính {m[1]}, " if m[1] else "") + f"dòng {m[2]}"
    m = re.fullmatch(r"body\.l(\d+)", place)
    if m:
        return f"nội dung thư, đoạn {m[1]}"
    return place


def comment_fields(row: dict) -> list[tuple[str, str]]:
    """(label, value) lines for one comment (a COMMENTS row), empty fields left out."""
    ids = tuple(row.get("clause_ids") or ())
    suggestions = tuple(row.get("clause_suggestions") or ())
    lines = [("Vị trí trong văn bản", place_vi(str(row.get("source") or ""))),
             ("Ý kiến", str(row.get("text") or "")),
             ("Vị trí góp ý (như văn bản ghi)", str(row.get("refs_raw") or "")),
             ("Điều khoản của dự thảo", ", ".join(ids) if ids else "không nêu"),
             ("Gợi ý (không phải trích dẫn)", ", ".join(f"{c} ({s:.0f})" for c, s in suggestions)
              if suggestions and not ids else ""),
             ("Nội dung dự thảo được trích", str(row.get("quoted_text") or "")),
             ("Lý do", str(row.get("rationale") or "")),
             ("Loại ý kiến", STANCE_LABELS.get(str(row.get("stance") or ""), str(row.get("stance"))))]
    return [(label, value) for label, value in lines if value]


def sender_line(name: str, match: dict | None) -> str:
    """ "SỞ Y TẾ TỈNH NGHỆ AN → Sở Y tế tỉnh Nghệ An (so-y-te-nghe-an; khớp đúng tên)"."""
    if match is None:
        return f"{name or '(không đọc được)'} → chưa đối chiếu (không có danh sách đơn vị)"
    method = match.get("method") or "none"
    uid = match.get("unit_id")
    if uid:
        label = match.get("unit_name") or ""
        if label and label != uid:
            return f"{name} → {label} ({uid}; {METHOD_LABELS.get(method, method)})"
        return f"{name} → {uid} ({METHOD_LABELS.get(method, method)})"
    return f"{name or '(không đọc được)'} → {METHOD_LABELS.get(method, method)}"


def explain_letter(source, *, roster: pd.DataFrame | None = None, clauses: pd.DataFrame | None = None,
                   name: str | None = None) -> str:
    """The reading of one reply letter (.docx, or .pdf with a text layer), as text."""
    from ..readers.letter_tables import PART_LABELS
    from ..readers.letters import letter_comments, read_letter
    from .link import link_details, whole_draft_ids
    from .stance import classify_stance

    letter = read_letter(source, name=name)
    match = None
    if roster is not None:
        from .match import match_units

        match = match_units([letter.sender], roster, on=letter.date).iloc[0].to_dict()
    rows = letter_comments(letter).rows
    texts = [r["text"] for r in rows]
    stances = [classify_stance(t) for t in texts]
    ids, suggestions, refs = link_details(texts, clauses, refs_raw=[r["refs_raw"] for r in rows],
                                          quoted=[r["quoted_text"] for r in rows],
                                          suggest=[s != "agree" for s in stances])
    whole = whole_draft_ids(clauses)
    ids = [tuple(c for c in found if c not in whole) if stance == "agree" else found
           for found, stance in zip(ids, stances)]
    out = [f"Tệp: {letter.source}", "", "PHẦN ĐẦU VĂN BẢN"]
    if letter.parent:
        out.append(f"  Cơ quan chủ quản: {letter.parent}")
    out += [f"  Cơ quan gửi: {sender_line(letter.sender, match)}",
            f"  Số, ký hiệu: {letter.number or '(không ghi)'}",
            f"  Ngày: {letter.date:%d/%m/%Y}" if letter.date else "  Ngày: (không đọc được)",
            f"  Trích yếu: {letter.subject or '(không có)'}",
            f"  Ý kiến chung của văn bản: {STANCE_LABELS.get(letter.stance, letter.stance)}"]
    if letter.agreement:
        out.append(f"  Nhất trí nêu ở phần mở đầu/kết thúc: {letter.agreement}")
    for issue in letter.issues:
        out.append(f"  Lưu ý: {_issue_vi(issue)}")
    out += ["", f"GÓP Ý ({len(rows)})"]
    for k, row in enumerate(rows):
        full = {**row, "clause_ids": ids[k], "clause_suggestions": suggestions[k],
                "refs_raw": refs[k], "stance": stances[k]}
        out.append(f"  Góp ý {k + 1}:")
        out += [f"    {label}: {_indent(value)}" for label, value in comment_fields(full)]
    others = [p for p in letter.parts if p.part not in ("comment", "unused")]
    out += ["", "CÁC PHẦN KHÁC"]
    for piece in others:
        out.append(f"  {PART_LABELS[piece.part]} ({place_vi(piece.place)}): {piece.text}")
    unused = letter.unused
    out += ["", f"VĂN BẢN KHÔNG SỬ DỤNG ({len(unused)})"]
    if not unused:
        out.append("  (không có: mọi đoạn và ô đều đã được xếp vào một phần của văn bản)")
    for piece in unused:
        out.append(f"  ({place_vi(piece.place)}) {piece.text}")
    return "\n".join(out)


def _indent(value: str) -> str:
    return value.replace("\n", "\n      ")


def _issue_vi(issue: str) -> str:
    return {"no 'Kính gửi' line: the body was taken after the header lines":
            "không có dòng “Kính gửi”: nội dung được lấy sau các dòng tiêu đề",
            "sender not found in the letter's header":
            "không tìm thấy cơ quan gửi trong phần đầu văn bản"}.get(issue, issue)
