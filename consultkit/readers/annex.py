"""The recipient annex of a dispatch ("Danh sách các đơn vị …"), read as written.

Group headings are lines "I. Bảo hiểm xã hội Việt Nam" (in a list, as a
Markdown heading or a Word paragraph, or a table row whose first cell is a
Roman numeral); entries are table rows "STT | Tên đơn vị" (tab- or
pipe-separated in text, a Word table) or numbered lines "12. Bệnh viện E".
A table with more columns ("STT | Tên đơn vị | Địa chỉ") gives the name from
the column its header row calls "Tên đơn vị" (else the second column); a group
heading may be a merged row of that table. Bulleted lines under a heading
("- Sở Y tế tỉnh Lào Cai") are entries without a number (seq ""). A title of
several upper-case lines ("PHỤ LỤC" / "DANH SÁCH …") is kept whole.
Entries belong to the last heading above them; a list without headings is one
group numbered "". A further annex that is not a list of units ("PHỤ LỤC II /
MẪU GÓP Ý" with its own table) ends the list (reported), so its rows never
become units. Nothing is renumbered or
corrected: a group number used twice stays twice, blank lines inside a list
are skipped and reported.
"""

from __future__ import annotations

import re

from ..text import fold
from .plain import Line, where_vi

__all__ = ["parse_annex", "is_annex_title", "GROUP_HEADING", "SEQ_HEADERS"]

_BULLET = re.compile(r"^[-–—•+*]\s+")
#: "IV. Các Bệnh viện …" — a Roman group number, a dot or parenthesis, the title.
GROUP_HEADING = re.compile(r"^(?P<number>[IVXL]{1,6})\s*(?:[.):]|\s[-–—])\s*(?P<title>\S.*)$")
_ENTRY = re.compile(r"^(?P<seq>\d{1,4})\s*[.)]\s+(?P<name>\S.*)$")
_SEQ = re.compile(r"^\d{1,4}\.?$")
#: the header of the sequence column, folded: "STT", "TT", "Số TT", "Số thứ tự"
SEQ_HEADERS = {"stt", "tt", "so tt", "so thu tu"}


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text).strip()


def is_annex_title(lines: list[Line], i: int) -> bool:
    """Is line ``i`` the annex title (upper case "DANH SÁCH …"/"PHỤ LỤC …", or any
    upper-case line followed by "(Kèm theo …)")?"""
    text = lines[i].text
    if not text or not any(ch.isalpha() for ch in text):
        return False
    if text != text.upper():
        # "Danh sách các đơn vị …" in sentence case: only as a heading followed by the annex
        if len(text) > 100 or text.endswith((".", ";", ",")) or \
                not fold(text).startswith(("danh sach", "phu luc")):
            return False
        later = next((l.text for l in lines[i + 1:i + 4] if l.text), "")
        return bool(fold(later).startswith(("kem theo", "(kem theo", "stt", "tt ", "i "))
                    or GROUP_HEADING.match(re.sub(r"^[-–—•+*]\s+", "", later)))
    key = fold(text)
    if key.startswith(("danh sach", "phu luc")):
        return True
    for later in lines[i + 1:i + 3]:
        if later.text:
            return fold(later.text).startswith("kem theo")
    return False


def _title_line(text: str) -> bool:
    """A further line of a multi-line annex title ("DANH SÁCH …" under "PHỤ LỤC")."""
    return (bool(text) and text == text.upper() and any(ch.isalpha() for ch in text)
            and not GROUP_HEADING.match(text) and not fold(text).startswith(("stt", "tt ", "so tt", "kem theo")))


def _further_annex(lines: list[Line], i: int) -> bool:
    """Is line ``i`` the title of another annex ("PHỤ LỤC II", "MẪU PHIẾU GÓP Ý")?"""
    text = lines[i].text
    return (text[:1] in "PMD" and text == text.upper() and any(ch.isalpha() for ch in text)
            and fold(text).startswith(("phu luc", "mau ", "danh sach")) and not GROUP_HEADING.match(text))


