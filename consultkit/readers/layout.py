"""Line shapes of a dispatch: list items, signer titles, person names, and two
columns run together on one line (text copied from a PDF).

Used by :mod:`consultkit.readers.dispatch`; every function takes and returns
:class:`~consultkit.readers.plain.Line` s or their normalised text.
"""

from __future__ import annotations

import re

from ..text import fold
from .dates import date_line
from .plain import Line

__all__ = ["upper", "item", "is_bullet", "collect_list", "is_signer_title", "is_person_name",
           "unfold_columns"]

_BULLET = re.compile(r"^[-–—•+*]\s+")
_SIGNER_WORDS = re.compile(r"TRƯỞNG|GIÁM ĐỐC|CHÁNH|^(?:KT|TL|TM|TUQ|Q)\.|CHỦ TỊCH|CHỦ NHIỆM|THỨ TRƯỞNG")


def upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == text.upper()


def item(text: str) -> str:
    """A list entry without its bullet and final separator."""
    return re.sub(r"[\s;,.]+$", "", _BULLET.sub("", text)).strip()


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def collect_list(lines: list[Line], i: int) -> tuple[list[str], int]:
    """Bullet lines from ``i`` (blank lines between bullets allowed); returns (items, next i)."""
    items: list[str] = []
    j = i
    while j < len(lines):
        if lines[j].blank:
            k = j
            while k < len(lines) and lines[k].blank:
                k += 1
            if k < len(lines) and is_bullet(lines[k].text):
                j = k
                continue
            break
        if not is_bullet(lines[j].text):
            break
        items.append(item(lines[j].text))
        j += 1
    return items, j


def is_signer_title(text: str) -> bool:
    return upper(text) and len(text.split()) <= 8 and bool(_SIGNER_WORDS.search(text))


def is_person_name(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 6 and not re.search(r"[\d:;/()]", text)
            and all(w[0].isupper() and not w.isupper() or len(w) == 1 for w in words))


_NATIONAL = re.compile(r"\s(?=CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
                       r"Độc lập\s*[-–—]\s*Tự do)", re.IGNORECASE)
_NUMBER_THEN_PLACE = re.compile(r"^(Số\s*:?[^/]*/\S+)\s+(\S[^,]{1,40},\s*ngày\b.*)$", re.IGNORECASE)


def _signer_tail(text: str) -> tuple[str, str] | None:
    """("- Như trên;", "THỨ TRƯỞNG") for "- Như trên; THỨ TRƯỞNG", else None."""
    for match in re.finditer(r"[;.:]\s+", text):
        head, tail = text[:match.end()].strip(), text[match.end():].strip()
        if upper(tail) and is_signer_title(tail) and not re.match(r"(KT|TL|TM|TUQ|Q)\.$", head):
            return head, tail
    return None


def unfold_columns(lines: list[Line]) -> list[Line]:
    """Undo two columns run together on one line, as text copied from a PDF gives them.

    "BỘ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" → the issuer, then the Quốc hiệu;
    "Số: 12/BTP-PC Hà Nội, ngày …" → the number, then the date line; in the closing,
    "Nơi nhận: KT. BỘ TRƯỞNG" / "- Như trên; THỨ TRƯỞNG" → the recipients list, then the
    signer's title lines after it.
    """
    out: list[Line] = []
    held: list[Line] = []
    for line in lines:
        text = line.text
        if not text:                      # blank lines inside the list keep the titles held
            out.append(line)
            continue
        parts = [p for p in _NATIONAL.split(text) if p] if ("ộ" in text or "Ộ" in text) else [text]
        if len(parts) > 1 and parts[0] == parts[0].upper():
            out += [Line(p.strip(), line.location) for p in parts]
            continue
        if text[:2] in ("Số", "SỐ", "số") and (m := _NUMBER_THEN_PLACE.match(text)) \
                and date_line(m.group(2)) is not None:
            out += [Line(m.group(1), line.location), Line(m.group(2), line.location)]
            continue
        in_list = is_bullet(text) or (text[:1] in "Nn" and fold(text[:12]).startswith("noi nhan"))
        tail = _signer_tail(text) if in_list else None
        if tail:
            out.append(Line(tail[0], line.location))
            held.append(Line(tail[1], line.location))
            continue
        if held and not in_list:
            out += held
            held = []
        out.append(line)
    return out + held
