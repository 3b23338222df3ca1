"""Rules on the dispatch's form fields, its subject and its deadline."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from ..readers.dates import DATE_PATTERN
from ..text import fold, normalize

Finding = dict[str, str]
Locate = Callable[[str], str]

TODO_NOTE = "cần hoàn thiện khi ban hành"


def finding(severity: str, rule: str, location: str, message: str, suggestion: str) -> Finding:
    return {"severity": severity, "rule": rule, "location": location, "message": message,
            "suggestion": suggestion}


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def placeholders(d, locate: Locate) -> list[Finding]:
    """Blank number, blank day/month — 'to complete when issued', not errors."""
    out = []
    if not d.number:
        if d.number_symbol:
            out.append(finding("todo", "form.number-blank", locate("Số:"),
                               f"Số công văn để trống (“Số: …/{d.number_symbol}”) — {TODO_NOTE}.",
                               "Văn thư ghi số khi đăng ký phát hành văn bản."))
        else:
            out.append(finding("warning", "form.symbol-missing", locate("Số:"),
                               "Không tìm thấy số, ký hiệu công văn.",
                               "Ghi “Số: …/<chữ viết tắt cơ quan>-<đơn vị soạn thảo>” dưới tên "
                               "cơ quan ban hành (Phụ lục I, mục II.3)."))
    if d.date is None:
        if d.year:
            out.append(finding("todo", "form.date-blank", locate("ngày"),
                               f"Ngày, tháng ban hành để trống (năm {d.year}) — {TODO_NOTE}.",
                               "Ghi ngày, tháng khi ký ban hành; ngày nhỏ hơn 10 và tháng 1, 2 "
                               "ghi thêm số 0 phía trước."))
        else:
            out.append(finding("warning", "form.date-missing", locate("ngày"),
                               "Không tìm thấy địa danh và ngày, tháng, năm ban hành.",
                               "Ghi “<Địa danh>, ngày … tháng … năm …” dưới Quốc hiệu, Tiêu ngữ."))
    note = getattr(d, "annex_note", None) or ""
    if note and re.search(r"số\s*/|ngày\s+tháng|ngày\s*…|tháng\s*…", note, re.IGNORECASE):
        out.append(finding("todo", "annex.note-blank", locate("Kèm theo"),
                           f"Dòng chỉ dẫn của phụ lục còn để trống số, ngày — {TODO_NOTE}: {note}",
                           "Điền số, ngày của công văn vào dòng “Kèm theo Công văn số …”."))
    elif note:
        out += _note_agrees(d, note, locate)
    if d.subject and not d.subject.startswith("V/v"):
        out.append(finding("warning", "subject.prefix", locate(d.subject[:30]),
                           "Trích yếu công văn không bắt đầu bằng “V/v”.",
                           "Trình bày trích yếu công văn sau chữ “V/v” (Phụ lục I, mục II.5.b)."))
    if not d.subject:
        out.append(finding("error", "subject.missing", "phần đầu",
                           "Công văn không có trích yếu nội dung (V/v …).",
                           "Thêm trích yếu “V/v …” dưới số, ký hiệu."))
    return out


def closing(d, locate: Locate) -> list[Finding]:
    """Nơi nhận ends with "Lưu: VT, …" and starts with "Như trên"; the signer is named."""
    out = []
    cc = [fold(c) for c in d.cc]
    if not cc:
        out.append(finding("warning", "recipients.missing", "body",
                           "Không tìm thấy phần “Nơi nhận”.",
                           "Thêm “Nơi nhận:” với “- Như trên;” … “- Lưu: VT, <đơn vị soạn thảo>.” "
                           "(Phụ lục I, mục II.9)."))
        return out
    if not cc[-1].startswith("luu"):
        out.append(finding("warning", "recipients.storage", locate("Nơi nhận"),
                           "Dòng cuối của “Nơi nhận” không phải “Lưu: VT, …”.",
                           "Kết thúc nơi nhận bằng “- Lưu: VT, <chữ viết tắt đơn vị soạn thảo>.”"))
    if d.addressees and cc[0] != "nhu tren":
        out.append(finding("info", "recipients.as-above", locate("Nơi nhận"),
                           "Công văn có “Kính gửi” nhưng “Nơi nhận” không bắt đầu bằng “Như trên”.",
                           "Ghi “- Như trên;” ở dòng đầu của nơi nhận (Phụ lục I, mục II.9.b)."))
    if not d.signer_title or not d.signer_name:
        out.append(finding("warning", "signature.missing", locate("Nơi nhận"),
                           "Thiếu " + ("chức vụ" if not d.signer_title else "họ tên") + " của người ký.",
                           "Ghi quyền hạn, chức vụ (chữ in hoa) và họ tên người ký (Phụ lục I, mục II.7)."))
    return out


_TITLE_WORDS = re.compile(r"TRƯỞNG|GIÁM ĐỐC|CHỦ TỊCH|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|CHỦ NHIỆM|TỔNG THƯ KÝ")
_AUTHORITY = re.compile(r"\b(KT|TL|TM|TUQ)\.\s*")


def authority(d, locate: Locate) -> list[Finding]:
    """"KT./TL./TUQ. <head>" is followed by the signer's own title; "TM. <body>" by a title."""
    title = d.signer_title or ""
    marks = list(_AUTHORITY.finditer(title))
    if not marks:
        return []
    last = marks[-1]
    after = title[last.end():]
    need = 1 if last.group(1) == "TM" else 2
    if len(_TITLE_WORDS.findall(after)) >= need:
        return []
    return [finding("warning", "signature.authority", locate(last.group(0).strip()),
                    f"“{title}”: sau “{last.group(1)}.” thiếu chức vụ của người ký.",
                    f"Ghi quyền hạn “{last.group(1)}. …” rồi chức vụ của người ký ở dòng dưới "
                    "(ví dụ “KT. BỘ TRƯỞNG” / “THỨ TRƯỞNG”; Phụ lục I, mục II.7).")]


