"""The header of a reply letter: issuing organ (and its parent), number, place and date, subject.

Lines come from the header table (column by column, :func:`column_major`) or the
paragraphs above "Kính gửi"; the same for a .docx and a PDF's text layer.
"""

from __future__ import annotations

import datetime as dt
import re

from ..text import fold, normalize

_NUMBER = re.compile(r"^s[oố]\s*(?:/\s*k[yý]\s*hi[eệ]u)?\s*[:.]?\s*(\S*)", re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _header_fields(lines: list[str]) -> dict:
    fields = {"sender": "", "parent": "", "number": "", "place": "", "date": None, "subject": ""}
    organs: list[str] = []
    number_seen = False
    for line in lines:
        folded = fold(line)
        if any(folded.startswith(n) for n in _NATIONAL) or not folded:
            continue
        match = _NUMBER.match(line)
        if match and not number_seen and re.match(r"^so\b", folded):
            number_seen = True
            rest = re.sub(r"\s*([/-])\s*", r"\1", line[match.start(1):])
            number = (rest.split() or [""])[0].strip(" ,;")
            fields["number"] = number if re.match(r"^\d", number) else ""
            continue
        date = _DATE_WORDS.search(folded)
        if date and fields["date"] is None:
            day, month, year = (int(g) for g in date.groups())
            try:
                fields["date"] = dt.date(year, month, day)
            except ValueError:
                pass
            fields["place"] = normalize(line.split(",")[0]) if "," in line else ""
            continue
        if folded.startswith(("v v", "ve viec")):
            fields["subject"] = line
            continue
        if fields["subject"] and not number_seen:
            continue
        if not number_seen and _is_upper(line) and not re.fullmatch(r"[-_–—=.\s]+", line):
            organs.append(line)
    organs = _join_organ_lines(organs)
    if organs:
        fields["sender"] = organs[-1]
        fields["parent"] = " ".join(organs[:-1])
        parent = fold(fields["parent"])
        # "UBND TỈNH NGHỆ AN / SỞ Y TẾ": the organ is named by its province
        for prefix in ("ubnd ", "uy ban nhan dan "):
            if parent.startswith(prefix):
                words = fields["parent"].split()
                drop = 1 if prefix == "ubnd " else 4
                fields["sender"] = f"{fields['sender']} {' '.join(words[drop:])}".strip()
                break
    return fields


#: first words of an organ's name; a header line not starting so goes on the line above
_ORGAN_START = re.compile(r"^(?:so|benh vien|cuc|vu|bo|ubnd|uy ban|bao hiem|vien|trung tam|truong|"
                          r"tong cuc|van phong|thanh tra|hoc vien|ban|cong ty|tap doan|hoi|"
                          r"lien doan|dai hoc|quan|huyen|thi xa|phong|khoa|chi cuc|nha)\b")


def _join_organ_lines(organs: list[str]) -> list[str]:
    """"BẢO HIỂM XÃ HỘI" / "VIỆT NAM" is one organ; "BỘ Y TẾ" / "BỆNH VIỆN K" are two."""
    out: list[str] = []
    for line in organs:
        if out and not _ORGAN_START.match(fold(line)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _is_header_line(line: str) -> bool:
    folded = fold(line)
    return (not folded or any(folded.startswith(n) for n in _NATIONAL) or _is_upper(line)
            or bool(re.match(r"^so\b", folded) and _NUMBER.match(line))
            or bool(_DATE_WORDS.search(folded) and len(line) < 80)
            or folded.startswith(("v v", "ve viec")) or bool(re.fullmatch(r"[-_–—=.\s]+", line)))


def _column_major(rows: list[list[list[str]]]) -> list[str]:
    """Header table lines column by column (left: organ and number; right: place and date)."""
    lines: list[str] = []
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        seen = None
        for row in rows:
            if c < len(row) and row[c] is not seen:
                lines.extend(row[c])
                seen = row[c]
    return lines