def parse_annex(lines: list[Line]) -> tuple[str | None, str | None, list[dict], list[str]]:
    """Parse the annex part of a dispatch.

    ``lines`` start at the annex title. Returns ``(title, note, groups, issues)``
    where each group is a dict with ``number``, ``title``, ``location``,
    ``entries`` (list of ``(seq, name)``) and ``entry_locations``.
    """
    issues: list[str] = []
    groups: list[dict] = []
    if not lines:
        return None, None, groups, issues
    titles = [lines[0].text] if lines[0].text else []
    start = 1
    while start < len(lines) and _title_line(lines[start].text):
        titles.append(lines[start].text)
        start += 1
    title = " ".join(titles) or None
    note = None
    key = fold(title or "")
    if re.search(r"\bmau\b|phieu|bieu mau", key) and "danh sach" not in key:
        issues.append(f"{where_vi(lines[0].location)}: phụ lục “{title}” không phải danh sách đơn vị "
                      "nhận công văn; không đọc vào danh sách gửi")
        return title, None, groups, issues
    first = start
    for j in range(first, min(len(lines), first + 3)):
        if lines[j].text and fold(lines[j].text).startswith("kem theo"):
            note = lines[j].text
            start = j + 1
            break
        if lines[j].text:
            break

    pending_blank: Line | None = None
    loose: list[str] = []                 # entries before any heading (a flat list is fine)
    name_column = 1                       # index of "Tên đơn vị" among a table row's cells

    def add_entry(seq: str, name: str, line: Line) -> None:
        nonlocal pending_blank
        if not groups:
            loose.append(f"{where_vi(line.location)}: đơn vị “{name}” đứng trước mọi nhóm; "
                         "đã xếp vào một nhóm không số")
            groups.append({"number": "", "title": "", "location": line.location,
                           "entries": [], "entry_locations": []})
        group = groups[-1]
        if pending_blank is not None and group["entries"]:
            issues.append(f"{where_vi(pending_blank.location)}: dòng trống giữa danh sách nhóm "
                          f"{group['number']} (sau STT {group['entries'][-1][0]}); đã bỏ qua")
        pending_blank = None
        group["entries"].append((seq, name))
        group["entry_locations"].append(line.location)

    def add_group(number: str, heading: str, line: Line) -> None:
        nonlocal pending_blank
        pending_blank = None
        groups.append({"number": number, "title": heading, "location": line.location,
                       "entries": [], "entry_locations": []})

    body = lines[start:]
    for at, line in enumerate(body):
        if line.blank:
            pending_blank = line
            continue
        if line.text[:1] in "(Kk" and fold(line.text[:12]).startswith("kem theo"):
            continue                          # the note under a further annex title
        if groups and _further_annex(body, at):
            key = fold(" ".join(l.text for l in body[at:at + 3]))
            if "danh sach" in key:
                continue                      # another list of units: read on
            issues.append(f"{where_vi(line.location)}: phụ lục tiếp theo (“{line.text}”) không "
                          "phải danh sách đơn vị; phần từ đây không được đọc vào danh sách gửi")
            break
        if line.cells is not None and len(line.cells) >= 2:
            first, rest = line.cells[0], [c for c in line.cells[1:] if c]
            if fold(first) in SEQ_HEADERS:
                pending_blank = None
                heads = [fold(c) for c in line.cells]
                name_column = next((k for k, h in enumerate(heads) if k and "ten" in h.split()),
                                   next((k for k, h in enumerate(heads) if k and "don vi" in h), 1))
                continue                      # the table's header row
            if _SEQ.match(first) and rest:
                cells = line.cells
                if len(cells) > 2 and name_column < len(cells) and cells[name_column]:
                    name = cells[name_column]
                else:
                    name = " ".join(rest)
                add_entry(first.rstrip("."), name, line)
                continue
            match = GROUP_HEADING.match(first)
            if match and not match.group("title") and rest:
                add_group(match.group("number"), " ".join(rest), line)
                continue
            if re.fullmatch(r"[IVXL]{1,6}\.?", first) and rest:
                add_group(first.rstrip("."), " ".join(rest), line)
                continue
            text = line.text
        else:
            text = line.text
        text = _strip_bullet(text)
        match = GROUP_HEADING.match(text)
        if match:
            add_group(match.group("number"), match.group("title").strip(), line)
            continue
        match = _ENTRY.match(text)
        if match:
            add_entry(match.group("seq"), match.group("name").strip(), line)
            continue
        if groups and _BULLET.match(line.text) and text and text[0].isupper():
            add_entry("", re.sub(r"[\s;,.]+$", "", text), line)
            continue
        issues.append(f"{where_vi(line.location)}: dòng không nhận ra trong phụ lục: “{line.text}”")
    if len(groups) > 1:
        issues[:0] = loose
    return title, note, groups, issues