def date_line_format(lines) -> list[Finding]:
    """The place-and-date line: day below 10 and months 1, 2 with a leading zero (ND 30)."""
    from ..readers.dates import date_line

    for line in lines or []:
        parsed = date_line(line.text) if "ngày" in line.text else None
        if parsed is None:
            continue
        m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm", line.text)
        if not m:
            if re.search(r"ngày\s+\d{1,2}\s*[/.-]", line.text) and parsed[1] is not None:
                day = parsed[1]
                return [finding("warning", "format.date", line.location,
                                f"“{line.text}”: ngày ban hành viết tắt dạng số, không theo mẫu “ngày … tháng … năm …”.",
                                f"Viết đầy đủ “{parsed[0]}, ngày {day.day:02d} tháng "
                                f"{day.month if day.month >= 3 else f'{day.month:02d}'} năm {day.year}” "
                                "(Phụ lục I, mục II.4.b).")]
            return []
        day, month = m.group(1), m.group(2)
        if (int(day) < 10 and len(day) == 1) or (int(month) < 3 and len(month) == 1):
            return [finding("warning", "format.date", line.location,
                            f"“{line.text}”: ngày nhỏ hơn 10 và tháng 1, 2 phải ghi số 0 phía trước.",
                            "Viết ngày, tháng theo Phụ lục I, mục II.4.b (ví dụ: ngày 05 tháng 01).")]
        if int(month) >= 3 and month.startswith("0"):
            return [finding("info", "format.date", line.location,
                            f"“{line.text}”: tháng {int(month)} không cần số 0 phía trước.",
                            f"Viết “tháng {int(month)}” (Phụ lục I, mục II.4.b).")]
        return []
    return []


