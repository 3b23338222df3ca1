"""Rules on the recipient annex: numbering, duplicates, addressees, province names."""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz, process

from ..text import canonical_tones, fold, match_key
from ..writers.labels import roman_to_int
from .form import Finding, finding

#: Group titles written differently for the same group of addressees.
SYNONYMS = [
    (r"\bbenh vien vien co giuong\b", "benh vien"),
    (r"\bbenh vien vien\b", "benh vien"),
    (r"\bco giuong\b", ""),
    (r"\btruc thuoc\b", "thuoc"),
    (r"\bthanh pho\b", "tp"),
    (r"\btinh tp\b", "tinh"),
    (r"\bbo nganh\b", "bo nganh"),
    (r"\bso y te cac tinh\b.*", "so y te cac tinh"),
]
_FILLER = {"cac", "toan", "quoc", "cua", "va"}


def group_key(title: str) -> str:
    """Canonical key of a group title: folded, abbreviations expanded, synonyms merged."""
    key = match_key(title)
    for pattern, repl in SYNONYMS:
        key = re.sub(pattern, repl, key)
    return " ".join(w for w in key.split() if w not in _FILLER)


def _where(group, k: int | None = None) -> str:
    if k is not None and getattr(group, "entry_locations", ()) and k < len(group.entry_locations):
        return group.entry_locations[k]
    loc = getattr(group, "location", "") or (f"line {group.line}" if group.line else "")
    return loc or f"annex group {group.number}"


def numbering(d) -> list[Finding]:
    """Group numbers unique and in sequence; entries numbered 1, 2, 3 … in each group."""
    out = []
    seen: dict[str, object] = {}
    expected = 1
    for group in d.annex:
        label = f"Nhóm {group.number}" if group.number else "Danh sách"
        if not group.number:                 # a flat list, or entries before the first heading
            pass
        elif group.number in seen:
            out.append(finding("error", "annex.group-duplicate", _where(group),
                               f"Số thứ tự nhóm “{group.number}” dùng hai lần: “{seen[group.number].title}” "
                               f"và “{group.title}”.",
                               f"Đánh số lại các nhóm theo thứ tự I, II, III…; nhóm “{group.title}” "
                               f"có lẽ là nhóm {_roman(expected)}."))
        elif roman_to_int(group.number) != expected:
            out.append(finding("error", "annex.group-sequence", _where(group),
                               f"Nhóm “{group.number}. {group.title}” không đúng thứ tự "
                               f"(cần là {_roman(expected)}).",
                               "Đánh số các nhóm liên tục bằng chữ số La Mã: I, II, III…"))
        if group.number:
            seen.setdefault(group.number, group)
            expected += 1
        for k, (seq, name) in enumerate(group.entries):
            if not str(seq).strip():
                continue
            if not str(seq).isdigit() or int(seq) != k + 1:
                out.append(finding("error", "annex.entry-sequence", _where(group, k),
                                   f"{label}: “{seq}. {name}” đánh số sai (cần là {k + 1}).",
                                   "Đánh số thứ tự các đơn vị trong nhóm liên tục từ 1."))
    return out


def _roman(n: int) -> str:
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in table:
        while n >= value:
            out, n = out + letters, n - value
    return out


def duplicates(d) -> list[Finding]:
    out, first = [], {}
    for group in d.annex:
        for k, (seq, name) in enumerate(group.entries):
            key = match_key(canonical_tones(name))
            if key in first:
                g0, s0 = first[key]
                out.append(finding("error", "annex.unit-duplicate", _where(group, k),
                                   f"Đơn vị “{name}” có hai lần: nhóm {g0} số {s0} và nhóm "
                                   f"{group.number} số {seq}.",
                                   "Xóa dòng trùng để đơn vị không nhận hai công văn."))
            else:
                first[key] = (group.number, seq)
    return out


