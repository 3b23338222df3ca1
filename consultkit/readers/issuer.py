"""The issuing agency of a dispatch: casing header names, deriving a missing issuer.

Header lines are upper case ("CỤC CÔNG NGHỆ THÔNG TIN"); :func:`proper_case`
takes the spelling the body uses for the same name, else a casing rule.
When the header has no issuer line (a plain transcription), :func:`derive_issuer`
finds the agency whose name's initials give the first part of the ký hiệu
("CNTT-THKCB" → "Cục Công nghệ thông tin") and the ministry written after it.

>>> proper_case("CỤC CÔNG NGHỆ THÔNG TIN", "gửi về Cục Công nghệ thông tin, Bộ Y tế")
'Cục Công nghệ thông tin'
>>> proper_case("SỞ Y TẾ TỈNH NGHỆ AN", "")
'Sở Y tế tỉnh Nghệ An'
>>> proper_case("UBND TỈNH TUYÊN QUANG", "")
'UBND tỉnh Tuyên Quang'
>>> proper_case("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "")
'Ủy ban nhân dân thành phố Hà Nội'
>>> proper_case("BẢO HIỂM XÃ HỘI VIỆT NAM", "")
'Bảo hiểm xã hội Việt Nam'
>>> derive_issuer("CNTT-THKCB", "xin gửi về Cục Công nghệ thông tin, Bộ Y tế; địa chỉ")[:2]
('Cục Công nghệ thông tin', 'Bộ Y tế')
"""

from __future__ import annotations

import re

from ..text import normalize, strip_diacritics

__all__ = ["proper_case", "derive_issuer"]

_AGENCY = re.compile(r"\b(Tổng cục|Cục|Vụ|Văn phòng|Thanh tra|Viện|Sở|Trung tâm|Ban|Ủy ban|Bộ)\s+")


def proper_case(upper_name: str, body: str) -> str:
    """The spelling of an upper-case header name as the body writes it, if it does."""
    match = re.search(r"(?<!\w)" + re.escape(upper_name) + r"(?!\w)", body, re.IGNORECASE)
    if match:
        return match.group(0)
    words = upper_name.split()
    # acronyms stay upper case ("UBND TỈNH …" → "UBND tỉnh …")
    if words and words[0] in _ACRONYMS:
        return _place_names(" ".join([words[0]] + [w.lower() for w in words[1:]]))
    words = [w.lower() for w in words]
    for prefix in _LONG_AGENCIES:
        n = len(prefix.split())
        if " ".join(words[:n]) == prefix:
            rest = " ".join(words[n:])
            return _place_names(_country(" ".join([prefix.capitalize()] + ([rest] if rest else []))))
    # "Cục Công nghệ thông tin": capitalise the agency word and the first word of the name
    for n in (2, 1):
        if " ".join(words[:n]) in {"tổng cục", "cục", "vụ", "bộ", "sở", "viện", "văn phòng",
                                   "ủy ban", "trung tâm", "thanh tra"}:
            head = [w.capitalize() for w in words[:n + 1]]
            return _place_names(_country(" ".join(head + words[n + 1:])))
    return _place_names(_country(upper_name.capitalize()))


_ACRONYMS = {"UBND", "HĐND", "BHXH", "TAND", "VKSND", "BCĐ", "BCH"}
_LONG_AGENCIES = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân", "bảo hiểm xã hội",
                  "tòa án nhân dân", "viện kiểm sát nhân dân", "công an")


def _country(name: str) -> str:
    return re.sub(r"\bviệt nam\b", "Việt Nam", name)


def _place_names(name: str) -> str:
    """Capitalise the place name after "tỉnh", "thành phố", "huyện", "quận" (to the end)."""
    match = re.search(r"\b(tỉnh|thành phố|huyện|quận|thị xã)\s+(.+)$", name)
    if not match:
        return name
    place = " ".join(w.capitalize() for w in match.group(2).split())
    return name[:match.start(2)] + place


def _initials(words: list[str]) -> str:
    return "".join(strip_diacritics(w)[0].upper() for w in words if w and w[0].isalpha())


def derive_issuer(symbol: str | None, body: str) -> tuple[str, str | None, str | None]:
    """(issuer, parent, how) from the ký hiệu's agency part and the body text."""
    if not symbol:
        return "", None, None
    abbrev = strip_diacritics(symbol.split("-")[0]).upper()
    for match in _AGENCY.finditer(body):
        words = re.findall(r"[^\W\d_]+", body[match.end():match.end() + 120])
        for n in range(1, min(len(words), 10) + 1):
            if _initials(words[:n]) == abbrev:
                tail = re.match(r"(?:\S+\s+){%d}?\S+" % (n - 1), body[match.end():])
                name = f"{match.group(1)} {tail.group(0)}" if tail else match.group(1)
                name = re.sub(r"[\s,;.()]+$", "", name)
                # the ministry, where the body writes "<issuer>, Bộ …"
                parent = re.search(re.escape(name) + r"\s*,\s*(Bộ\s+[^,;.()]+?)"
                                   r"(?=\s*[,;.()]|\s+(?:hoặc|và|về|trước)\b|$)", body)
                shown = parent or match
                where = body[max(0, shown.start() - 15):shown.end() + 15]
                return (name, parent.group(1).strip() if parent else None,
                        f"…{normalize(where)}…")
    return "", None, None