def _note_agrees(d, note: str, locate: Locate) -> list[Finding]:
    """The annex's "(Kèm theo Công văn số X ngày …)" must cite the dispatch's own number and date."""
    from ..readers.dates import parse_date

    out = []
    m = re.search(r"số\s+(\S+?/[\w.-]+)", note, re.IGNORECASE)
    if m and d.number and m.group(1).strip(" ,;") != d.number:
        out.append(finding("error", "annex.note-mismatch", locate("Kèm theo"),
                           f"Phụ lục ghi kèm theo Công văn số {m.group(1)}, nhưng công văn có số {d.number}.",
                           "Sửa số công văn trong dòng “Kèm theo …” của phụ lục."))
    when = parse_date(note)
    if when and d.date and when != d.date:
        out.append(finding("error", "annex.note-mismatch", locate("Kèm theo"),
                           f"Phụ lục ghi ngày {when:%d/%m/%Y}, nhưng công văn đề ngày {d.date:%d/%m/%Y}.",
                           "Sửa ngày trong dòng “Kèm theo …” của phụ lục."))
    return out


_KINDS = r"(Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Luật|Nghị quyết|Chỉ thị|Pháp lệnh)"
_QUOTED = re.compile(r"dự thảo\s+" + _KINDS + r"\s*[“\"«]([^”\"»]{4,300})[”\"»]", re.IGNORECASE)
#: an unquoted title: "dự thảo Thông tư quy định về …" up to the end of the phrase
_UNQUOTED = re.compile(r"dự thảo\s+" + _KINDS + r"\s+(?P<title>(?:quy định|hướng dẫn|sửa đổi|ban hành|"
                       r"về|bãi bỏ|thay thế)\b[^.;:(“\"«]{10,250}?)(?=\s+(?:để|nhằm|xin|và gửi|kèm theo)\b|[.;:(“\"«]|$)",
                       re.IGNORECASE)
_SUBJECT_DRAFT = re.compile(r"dự thảo\s+" + _KINDS + r"\s*(.*)$", re.IGNORECASE)
_STOP = {"quy", "dinh", "ve", "cua", "va", "cac", "tai", "trong", "cho", "voi", "thong", "tu",
         "du", "thao", "ban", "hanh", "viec", "nhung", "mot", "so", "doi", "voi", "huong", "dan"}


def _words(text: str) -> list[str]:
    return fold(text).split()


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def title_overlap(quoted: str, subject: str) -> float:
    """Share of the quoted title's content (word pairs and content words) found in the subject."""
    q, s = _words(quoted), _words(subject)
    qb, sb = _bigrams(q), _bigrams(s)
    pair_share = len(qb & sb) / len(qb) if qb else 0.0
    content = [w for w in q if w not in _STOP]
    word_share = (sum(w in set(s) for w in content) / len(content)) if content else pair_share
    return min(1.0, max(pair_share, (pair_share + word_share) / 2))


#: words of a subject line that name no draft ("V/v xin ý kiến góp ý dự thảo văn bản")
_GENERIC = {"v", "xin", "y", "kien", "gop", "van", "ban", "vb", "qppl", "quy", "pham", "phap", "luat"}