def addressees(d, *, threshold: float = 80.0) -> list[Finding]:
    """Every 'Kính gửi' group is an annex group, and every annex group is addressed."""
    if not d.annex:
        return []
    addr = [a for a in d.addressees if fold(a) not in ("", "nhu tren")]
    if any(re.search(r"danh sach|phu luc|co ten (tai|trong)", fold(a)) for a in addr):
        return []  # "Các đơn vị có tên trong danh sách kèm theo" addresses every group
    keys_a = [group_key(a) for a in addr]
    keys_g = [group_key(g.title) for g in d.annex]
    pairs = sorted(((fuzz.token_sort_ratio(ka, kg), i, j) for i, ka in enumerate(keys_a)
                    for j, kg in enumerate(keys_g)), reverse=True)
    used_a, used_g = set(), set()
    for score, i, j in pairs:
        if score < threshold:
            break
        if i in used_a or j in used_g:
            continue
        used_a.add(i)
        used_g.add(j)
    out = []
    for i, name in enumerate(addr):
        if i not in used_a:
            out.append(finding("error", "annex.addressee-missing", "addressees",
                               f"“{name}” có trong phần Kính gửi nhưng không có nhóm tương ứng "
                               "trong danh sách kèm theo.",
                               "Thêm nhóm này vào phụ lục danh sách đơn vị, hoặc bỏ khỏi Kính gửi."))
    for j, group in enumerate(d.annex):
        if j not in used_g:
            out.append(finding("error", "annex.group-not-addressed", _where(group),
                               f"Nhóm “{group.number}. {group.title}” trong danh sách kèm theo "
                               "không có trong phần Kính gửi.",
                               "Thêm nhóm vào phần Kính gửi, hoặc kiểm tra lại tên nhóm."))
    return out


# ------------------------------------------------------------------ provinces

def province_names(on: dt.date) -> tuple[list[str], dt.date | None]:
    """Names of the provinces valid on ``on`` (and the list's date)."""
    names, _ = _province_list(on)
    return names, None


def _province_list(on: dt.date) -> tuple[list[str], dict[str, str]]:
    """(names valid on ``on``, {bare old name: the province it was merged into})."""
    from ..readers.roster import provinces as reference

    frame = reference(on)
    merged: dict[str, str] = {}
    for name, old in zip(frame["name"], frame.get("merged_from_names", [""] * len(frame))):
        for part in str(old or "").split(";"):
            if part.strip() and _bare(part) != _bare(name):
                merged[_bare(part)] = str(name)
    return [str(n) for n in frame["name"]], merged


def _bare(name: str) -> str:
    key = match_key(canonical_tones(name))
    return re.sub(r"^(tinh|thanh pho|tp)\s+", "", key)


_PROVINCIAL = re.compile(r"^(?:Sở Y tế|Bảo hiểm xã hội|Ủy ban nhân dân|UBND|Trung tâm Kiểm soát "
                         r"bệnh tật)\s+(?:(?:tỉnh|thành phố|TP\.?)\s+)?(?P<place>.+)$", re.IGNORECASE)
#: "… tỉnh Hà Giang", "Thành phố Huế", "UBND TP. Cần Thơ": a province named at the end of a name
_MARKED = re.compile(r"(?:^|\s)(?P<marker>tỉnh|thành phố|TP\.?)\s+(?P<place>[^\W\d_][^,;()]*?)\s*$",
                     re.IGNORECASE)
#: agencies of a province: their name ends with the province's name, so it must be a province
_AGENCY = re.compile(r"^(?:$|Sở\b|UBND\b|HĐND\b|BHXH\b|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|"
                     r"Bảo hiểm xã hội|Công an|Cục Thuế|Kho bạc|Tỉnh ủy|Thành ủy|Văn phòng|Đoàn đại biểu|"
                     r"Trung tâm Kiểm soát bệnh tật|Ban Quản lý)", re.IGNORECASE)


def _named_places(d):
    """(group, index, seq, name) of every annex entry, then (None, None, "", name) of Kính gửi."""
    for group in d.annex:
        for k, (seq, name) in enumerate(group.entries):
            yield group, k, seq, name
    for name in d.addressees:
        yield None, None, "", name


