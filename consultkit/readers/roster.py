"""The roster: one row per recipient unit of a consultation (``schema.ROSTER``).

Built from the dispatch's annex, as written:

* a group with a list gives one row per entry (``seq`` and ``name`` as written);
* a group named without a list whose title is one organisation ("Bảo hiểm xã
  hội Việt Nam") gives one row for it;
* a collective group of provincial health departments ("Sở Y tế các
  tỉnh/thành phố …") is expanded from the reference list of provinces valid
  on the dispatch's date (:func:`provinces`): 63 in 2021, 34 after 2025-07-01;
* any other collective group ("Y tế các Bộ, Ngành") stays one row with
  ``placeholder=True``;
* a dispatch without an annex: each "Kính gửi" entry is read as such a group
  (group number "", source "addressees").

``kind`` comes from the group title. ``unit_id`` is a slug of the name
("benh-vien-bach-mai", "so-y-te-nghe-an"), never of a position; a name used
twice gets the kind, then a counter, appended. Nothing is renumbered or
corrected: :func:`roster_anomalies` reports what looks wrong (a group number
used twice, gaps in STT, duplicate names, groups without a list).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import schema
from ..errors import SchemaError
from ..resources import data, province_lists
from ..text import fold, normalize, slugify
from .dispatch import AnnexGroup, Dispatch, load_dispatch
from .files import Source, source_name
from .plain import where_vi

__all__ = ["load_roster", "roster_anomalies", "provinces", "group_kind"]


def provinces(on: dt.date) -> pd.DataFrame:
    """The provinces valid on ``on``: the newest reference list dated on or before it.

    Dates before the oldest list get the oldest one (the 63 provinces of the 2021
    list date from 2008). Columns: ``code``, ``name`` ("Tỉnh Nghệ An"),
    ``short_name`` ("Nghệ An"), ``merged_from_codes`` ('' when unchanged),
    ``merged_from_names`` ("Tỉnh Hà Giang; Tỉnh Tuyên Quang"), ``file``, ``line``.
    """
    files = province_lists()
    chosen = files[0][1]
    for valid_from, path in files:
        if valid_from <= on:
            chosen = path
    return _province_frame(chosen.name).copy()


@lru_cache(maxsize=8)
def _province_frame(name: str) -> pd.DataFrame:
    """The parsed reference list ``name`` of the package data (read once)."""
    chosen = data("reference", name)
    with chosen.open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, sep="\t", dtype=str, keep_default_na=False)
    rows = []
    for index, row in frame.iterrows():
        name = normalize(row["name"])
        rows.append({
            "code": row["code"].strip(),
            "name": name,
            "short_name": re.sub(r"^(Tỉnh|Thành phố)\s+", "", name),
            "merged_from_codes": row.get("merged_from_codes", "") or "",
            "merged_from_names": normalize(row.get("merged_from_names", "") or ""),
            "file": chosen.name,
            "line": int(index) + 2,
        })
    return pd.DataFrame(rows)


def group_kind(title: str) -> str:
    """The roster ``kind`` of an annex group, from its title.

    >>> group_kind("Các Bệnh viện, Viện có giường trực thuộc Bộ Y tế")
    'ministry_hospital'
    >>> group_kind("Sở Y tế các tỉnh/thành phố trực thuộc Trung ương")
    'provincial_health_department'
    >>> group_kind("Y tế các Bộ, Ngành")
    'ministry_health_agency'
    """
    key = fold(title)
    if "bao hiem xa hoi" in key:
        return "social_security"
    if key.startswith("so y te") or " so y te " in f" {key} ":
        return "provincial_health_department"
    if "y te cac bo" in key or "y te bo nganh" in key or "bo nganh" in key:
        return "ministry_health_agency"
    if "benh vien" in key or re.search(r"(^| )vien( |$)", key):
        return "ministry_hospital"
    if "thuoc bo y te" in key or key.startswith(("vu ", "cuc ", "cac vu", "cac cuc")):
        return "ministry_department"
    return "other"


def _collective(title: str) -> bool:
    """Does the title name a class of units ("Các …", "… các tỉnh") rather than one?"""
    return "cac" in fold(title).split()


def _unique_ids(rows: list[dict]) -> None:
    counts = Counter(slugify(r["name"]) for r in rows)
    used: set[str] = set()
    for row in rows:
        slug = slugify(row["name"])
        if row.get("_id"):
            slug = row.pop("_id")
        else:
            row.pop("_id", None)
        if counts[slug] > 1 or slug in used:
            slug = f"{slug}-{slugify(row['kind'])}"
        base, n = slug, 2
        while slug in used:
            slug = f"{base}-{n}"
            n += 1
        used.add(slug)
        row["unit_id"] = slug


def _addressee_groups(dispatch: Dispatch) -> tuple[AnnexGroup, ...]:
    """Without an annex, each Kính gửi entry is a group of its own (number "")."""
    return tuple(AnnexGroup(number="", title=name, location="addressees")
                 for name in dispatch.addressees if fold(name) not in ("", "nhu tren"))


def _rows_from_dispatch(dispatch: Dispatch, on: dt.date) -> list[dict]:
    rows: list[dict] = []
    for group in dispatch.annex or _addressee_groups(dispatch):
        kind = group_kind(group.title)
        base = {"group": group.number, "group_title": group.title, "kind": kind,
                "province_code": "", "placeholder": False}
        if group.entries:
            locations = group.entry_locations or ("",) * len(group.entries)
            for (seq, name), where in zip(group.entries, locations):
                rows.append({**base, "seq": int(seq) if seq.isdigit() else None, "name": name,
                             "source": f"annex {where}".strip()})
        elif kind == "provincial_health_department" and _collective(group.title):
            for _, p in provinces(on).iterrows():
                rows.append({**base, "seq": None, "name": f"Sở Y tế {p['short_name']}",
                             "province_code": p["code"], "_id": f"so-y-te-{slugify(p['short_name'])}",
                             "source": f"reference {p['file']} line {p['line']}"})
        else:
            rows.append({**base, "seq": None, "name": group.title,
                         "placeholder": _collective(group.title),
                         "source": "addressees" if group.location == "addressees"
                         else f"annex {group.location}".strip()})
    _unique_ids(rows)
    return rows


_TABLE_COLUMNS = {
    "unit_id": "unit_id", "group": "group", "nhom": "group", "group_title": "group_title",
    "ten nhom": "group_title", "seq": "seq", "stt": "seq", "name": "name", "ten don vi": "name",
    "don vi": "name", "kind": "kind", "loai": "kind", "province_code": "province_code",
    "ma tinh": "province_code", "placeholder": "placeholder",
}


def _rows_from_table(path: Path) -> tuple[list[dict], list[dict]]:
    """Rows of a roster kept as .csv/.tsv/.xlsx (a 'Tên đơn vị' or 'name' column is required)."""
    name = str(path)
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",",
                                dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SchemaError(f"không đọc được bảng danh sách đơn vị ({exc})", path=name,
                          hint="Lưu dưới dạng .csv UTF-8 hoặc .xlsx có cột 'Tên đơn vị'") from exc
    columns = {c: _TABLE_COLUMNS[fold(c)] for c in frame.columns if fold(c) in _TABLE_COLUMNS}
    if "name" not in columns.values():
        raise SchemaError("bảng danh sách đơn vị không có cột 'Tên đơn vị' (hoặc 'name')", path=name,
                          hint=f"Các cột tìm thấy: {list(frame.columns)}")
    frame = frame.rename(columns=columns)
    rows, rejects = [], []
    for index, raw in frame.iterrows():
        unit = normalize(raw.get("name", ""))
        where = f"row {int(index) + 2}"
        if not unit:
            rejects.append({"source": f"{path.name} {where}", "reason": "tên đơn vị trống"})
            continue
        seq = normalize(raw.get("seq", ""))
        title = normalize(raw.get("group_title", ""))
        kind = normalize(raw.get("kind", "")) or group_kind(title or unit)
        rows.append({"group": normalize(raw.get("group", "")), "group_title": title,
                     "seq": int(seq) if seq.isdigit() else None, "name": unit,
                     "kind": kind if kind in schema.UNIT_KIND_LABELS else "other",
                     "province_code": normalize(raw.get("province_code", "")),
                     "placeholder": fold(raw.get("placeholder", "")) in {"true", "1", "x", "co"},
                     "source": f"{path.name} {where}",
                     "_id": normalize(raw.get("unit_id", "")) or None})
    _unique_ids(rows)
    return rows, rejects


def load_roster(dispatch_or_path: Dispatch | Source, *, on: dt.date | None = None) -> pd.DataFrame:
    """The roster of a dispatch (a :class:`Dispatch`, or a dispatch file), or of a
    roster table (.csv/.tsv/.xlsx).

    ``on`` is the date the province list must be valid on; by default the
    dispatch's date, else its deadline, else 1 January of its year, else today.
    Returns a ``schema.ROSTER`` frame; ``frame.attrs["reference_date"]`` is the
    date used and ``frame.attrs["rejects"]`` the table rows that were left out.
    """
    rejects: list[dict] = []
    if isinstance(dispatch_or_path, Dispatch):
        dispatch = dispatch_or_path
    else:
        suffix = Path(source_name(dispatch_or_path)).suffix.lower()
        if isinstance(dispatch_or_path, (str, Path)) and suffix in {".csv", ".tsv", ".xlsx", ".xlsm"}:
            rows, rejects = _rows_from_table(Path(dispatch_or_path))
            frame = schema.conform(rows, schema.ROSTER) if rows else schema.empty(schema.ROSTER)
            frame.attrs.update(reference_date=on, rejects=rejects)
            return frame
        dispatch = load_dispatch(dispatch_or_path)
    day = on or dispatch.reference_date or dt.date.today()
    rows = _rows_from_dispatch(dispatch, day)
    frame = schema.conform(rows, schema.ROSTER) if rows else schema.empty(schema.ROSTER)
    frame.attrs.update(reference_date=day, rejects=rejects)
    return frame


def _anomaly(severity: str, rule: str, location: str, message: str, suggestion: str = "") -> dict:
    return {"severity": severity, "rule": rule, "location": location, "message": message,
            "suggestion": suggestion}


def roster_anomalies(dispatch: Dispatch | Source, *, on: dt.date | None = None) -> pd.DataFrame:
    """What looks wrong or was inferred in the annex, as a ``schema.LINT`` frame.

    Rules: ``annex.duplicate-group-number``, ``annex.group-sequence``,
    ``annex.seq-gap``, ``annex.seq-duplicate``, ``annex.duplicate-name``,
    ``annex.group-single-unit``, ``annex.group-expanded``, ``annex.group-placeholder``,
    ``annex.reading`` (lines the reader skipped or could not place), ``annex.none`` (no annex:
    the roster is the Kính gửi list).
    """
    if not isinstance(dispatch, Dispatch):
        dispatch = load_dispatch(dispatch)
    day = on or dispatch.reference_date or dt.date.today()
    found: list[dict] = []
    by_number: dict[str, list] = {}
    for group in dispatch.annex:
        by_number.setdefault(group.number, []).append(group)
    for number, groups in by_number.items():
        if len(groups) > 1:
            titles = "; ".join(f"“{g.title}” ({where_vi(g.location)})" for g in groups)
            found.append(_anomaly(
                "warning", "annex.duplicate-group-number", f"phụ lục, nhóm {number}",
                f"Số nhóm “{number}” được dùng cho {len(groups)} nhóm: {titles}. "
                "Danh sách giữ nguyên số nhóm như văn bản; mã đơn vị (unit_id) vẫn khác nhau.",
                "Đánh lại số thứ tự nhóm trong công văn (ví dụ nhóm sau là “V”)."))
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for index, group in enumerate(dispatch.annex):
        expected = roman[index] if index < len(roman) else None
        if expected and group.number != expected and group.number:
            found.append(_anomaly(
                "warning", "annex.group-sequence", f"phụ lục, {where_vi(group.location)}",
                f"Nhóm thứ {index + 1} mang số “{group.number}”, theo thứ tự phải là “{expected}”.",
                f"Sửa số nhóm thành “{expected}”."))
        seqs = [seq for seq, _ in group.entries]
        numbers = [int(s) for s in seqs if s.isdigit()]
        for value, count in Counter(numbers).items():
            if count > 1:
                found.append(_anomaly("warning", "annex.seq-duplicate", f"phụ lục, nhóm {group.number}",
                                      f"STT {value} xuất hiện {count} lần trong nhóm “{group.title}”.",
                                      "Kiểm tra lại số thứ tự."))
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            gaps = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            found.append(_anomaly("warning", "annex.seq-gap", f"phụ lục, nhóm {group.number}",
                                  f"STT của nhóm “{group.title}” không liên tục từ 1"
                                  + (f" (thiếu {', '.join(map(str, gaps))})" if gaps else "") + ".",
                                  "Kiểm tra lại số thứ tự; danh sách giữ nguyên như văn bản."))
        if not group.entries:
            kind = group_kind(group.title)
            where = f"phụ lục, {where_vi(group.location)}"
            if not _collective(group.title):
                found.append(_anomaly("info", "annex.group-single-unit", where,
                                      f"Nhóm {group.number} “{group.title}” không kèm danh sách; "
                                      "được tính là một đơn vị."))
            elif kind == "provincial_health_department":
                p = provinces(day)
                found.append(_anomaly("info", "annex.group-expanded", where,
                                      f"Nhóm {group.number} “{group.title}” không kèm danh sách; đã mở "
                                      f"rộng thành {len(p)} Sở Y tế theo danh mục tỉnh/thành phố "
                                      f"{p['file'].iloc[0]} (áp dụng ngày {day:%d/%m/%Y})."))
            else:
                found.append(_anomaly("warning", "annex.group-placeholder", where,
                                      f"Nhóm {group.number} “{group.title}” không kèm danh sách và "
                                      "không có danh mục để mở rộng; giữ một dòng đại diện.",
                                      "Bổ sung danh sách đơn vị nếu cần theo dõi từng đơn vị."))
    names = Counter(fold(name) for g in dispatch.annex for _, name in g.entries)
    for g in dispatch.annex:
        for (seq, name), where in zip(g.entries, g.entry_locations or ("",) * len(g.entries)):
            if names[fold(name)] > 1:
                found.append(_anomaly("warning", "annex.duplicate-name", f"phụ lục, {where_vi(where)}",
                                      f"Đơn vị “{name}” có tên trùng với một đơn vị khác trong danh sách.",
                                      "Kiểm tra có phải một đơn vị được liệt kê hai lần."))
    if not dispatch.annex and dispatch.addressees:
        found.append(_anomaly("info", "annex.none", "Kính gửi",
                              f"Công văn không có phụ lục danh sách đơn vị; danh sách gửi gồm "
                              f"{len(_addressee_groups(dispatch))} dòng lấy từ phần Kính gửi.",
                              "Nếu gửi nhiều đơn vị, lập phụ lục danh sách để theo dõi việc trả lời."))
    for issue in dispatch.annex_issues:
        location, _, message = issue.partition(": ")
        found.append(_anomaly("info", "annex.reading", f"phụ lục, {location}",
                              message[:1].upper() + message[1:]))
    return schema.conform(found, schema.LINT) if found else schema.empty(schema.LINT)