def subject_agreement(d, locate: Locate, *, threshold: float = 0.5) -> list[Finding]:
    """The draft named (in quotes) in the body must be the draft of the subject line."""
    out = []
    subject = normalize(d.subject)
    sub = _SUBJECT_DRAFT.search(subject)
    subject_kind = fold(sub.group(1)) if sub else ""
    subject_title = sub.group(2) if sub else subject
    seen = set()
    for paragraph in d.body:
        named = [(m.group(1), m.group(2)) for m in _QUOTED.finditer(paragraph)]
        named += [(m.group(1), m.group("title")) for m in _UNQUOTED.finditer(paragraph)
                  if len(m.group("title").split()) >= 4]
        for kind, quoted in named:
            quoted = normalize(quoted)
            if quoted in seen:
                continue
            seen.add(quoted)
            where = locate(quoted[:40])
            if subject_kind and fold(kind) != subject_kind:
                out.append(finding("error", "subject.kind-mismatch", where,
                                   f"Nội dung nêu dự thảo {kind} nhưng trích yếu nêu dự thảo "
                                   f"{sub.group(1)}.",
                                   "Thống nhất loại văn bản của dự thảo giữa trích yếu và nội dung."))
            content = [w for w in _words(subject_title) if w not in _STOP and w not in _GENERIC]
            if len(content) < 2:
                # "V/v góp ý dự thảo Thông tư": the subject names no draft, nothing to disagree with
                if not any(f["rule"] == "subject.draft-unnamed" for f in out):
                    out.append(finding(
                        "info", "subject.draft-unnamed", locate(subject[:30]),
                        f"Trích yếu (“{subject}”) không nêu tên dự thảo; nội dung nêu dự thảo "
                        f"{kind} “{quoted}”.",
                        f"Ghi tên dự thảo vào trích yếu, ví dụ: “V/v góp ý dự thảo {kind} {quoted}”."))
                continue
            score = title_overlap(quoted, subject_title)
            if score < threshold:
                out.append(finding(
                    "error", "subject.title-mismatch", where,
                    f"Tên dự thảo trong nội dung (“{quoted}”) không khớp trích yếu "
                    f"(“{subject}”).",
                    f"Sửa tên dự thảo trong nội dung cho đúng trích yếu, ví dụ: dự thảo "
                    f"{sub.group(1) if sub else kind} “{(subject_title or quoted)[:1].upper()}"
                    f"{(subject_title or quoted)[1:]}”."))
    return out


def _relative_rules(d, relative: tuple[int, bool, str], locate: Locate, *,
                    min_days: int) -> list[Finding]:
    """A deadline counted from receipt ("trong thời hạn 10 ngày kể từ ngày nhận được công văn").

    Allowed, so a warning, not an error: but no one can tell from the dispatch when a unit
    is late (receipt dates differ), so the tracker has no deadline; suggest the date.
    """
    days, working, text = relative
    where = locate(text[:25])
    unit = "ngày làm việc" if working else "ngày"
    if d.date is not None and not working:
        example = f"“trước ngày {_fmt(d.date + dt.timedelta(days=days))}”"
    else:
        example = "“trước ngày dd/mm/yyyy”"
    out = [finding("warning", "deadline.relative", where,
                   f"Hạn góp ý tính từ ngày nhận công văn (“{text}”), không có ngày cụ thể: "
                   "không xác định được đơn vị nào trả lời muộn.",
                   f"Ghi hạn góp ý bằng ngày cụ thể, ví dụ {example}.")]
    if days < min_days:
        out.append(finding("warning", "deadline.period", where,
                           f"Thời gian góp ý {days} {unit}, ít hơn {min_days} ngày tối thiểu.",
                           f"Dành ít nhất {min_days} ngày cho việc góp ý."))
    return out