def provinces(d, *, on: dt.date | None) -> list[Finding]:
    """Province names in the annex (and Kính gửi) must exist on the dispatch's date.

    Checked: provincial agencies ("Sở Y tế Nghệ An", "UBND tỉnh Hà Giang", "Tỉnh Yên Bái") —
    an error when the place is not a province then; other units carrying a province's name
    ("Bệnh viện Đa khoa tỉnh Hà Giang") — a warning when it is a former province's name.
    A "thành phố" not in the list is not checked unless it is a merged province (cities below
    a province: "UBND thành phố Vinh", Huế before 2025).
    """
    when = on or getattr(d, "reference_date", None) or d.date or d.deadline
    if when is None:
        return []
    names, merged = _province_list(when)
    if not names:
        return []
    bare = {_bare(n): n for n in names}
    out = []
    for group, k, seq, name in _named_places(d):
        marked = _MARKED.search(name)
        plain = _PROVINCIAL.match(name)
        if marked:
            place, head = marked.group("place").strip(), name[:marked.start()].strip()
            agency = bool(_AGENCY.match(head))
            if not agency and marked.group("marker").lower() != "tỉnh":
                continue
        elif plain:
            place, head, agency = plain.group("place").strip(), name[:plain.start("place")].strip(), True
        else:
            continue
        if not place[:1].isupper() or "/" in place or "các" in head.lower().split():
            continue              # "Sở Y tế các tỉnh/thành phố …": a class of units, no place
        key = _bare(place)
        if key in bare or key in ("viet nam", "trung uong", "bo y te"):
            continue
        if key not in merged:
            if not agency:
                continue          # units carrying a place's name: only former provinces are checked
            if marked and marked.group("marker").lower() != "tỉnh":
                continue          # a city below the province ("UBND thành phố Vinh", Huế in 2021)
        where = _where(group, k) if group is not None else "addressees"
        said = f"nhóm {group.number}, số {seq}" if group is not None else "Kính gửi"
        if key in merged:
            new = merged[key]
            head = re.sub(r"\s*(?:tỉnh|thành phố|TP\.?)\s*$", "", head, flags=re.IGNORECASE).strip()
            kind = new.split()[0].lower() if new.startswith("Tỉnh") else "thành phố"
            short = re.sub(r"^(Tỉnh|Thành phố)\s+", "", new)
            hint = (f"“{place}” đã sáp nhập vào {new} (sắp xếp đơn vị hành chính năm 2025): "
                    f"ghi “{(head + ' ') if head else ''}{kind} {short}”. ")
        else:
            best = process.extractOne(key, list(bare), scorer=fuzz.ratio)
            hint = (f"Có phải “{bare[best[0]]}”? " if best and best[1] >= 75 else "")
        if agency:
            out.append(finding("error", "annex.province", where,
                               f"“{place}” ({said}) không có trong danh sách tỉnh, thành phố có "
                               f"hiệu lực ngày {when:%d/%m/%Y}.",
                               hint + "Kiểm tra tên tỉnh theo danh mục đơn vị hành chính hiện hành "
                                      "(sau sắp xếp năm 2025 còn 34 tỉnh, thành phố)."))
        else:
            out.append(finding("warning", "annex.province", where,
                               f"“{name}” ({said}) mang tên tỉnh {place}, không còn trong danh sách "
                               f"tỉnh, thành phố có hiệu lực ngày {when:%d/%m/%Y}.",
                               hint + "Kiểm tra tên hiện nay của đơn vị sau sắp xếp đơn vị hành chính."))
    return out


def empty_groups(d) -> list[Finding]:
    out = []
    for group in d.annex:
        if not group.entries and "cac" in fold(group.title).split():
            out.append(finding("info", "annex.group-empty", _where(group),
                               f"Nhóm “{group.number}. {group.title}” không liệt kê đơn vị cụ thể.",
                               "Nếu nhóm gồm nhiều đơn vị, liệt kê từng đơn vị để theo dõi việc "
                               "trả lời."))
    return out


__all__ = ["numbering", "duplicates", "addressees", "provinces", "empty_groups", "group_key",
           "province_names"]