_DEADLINE_PHRASE = re.compile(r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn[^.;]{0,20}?)\s*:?\s*"
                              + DATE_PATTERN, re.IGNORECASE)
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def deadline_rules(d, locate: Locate, *, min_days: int, today: dt.date | None,
                   issue_date: dt.date | None) -> list[Finding]:
    """The deadline is a real date, after the dispatch date, leaving at least ``min_days``."""
    out = []
    body = "\n".join(d.body)
    phrase = _DEADLINE_PHRASE.search(body)
    deadline = d.deadline
    if deadline is None:
        from ..readers.dates import deadline_phrase, relative_deadline

        written = deadline_phrase(body) or (phrase.group(0).strip() if phrase else None)
        relative = relative_deadline(body)
        if relative is not None and not written:
            return _relative_rules(d, relative, locate, min_days=min_days)
        if written and not re.search(r"\d{4}", written):
            year = d.year or (d.date.year if d.date else None)
            out.append(finding("warning", "deadline.no-year", locate(written[:25]),
                               f"Hạn góp ý “{written}” không ghi năm; không xác định được ngày hết hạn.",
                               f"Ghi đủ ngày, tháng, năm, ví dụ “{written}"
                               f"{'/' if re.search(r'[/.-]', written[-3:]) else ' năm '}{year}”." if year else
                               "Ghi đủ ngày, tháng, năm của hạn góp ý."))
        elif written:
            out.append(finding("error", "deadline.invalid", locate(written[:25]),
                               f"Hạn góp ý “{written}” không phải ngày có thật.",
                               "Sửa ngày, tháng của hạn góp ý (ví dụ tháng 2 chỉ có 28 hoặc 29 ngày)."))
        else:
            out.append(finding("error", "deadline.missing", "nội dung công văn",
                               "Công văn không nêu hạn gửi góp ý (“trước ngày …”).",
                               "Ghi rõ thời hạn gửi văn bản góp ý, ví dụ “trước ngày dd/mm/yyyy”."))
        return out
    where = locate(phrase.group(0)[:25]) if phrase else "nội dung công văn"
    if d.date is not None:
        start, basis = d.date, f"ngày ban hành {_fmt(d.date)}"
    elif issue_date is not None:
        start, basis = issue_date, f"ngày dự kiến ban hành {_fmt(issue_date)} (ngày công văn để trống)"
    else:
        start = today or dt.date.today()
        basis = f"hôm nay {_fmt(start)} (ngày công văn để trống)"
    if d.date is not None and deadline <= d.date:
        out.append(finding("error", "deadline.before-date", where,
                           f"Hạn góp ý {_fmt(deadline)} không sau ngày công văn {_fmt(d.date)}.",
                           "Đặt hạn góp ý sau ngày ban hành công văn."))
    elif deadline < start:
        out.append(finding("error", "deadline.passed", where,
                           f"Hạn góp ý {_fmt(deadline)} đã qua, tính từ {basis}.",
                           "Đặt hạn góp ý mới trước khi ban hành công văn."))
    else:
        days = (deadline - start).days
        if days < min_days:
            out.append(finding("warning", "deadline.period", where,
                               f"Thời gian góp ý chỉ còn {days} ngày (tính từ {basis}), ít hơn "
                               f"{min_days} ngày tối thiểu.",
                               f"Lùi hạn góp ý đến ít nhất {_fmt(start + dt.timedelta(days=min_days))}."))
    if deadline.weekday() >= 5:
        day_name = "Thứ Bảy" if deadline.weekday() == 5 else "Chủ nhật"
        out.append(finding("info", "deadline.weekend", where,
                           f"Hạn góp ý {_fmt(deadline)} rơi vào {day_name}.",
                           "Cân nhắc đặt hạn góp ý vào ngày làm việc."))
    for m in _LONG_DATE.finditer(body):
        day, month = m.group(1), m.group(2)
        if (int(day) < 10 and len(day) == 1) or (int(month) < 3 and len(month) == 1):
            out.append(finding("warning", "format.date", locate(m.group(0)),
                               f"“{m.group(0)}”: ngày nhỏ hơn 10 và tháng 1, 2 phải ghi số 0 phía trước.",
                               "Viết ngày, tháng theo Phụ lục I, mục II.4.b (ví dụ: ngày 05 tháng 01)."))
        elif int(month) >= 3 and month.startswith("0"):
            out.append(finding("info", "format.date", locate(m.group(0)),
                               f"“{m.group(0)}”: tháng {int(month)} không cần số 0 phía trước.",
                               f"Viết “tháng {int(month)}” (ví dụ trong Phụ lục I: "
                               "“ngày 29 tháng 6 năm 2019”)."))
    return out


__all__ = ["closing", "placeholders", "subject_agreement", "deadline_rules", "title_overlap", "finding",
           "authority", "date_line_format"]
